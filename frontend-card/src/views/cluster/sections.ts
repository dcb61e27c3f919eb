// Pure render functions for the cluster view's sections: nodes, guests, storage.
import { css, html, nothing, type TemplateResult } from "lit";
import { clampPct, gib, pct, uptime } from "../../shared/format.js";
import { sparkline } from "../../shared/sparkline.js";
import { tierChip } from "../../shared/tier.js";
import {
  actionsFor,
  guestKey,
  guestSummary,
  guestTitle,
  nodeKey,
  storageRows,
  type ActionChoice,
  type GuestView,
  type History,
  type NodeView,
  type StorageView,
} from "./model.js";

export const sectionStyles = css`
  h3 {
    font-size: 0.95em;
    margin: 12px 0 6px;
    color: var(--jv-muted);
  }
  .nodes {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 8px;
  }
  .node {
    border: 1px solid var(--jv-divider);
    border-radius: 8px;
    padding: 8px;
  }
  .dot {
    display: inline-block;
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--jv-muted);
  }
  .dot.on {
    background: var(--jv-ok);
  }
  .metric {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 6px;
    font-size: 0.9em;
    white-space: nowrap;
  }
  .spark {
    color: var(--jv-primary);
  }
  ul.guests {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .guest {
    border-top: 1px solid var(--jv-divider);
    padding: 6px 0;
  }
  .guest-head {
    display: grid;
    grid-template-columns: auto auto 1fr auto auto auto;
    gap: 8px;
    align-items: center;
  }
  h3 .summary {
    font-weight: normal;
    margin-left: 6px;
  }
  .kind {
    font-size: 0.75em;
    font-weight: 600;
    letter-spacing: 0.04em;
    min-width: 2.6em;
    text-align: center;
    border-radius: 4px;
    padding: 0 4px;
    border: 1px solid var(--jv-divider);
  }
  .kind.lxc {
    border-style: dashed;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 6px;
  }
  .progress {
    font-size: 0.85em;
    color: var(--jv-info-text);
  }
  .bar {
    height: 8px;
    background: var(--jv-raised);
    border-radius: 4px;
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: var(--jv-primary);
  }
  .bar.high > div {
    background: var(--jv-warn);
  }
`;

const series = (history: History, key: string, field: "cpu_pct" | "mem_pct") => (history[key] ?? []).map((s) => s[field]);

/** What stands in a section that has nothing to show: why, in words. */
const empty = (section: string, why: string) => html`<p class="muted" data-empty=${section}>${why}</p>`;

/** VM or container at a glance: Proxmox's own short names, read out in full. */
const kindBadge = (g: GuestView) =>
  g.kind === "qemu"
    ? html`<span class="kind qemu" title="Virtual machine"><span aria-hidden="true">VM</span><span class="sr-only">virtual machine</span></span>`
    : html`<span class="kind lxc" title="Container (LXC)"><span aria-hidden="true">CT</span><span class="sr-only">container</span></span>`;

export function renderNodes(nodes: readonly NodeView[], history: History): TemplateResult {
  if (nodes.length === 0) return html`<h3>Nodes</h3>${empty("nodes", "Proxmox lists no nodes in this cluster.")}`;
  return html`<h3 id="nodes-h">Nodes</h3>
    <div class="nodes" role="list" aria-labelledby="nodes-h">
      ${nodes.map(
        (n) => html`<div class="node" role="listitem" aria-label="Node ${n.name}, ${n.online ? "online" : "offline"}">
          <div class="metric"><strong><span class="dot ${n.online ? "on" : ""}"></span> ${n.name}</strong>
            <span class="muted">${n.online ? uptime(n.uptime_s) : "offline"}</span></div>
          <div class="metric"><span>CPU ${pct(n.cpu_pct)}</span> ${sparkline(series(history, nodeKey(n.name), "cpu_pct"), `CPU history of ${n.name}`)}</div>
          <div class="metric"><span>Memory ${pct(n.mem_pct)}</span> ${sparkline(series(history, nodeKey(n.name), "mem_pct"), `memory history of ${n.name}`)}</div>
          <div class="metric"><span>Disk</span> <span>${pct(n.disk_pct)} of ${gib(n.disk_total_gib)}</span></div>
          <div class="metric"><span>Temperature</span> <span>${n.temperature_c == null ? "–" : `${Math.round(n.temperature_c)} °C`}</span></div>
        </div>`,
      )}
    </div>`;
}

