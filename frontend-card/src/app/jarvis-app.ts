// The add-on's own page (ingress root): the same views as the card over the add-on's WebSocket, plus the
// status of every integration and the day's LLM spend. All URLs are relative, so it works under ingress's
// path prefix. Outside ingress it asks for the add-on password once and keeps the token for the session.
import { LitElement, css, html, nothing } from "lit";
import "../views/status/status-view.js";
import { themeStyles } from "../shared/styles.js";
import { renderTabs, tabStyles } from "../shared/tabs.js";
import { renderPanels } from "../shared/view-panels.js";
import type { Transport } from "../transport/transport.js";
import { WsTransport, wsUrlFor, type ConnectionState } from "../transport/ws-transport.js";

const TABS = ["cluster", "chat", "voice", "terminal", "events", "status"] as const;
type Tab = (typeof TABS)[number];
const LABELS: Record<Tab, string> = { cluster: "Cluster", chat: "Chat", voice: "Voice", terminal: "Terminal", events: "Events", status: "Status" };
const TOKEN_KEY = "jarvis-token";

export class JarvisApp extends LitElement {
  static override properties = { transport: { state: true }, connection: { state: true }, active: { state: true }, loginError: { state: true } };
  static override styles = [
    themeStyles,
    tabStyles,
    css`
      :host {
        display: block;
        max-width: 1100px;
        margin: 0 auto;
        padding: 16px;
      }
      header {
        display: flex;
        align-items: baseline;
        gap: 12px;
      }
      h1 {
        font-size: 1.4em;
        font-weight: 500;
      }
      form {
        display: flex;
        gap: 8px;
        align-items: center;
      }
    `,
  ];

  transport?: Transport;
  connection: ConnectionState = "connecting";
  active: Tab = "cluster";
  loginError?: string;
  private ws?: WsTransport;
  private readonly visited = new Set<string>();

  override connectedCallback(): void {
    super.connectedCallback();
    this.toggleAttribute("dark", matchMedia("(prefers-color-scheme: dark)").matches);
    const fromHash = location.hash.slice(1) as Tab;
    if (TABS.includes(fromHash)) this.active = fromHash;
    this.connect(sessionStorage.getItem(TOKEN_KEY) ?? undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ws?.close();
  }

  private connect(token?: string): void {
    this.ws?.close();
    this.ws = new WsTransport(wsUrlFor(location.href), { token, onState: (s) => (this.connection = s) });
    this.transport = this.ws;
  }

  private async login(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const password = new FormData(e.target as HTMLFormElement).get("password");
    const res = await fetch(new URL("api/auth/login", location.href), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password }),
    });
    const body = (await res.json()) as { token?: string; error?: { message: string } };
    if (!body.token) {
      this.loginError = body.error?.message ?? "login failed";
      return;
    }
    this.loginError = undefined;
    sessionStorage.setItem(TOKEN_KEY, body.token);
    this.connect(body.token);
  }

  private select(tab: Tab): void {
    this.active = tab;
    history.replaceState(null, "", `#${tab}`);
  }

  protected override render() {
    const header = html`<header><h1>Jarvis</h1><span class="muted" role="status">${this.connection}</span></header>`;
    if (this.connection === "unauthorized") {
      sessionStorage.removeItem(TOKEN_KEY);
      return html`${header}
        <form @submit=${this.login}>
          <label>Add-on password <input name="password" type="password" autocomplete="current-password" required /></label>
          <button class="primary" type="submit">Log in</button>
          ${this.loginError ? html`<span class="error" role="alert">${this.loginError}</span>` : nothing}
        </form>`;
    }
    this.visited.add(this.active);
    const ctx = { transport: this.transport, historyMinutes: 30, language: navigator.language.slice(0, 2) };
    return html`${header}
      ${renderTabs(TABS, LABELS, this.active, (t) => this.select(t), "app")}
      ${renderPanels(TABS, this.active, this.visited, ctx, "app", {
        status: () => html`<jarvis-status-view .transport=${this.transport}></jarvis-status-view>`,
      })}`;
  }
}

customElements.get("jarvis-app") ?? customElements.define("jarvis-app", JarvisApp);
