// Alerts and actions as they happen: severity colours, camera snapshots, newest first. New alerts are
// announced through an aria-live region (assertive for errors and critical ones).
import { css, html, nothing } from "lit";
import { decide } from "../../shared/actions.js";
import { clock } from "../../shared/format.js";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import type { Stream, Transport } from "../../transport/transport.js";
import { describeEvent } from "./describe.js";

export interface EventRow {
  id: number;
  createdAt: string;
  type: "alert" | "action" | "status" | "metric";
  severity: "info" | "warning" | "error" | "critical";
  source: string;
  title: string;
  message: string | null;
  node: string | null;
  data: ({ camera?: string; thumbnail?: string | null; name?: string | null } & Record<string, unknown>) | null;
  resolved: boolean;
}

const KEEP = 100;

export class JarvisEventsView extends TransportView {
  static override properties = {
    rows: { state: true },
    error: { state: true },
    announce: { state: true },
    decided: { state: true },
    types: { attribute: false },
  };
  static override styles = [
    themeStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: var(--jarvis-events-height, 360px);
        overflow-y: auto;
      }
      li {
        display: grid;
        grid-template-columns: 4px 1fr auto;
        gap: 8px;
        padding: 6px 0;
        border-top: 1px solid var(--jv-divider);
      }
      .sev {
        border-radius: 2px;
      }
      .sev.info { background: var(--jv-info); }
      .sev.warning { background: var(--jv-warn); }
      .sev.error { background: var(--jv-error); }
      .sev.critical { background: var(--jarvis-critical-color, #8b0000); }
      img {
        width: 96px;
        border-radius: 4px;
      }
      small {
        color: var(--jv-muted);
      }
      .line {
        font-size: 0.9em;
      }
      .decide button {
        margin: 4px 6px 0 0;
      }
      details pre {
        white-space: pre-wrap;
        word-break: break-all;
        margin: 4px 0 0;
      }
    `,
  ];

  rows: EventRow[] = [];
  error?: string;
  announce: { text: string; urgent: boolean } = { text: "", urgent: false };
  types?: EventRow["type"][];
  /** What became of the held actions decided here, by action id ("" while it is being decided). */
  decided: Record<string, string> = {};
  private stream?: Stream<{ recent: EventRow[] }>;

  protected override start(transport: Transport): void {
    const fields = { history: 50, ...(this.types ? { event_types: this.types } : {}) };
    transport
      .open<{ recent: EventRow[] }>("subscribe_events", fields, {
        persistent: true,
        onResult: (r) => (this.rows = r.recent),
        onEvent: (e) => this.add(e as EventRow),
      })
      .then((s) => {
        this.stream = s;
        this.rows = s.result.recent;
      })
      .catch((err: Error) => (this.error = err.message));
  }

  protected override stop(): void {
    this.stream?.close();
    this.stream = undefined;
  }

  private add(row: EventRow): void {
    this.rows = [row, ...this.rows.filter((r) => r.id !== row.id)].slice(0, KEEP);
    if (row.type === "alert") this.announce = { text: `${row.severity} alert: ${row.title}`, urgent: row.severity === "error" || row.severity === "critical" };
  }

  /** The event of the call held as `actionId`, for naming what a denial denied. */
  private held(actionId: string): EventRow | undefined {
    return this.rows.find((r) => r.data?.actionId === actionId && r.data?.decision === "approval_required");
  }

  /**
   * A runbook's held action that is still open here: its run has no later event and it was not decided on
   * this card. The server decides who may approve it (an admin) and says so if the click came too late.
   */
  private openHold(r: EventRow): string | undefined {
    const id = r.data?.outcome === "held" ? r.data.action_id : undefined;
    if (typeof id !== "string" || id in this.decided) return undefined;
    const settled = this.rows.some((x) => x.id > r.id && x.data?.run_id === r.data?.run_id);
    return settled ? undefined : id;
  }

  private async decideHeld(r: EventRow, actionId: string, approved: boolean): Promise<void> {
    if (!this.transport) return;
    this.decided = { ...this.decided, [actionId]: "" };
    let text: string;
    try {
      text = await decide(this.transport, actionId, { approved }, r.title.replace(/^Runbook: Waiting for approval: /, ""));
    } catch (err) {
      text = `Could not decide it: ${(err as Error).message}`;
    }
    this.decided = { ...this.decided, [actionId]: text };
  }

  private renderDecision(r: EventRow) {
    const heldId = typeof r.data?.action_id === "string" && r.data.outcome === "held" ? r.data.action_id : undefined;
    if (heldId && heldId in this.decided) return html`<div class="line" data-decided>${this.decided[heldId] || "Deciding…"}</div>`;
    const open = this.openHold(r);
    if (!open) return nothing;
    return html`<div class="decide" data-hold=${open}>
      <button type="button" @click=${() => void this.decideHeld(r, open, true)}>Approve</button>
      <button type="button" @click=${() => void this.decideHeld(r, open, false)}>Deny</button>
    </div>`;
  }

  protected override render() {
    if (this.error) return html`<p class="error" role="alert">Events unavailable: ${this.error}</p>`;
    return html`<p class="sr-only" aria-live=${this.announce.urgent ? "assertive" : "polite"}>${this.announce.text}</p>
      ${this.rows.length === 0
        ? html`<p class="muted" data-empty="events">Nothing has happened yet: alerts, the actions Jarvis takes and who asked for them show here as they happen.</p>`
        : nothing}
      <ul aria-label="Alerts and actions" tabindex="0">
        ${this.rows.map((r) => {
          const d = describeEvent(r, (id) => this.held(id));
          return html`<li data-severity=${r.severity} data-type=${r.type}>
            <span class="sev ${r.severity}" aria-hidden="true"></span>
            <div>
              <strong>${d.title}</strong> <small>${r.type} · ${r.source}${r.node ? ` · ${r.node}` : ""} · ${r.severity}</small>
              ${r.message ? html`<div>${r.message}</div>` : nothing}
              ${d.call ? html`<div class="line" data-call>${d.call}</div>` : nothing}
              ${d.who ? html`<div class="line" data-who>${d.who}</div>` : nothing}
              ${d.outcome ? html`<div class="line" data-outcome>${d.outcome}</div>` : nothing}
              ${d.full ? html`<details><summary>Whole result</summary><pre>${d.full}</pre></details>` : nothing}
              ${this.renderDecision(r)}
            </div>
            <div>
              <small>${clock(r.createdAt)}</small>
              ${r.data?.thumbnail ? html`<div><img src=${r.data.thumbnail} alt="Snapshot from ${r.data.camera ?? "camera"}" /></div>` : nothing}
            </div>
          </li>`;
        })}
      </ul>`;
  }
}

customElements.get("jarvis-events-view") ?? customElements.define("jarvis-events-view", JarvisEventsView);