export interface GuestRowState {
  expanded: boolean;
  progress?: string;
}

export interface GuestHandlers {
  toggle(g: GuestView): void;
  act(g: GuestView, choice: ActionChoice): void;
  tierOf(tool: string): string | undefined;
  state(g: GuestView): GuestRowState;
}

function guestRow(g: GuestView, history: History, h: GuestHandlers): TemplateResult {
  const st = h.state(g);
  const mem = g.mem_max_gib ? (g.mem_used_gib / g.mem_max_gib) * 100 : 0;
  const choices = actionsFor(g);
  const panel = `actions-${g.vmid}`;
  return html`<li class="guest" data-vmid=${g.vmid} data-status=${g.status} data-uptime=${g.uptime_s}>
    <div class="guest-head">
      <span class="dot ${g.status === "running" ? "on" : ""}" title=${g.status}></span>
      ${kindBadge(g)}
      <span><strong>${g.vmid}</strong> ${g.name} <span class="muted">${g.node} · ${g.status}${g.status === "running" ? ` · up ${uptime(g.uptime_s)}` : ""}</span></span>
      <span>CPU ${pct(g.cpu_pct)}</span>
      ${sparkline(series(history, guestKey(g.vmid), "cpu_pct"), `CPU history of ${g.name}`, 60, 16)}
      ${choices.length
        ? html`<button aria-expanded=${st.expanded} aria-controls=${panel} aria-label="Actions for ${guestTitle(g)}"
            @click=${() => h.toggle(g)}>⋯</button>`
        : html`<span></span>`}
    </div>
    <div class="muted">Memory ${pct(mem)} of ${gib(g.mem_max_gib)}</div>
    ${st.progress ? html`<div class="progress" role="status">${st.progress}</div>` : nothing}
    ${g.template ? html`<div class="muted">Template: it does not run, so it has no actions.</div>` : nothing}
    ${st.expanded
      ? html`<div class="actions" id=${panel}>
          ${choices.map((c) => {
            const tier = h.tierOf(c.tool);
            return html`<button data-action=${c.action} @click=${() => h.act(g, c)}>
              ${c.label}<span class="sr-only"> ${guestTitle(g)}, tier</span> ${tierChip(tier)}</button>`;
          })}
        </div>`
      : nothing}
  </li>`;
}

export function renderGuests(guests: readonly GuestView[], history: History, h: GuestHandlers, nodes: readonly NodeView[]): TemplateResult {
  if (guests.length === 0) {
    const why = nodes.length > 0 && nodes.every((n) => !n.online)
      ? "No node is online, so Proxmox lists no VMs or containers."
      : "There are no VMs or containers on this cluster yet.";
    return html`<h3>Guests</h3>${empty("guests", why)}`;
  }
  return html`<h3 id="guests-h">Guests <span class="summary" data-guest-summary>${guestSummary(guests)}</span></h3>
    <ul class="guests" aria-labelledby="guests-h">${guests.map((g) => guestRow(g, history, h))}</ul>`;
}

export function renderStorage(storage: readonly StorageView[]): TemplateResult {
  const rows = storageRows(storage);
  if (rows.length === 0) return html`<h3>Storage</h3>${empty("storage", "The nodes report no storage.")}`;
  return html`<h3>Storage</h3>
    ${rows.map((s) => {
      const where = s.shared ? `shared by ${s.nodes.join(", ")}` : `on ${s.nodes[0]}`;
      return html`<div class="metric" data-storage=${s.storage}><span>${s.storage} <span class="muted">${where}</span></span>
          <span>${gib(s.used_gib)} / ${gib(s.total_gib)}</span></div>
        <div class="bar ${s.used_pct >= 85 ? "high" : ""}" role="meter" aria-label="${s.storage} ${where}, used"
          aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(s.used_pct)}>
          <div style="width:${clampPct(s.used_pct)}%"></div>
        </div>`;
    })}`;
}
