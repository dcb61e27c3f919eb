// The add-on's own page (ingress root): the same views as the card over the add-on's WebSocket, plus the
// status of every integration and the day's LLM spend. All URLs are relative, so it works under ingress's
// path prefix. Outside ingress it asks for the add-on password once and keeps the token for the session:
// before any socket it asks /api/me who it is to the server, so a page without a valid token shows the form
// at once instead of opening a socket the server would only refuse.
import { LitElement, css, html, nothing } from "lit";
import "../views/status/status-view.js";
import { hostTheme, themeStyles } from "../shared/styles.js";
import { renderTabs, tabStyles } from "../shared/tabs.js";
import { renderPanels } from "../shared/view-panels.js";
import type { Transport } from "../transport/transport.js";
import { WsTransport, wsUrlFor, type ConnectionState } from "../transport/ws-transport.js";

const TABS = ["cluster", "chat", "voice", "terminal", "events", "status"] as const;
type Tab = (typeof TABS)[number];
const LABELS: Record<Tab, string> = { cluster: "Cluster", chat: "Chat", voice: "Voice", terminal: "Terminal", events: "Events", status: "Status" };
const TOKEN_KEY = "jarvis-token";
const STATE_LABELS: Record<ConnectionState, string> = {
  connecting: "connecting…",
  open: "connected",
  closed: "connection lost, retrying…",
  unauthorized: "not logged in",
};

export class JarvisApp extends LitElement {
  static override properties = { transport: { state: true }, connection: { state: true }, active: { state: true }, loginError: { state: true } };
  static override styles = [
    hostTheme,
    themeStyles,
    tabStyles,
    css`
      :host {
        display: block;
        max-width: 1100px;
        margin: 0 auto;
        padding: 16px;
        /* The page is all Jarvis: a conversation takes the window's height, less the header, tabs and form. */
        --jarvis-chat-height: max(240px, calc(100dvh - 250px));
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
  /** Counts transports, so a closed one's late state changes are ignored. */
  private generation = 0;
  private readonly visited = new Set<string>();
  /** The browser's colour scheme, followed while the page is open (the page has no HA theme to read). */
  private readonly scheme = matchMedia("(prefers-color-scheme: dark)");
  private readonly followScheme = () => this.toggleAttribute("dark", this.scheme.matches);

  override connectedCallback(): void {
    super.connectedCallback();
    this.followScheme();
    this.scheme.addEventListener("change", this.followScheme);
    const fromHash = location.hash.slice(1) as Tab;
    if (TABS.includes(fromHash)) this.active = fromHash;
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scheme.removeEventListener("change", this.followScheme);
    this.generation++;
    this.ws?.close();
  }

  private async start(): Promise<void> {
    const generation = ++this.generation;
    const access = await whoAmI(sessionStorage.getItem(TOKEN_KEY) ?? undefined);
    if (generation !== this.generation) return;
    if (access.kind === "login") this.showLogin(access.reason);
    else this.connect(access.token);
  }

  private showLogin(reason?: string): void {
    this.generation++;
    this.ws?.close();
    this.ws = this.transport = undefined;
    sessionStorage.removeItem(TOKEN_KEY);
    this.loginError = reason;
    this.connection = "unauthorized";
  }

  private connect(token?: string): void {
    this.ws?.close();
    const generation = ++this.generation;
    this.ws = new WsTransport(wsUrlFor(location.href), {
      token,
      onState: (state, reason) => {
        if (generation !== this.generation) return;
        // Without a token the server's reason ("send auth first") says nothing a person can act on.
        if (state === "unauthorized") this.showLogin(token ? reason : undefined);
        else this.connection = state;
      },
    });
    this.transport = this.ws;
  }

  private async login(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const password = new FormData(e.target as HTMLFormElement).get("password");
    let body: { token?: string; error?: { message: string } };
    try {
      const res = await fetch(new URL("api/auth/login", location.href), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password }),
      });
      body = (await res.json()) as typeof body;
    } catch {
      body = { error: { message: "Jarvis cannot be reached: try again in a moment" } };
    }
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
    const header = html`<header><h1>Jarvis</h1><span class="muted" role="status">${STATE_LABELS[this.connection]}</span></header>`;
    if (this.connection === "unauthorized") {
      return html`${header}
        <form @submit=${this.login}>
          <label>Add-on password <input name="password" type="password" autocomplete="current-password" required autofocus /></label>
          <button class="primary" type="submit">Log in</button>
          ${this.loginError ? html`<span class="error" role="alert">${this.loginError}</span>` : nothing}
        </form>
        <p class="muted">
          The password is the add-on's <code>password</code> option. When that is not set, Jarvis made one: Home Assistant
          admins see it on Jarvis's page in Home Assistant, under Status, Connection details.
        </p>`;
    }
    if (!this.transport) return header;
    this.visited.add(this.active);
    const ctx = { transport: this.transport, historyMinutes: 30, language: navigator.language.slice(0, 2) };
    return html`${header}
      ${renderTabs(TABS, LABELS, this.active, (t) => this.select(t), "app")}
      ${renderPanels(TABS, this.active, this.visited, ctx, "app", {
        status: () => html`<jarvis-status-view .transport=${this.transport}></jarvis-status-view>`,
      })}`;
  }
}

type Access = { kind: "connect"; token?: string } | { kind: "login"; reason?: string };

/**
 * What the server makes of this page before any socket opens: behind ingress no token is needed (and a saved
 * one is left out, so the HA user stays who is asking); a valid token is used; without one the form shows,
 * with the server's reason when a saved token no longer holds. When /api/me cannot answer (the add-on is
 * restarting) the socket tries, and its refusal brings the form.
 */
async function whoAmI(token: string | undefined): Promise<Access> {
  try {
    const res = await fetch(new URL("api/me", location.href), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (res.status === 401) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      return { kind: "login", reason: token ? body.error?.message : undefined };
    }
    if (res.ok && ((await res.json()) as { kind?: string }).kind === "ingress") return { kind: "connect" };
  } catch {
    // Unreachable: the socket retries until the server answers.
  }
  return { kind: "connect", token };
}

customElements.get("jarvis-app") ?? customElements.define("jarvis-app", JarvisApp);
