// The cluster at a glance: nodes, guests with their recent history, storage, and guest actions that run
// through the tool registry (ORANGE/RED ask first in the approval dialog).
import { css, html, nothing } from "lit";
import "../../shared/approval-dialog.js";
import type { JarvisApprovalDialog } from "../../shared/approval-dialog.js";
import { runTool } from "../../shared/actions.js";
import { clock } from "../../shared/format.js";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import type { JarvisError, Stream, Transport } from "../../transport/transport.js";
import { actionArgs, appendSnapshot, guestTitle, type ActionChoice, type ClusterView, type GuestView, type History, type SubscribeResult } from "./model.js";
import { renderGuests, renderNodes, renderStorage, sectionStyles, type GuestRowState } from "./sections.js";

export type ClusterSection = "nodes" | "guests" | "storage";

export class JarvisClusterView extends TransportView {
  static override properties = {
    historyMinutes: { type: Number, attribute: "history-minutes" },
    sections: { attribute: false },
    snapshot: { state: true },
    history: { state: true },
    tiers: { state: true },
    rows: { state: true },
    error: { state: true },
    unconfigured: { state: true },
    notice: { state: true },
  };
  static override styles = [
    themeStyles,
    sectionStyles,
    css`
      :host {
        display: block;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
      }
    `,
  ];

  historyMinutes = 30;
  sections: readonly ClusterSection[] = ["nodes", "guests", "storage"];
  snapshot?: ClusterView;
  history: History = {};
  tiers: Record<string, string> = {};
  rows: Record<number, GuestRowState> = {};
  error?: string;
  /** Why there is no cluster at all (Proxmox is not set up), as the server says it: a reason, not a failure. */
  unconfigured?: string;
  notice = "";
  private stream?: Stream<SubscribeResult>;

  protected override start(transport: Transport): void {
    this.error = this.unconfigured = undefined;
    const apply = (r: SubscribeResult) => {
      this.history = r.history ?? {};
      this.snapshot = r.snapshot;
    };
    transport
      .open<SubscribeResult>("subscribe_cluster", { history_minutes: this.historyMinutes }, {
        persistent: true,
        onResult: apply,
        onEvent: (e) => {
          const ev = e as { type?: string; snapshot?: ClusterView };
          if (ev.type !== "cluster" || !ev.snapshot) return;
          this.history = appendSnapshot(this.history, ev.snapshot, this.historyMinutes);
          this.snapshot = ev.snapshot;
        },
      })
      .then((s) => {
        if (this.transport !== transport) return s.close();
        this.stream = s;
        apply(s.result);
      })
      .catch((err: JarvisError) => {
        if (err.code === "not_found") this.unconfigured = err.message;
        else this.error = err.message;
      });
    transport
      .call<{ tools: { name: string; tier: string }[] }>("tools/list")
      .then((r) => (this.tiers = Object.fromEntries(r.tools.map((t) => [t.name, t.tier]))))
      .catch(() => undefined);
  }

  protected override stop(): void {
    this.stream?.close();
    this.stream = undefined;
  }

  private setRow(vmid: number, patch: Partial<GuestRowState>): void {
    const old = this.rows[vmid] ?? { expanded: false };
    this.rows = { ...this.rows, [vmid]: { ...old, ...patch } };
  }

  private async act(g: GuestView, choice: ActionChoice): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const what = `${choice.label} ${guestTitle(g)}`;
    this.setRow(g.vmid, { progress: `${choice.label}: starting…` });
    const dialog = this.renderRoot.querySelector<JarvisApprovalDialog>("jarvis-approval-dialog")!;
    try {
      const text = await runTool(
        transport,
        { name: choice.tool, args: actionArgs(g, choice.action), what },
        (req) => dialog.ask(req),
        (u) => this.setRow(g.vmid, { progress: `${u.what || choice.label}: ${u.status} (${Math.round(u.elapsed_ms / 1000)} s)` }),
      );
      this.notice = text;
    } catch (err) {
      this.notice = `${what} failed: ${(err as Error).message}`;
    } finally {
      this.setRow(g.vmid, { progress: undefined });
    }
  }

  protected override render() {
    const s = this.snapshot;
    if (this.unconfigured) return html`<p class="muted" data-empty="cluster">No cluster to show: ${this.unconfigured}.</p>`;
    if (this.error) return html`<p class="error" role="alert">Cluster unavailable: ${this.error}</p>`;
    if (!s) return html`<p class="muted" role="status">Loading the cluster…</p>`;
    const show = (x: ClusterSection) => this.sections.includes(x);
    return html`<header>
        <span class="muted">Updated ${clock(s.updated_at)}</span>
        ${s.demo ? html`<span class="chip" title="Simulated cluster">demo</span>` : nothing}
      </header>
      ${show("nodes") ? renderNodes(s.nodes, this.history) : nothing}
      ${show("guests")
        ? renderGuests(s.guests, this.history, {
            toggle: (g) => this.setRow(g.vmid, { expanded: !this.rows[g.vmid]?.expanded }),
            act: (g, c) => void this.act(g, c),
            tierOf: (tool) => this.tiers[tool],
            state: (g) => this.rows[g.vmid] ?? { expanded: false },
          }, s.nodes)
        : nothing}
      ${show("storage") ? renderStorage(s.storage) : nothing}
      <p class="muted" aria-live="polite" data-notice>${this.notice}</p>
      <jarvis-approval-dialog></jarvis-approval-dialog>`;
  }
}

customElements.get("jarvis-cluster-view") ?? customElements.define("jarvis-cluster-view", JarvisClusterView);
