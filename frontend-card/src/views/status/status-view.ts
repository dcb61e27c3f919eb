// The ingress page's status: every integration's state and today's LLM spend against the limit, then what an
// HA admin needs to connect Home Assistant (connection-details.ts).
import { css, html, nothing } from "lit";
import { uptime, usd } from "../../shared/format.js";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import type { Transport } from "../../transport/transport.js";
import "./connection-details.js";

export interface StatusResult {
  version: string;
  demo: boolean;
  uptime_s: number;
  integrations: Record<string, { state: string; detail: string; since: string }>;
  spend_today_usd: number;
  daily_limit_usd: number;
}

const REFRESH_MS = 30_000;

export class JarvisStatusView extends TransportView {
  static override properties = { status: { state: true }, error: { state: true } };
  static override styles = [
    themeStyles,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
      }
      td,
      th {
        text-align: left;
        padding: 4px 8px;
        border-top: 1px solid var(--jv-divider);
      }
      .up { color: var(--jv-ok-text); }
      .down { color: var(--jv-error-text); }
      meter {
        width: 12rem;
      }
    `,
  ];

  status?: StatusResult;
  error?: string;
  private timer?: ReturnType<typeof setInterval>;

  protected override start(transport: Transport): void {
    const load = () =>
      transport
        .call<StatusResult>("status")
        .then((s) => ((this.status = s), (this.error = undefined)))
        .catch((err: Error) => (this.error = err.message));
    void load();
    this.timer = setInterval(load, REFRESH_MS);
  }

  protected override stop(): void {
    clearInterval(this.timer);
  }

  protected override render() {
    const s = this.status;
    if (this.error) return html`<p class="error" role="alert">Status unavailable: ${this.error}</p>`;
    if (!s) return html`<p class="muted" role="status">Loading status…</p>`;
    return html`<p>Jarvis ${s.version}${s.demo ? " (demo)" : ""}, up ${uptime(s.uptime_s)}.</p>
      <p>LLM spend today: <strong data-spend>${usd(s.spend_today_usd)}</strong> of ${usd(s.daily_limit_usd)}
        <meter min="0" max=${s.daily_limit_usd || 1} value=${s.spend_today_usd} aria-label="LLM spend today"></meter></p>
      <table>
        <thead><tr><th scope="col">Integration</th><th scope="col">State</th><th scope="col">Detail</th></tr></thead>
        <tbody>
          ${Object.entries(s.integrations).map(
            ([name, i]) => html`<tr data-integration=${name}><td>${name}</td><td class=${i.state}>${i.state}</td><td>${i.detail}${i.since ? html` <span class="muted">since ${new Date(i.since).toLocaleString()}</span>` : nothing}</td></tr>`,
          )}
        </tbody>
      </table>
      <jarvis-connection-details .transport=${this.transport}></jarvis-connection-details>`;
  }
}

customElements.get("jarvis-status-view") ?? customElements.define("jarvis-status-view", JarvisStatusView);
