// The cluster as subscribe_cluster sends it, and the pure functions the view derives from it.

// The wire types are the server's own: a type-only import, erased from the bundle.
import type { ClusterView, GuestView, History, Sample, StorageView } from "../../../../services/src/events/cluster-wire.js";

export type { ClusterView, GuestView, History, NodeView, Sample, StorageView, SubscribeResult } from "../../../../services/src/events/cluster-wire.js";

export const nodeKey = (name: string) => `node/${name}`;
export const guestKey = (vmid: number) => `guest/${vmid}`;

/** Adds the snapshot's readings to the history and drops what is older than the window. */
export function appendSnapshot(history: History, snap: ClusterView, windowMinutes: number): History {
  const t = Date.parse(snap.updated_at) || Date.now();
  const since = t - windowMinutes * 60_000;
  const next: History = {};
  const add = (key: string, sample: Sample) => {
    const old = (history[key] ?? []).filter((s) => s.t >= since && s.t < t);
    next[key] = [...old, sample];
  };
  for (const n of snap.nodes) add(nodeKey(n.name), { t, cpu_pct: n.cpu_pct, mem_pct: n.mem_pct });
  for (const g of snap.guests) {
    const mem = g.mem_max_gib ? (g.mem_used_gib / g.mem_max_gib) * 100 : 0;
    add(guestKey(g.vmid), { t, cpu_pct: g.cpu_pct, mem_pct: mem });
  }
  return next;
}

export type GuestAction = "start" | "shutdown" | "stop" | "reboot" | "snapshot";

export interface ActionChoice {
  action: GuestAction;
  tool: string;
  label: string;
}

const TOOLS: Record<GuestView["kind"], Partial<Record<GuestAction, string>>> = {
  qemu: { start: "start_vm", shutdown: "shutdown_vm", stop: "stop_vm", reboot: "restart_vm", snapshot: "create_snapshot" },
  lxc: { start: "start_container", stop: "stop_container", reboot: "restart_container", snapshot: "create_snapshot" },
};

const LABELS: Record<GuestAction, string> = {
  start: "Start",
  shutdown: "Shut down",
  stop: "Stop",
  reboot: "Reboot",
  snapshot: "Snapshot",
};

/** The actions that make sense for a guest in its current state. */
export function actionsFor(g: GuestView): ActionChoice[] {
  if (g.template) return [];
  const wanted: GuestAction[] = g.status === "running" ? ["shutdown", "stop", "reboot", "snapshot"] : ["start", "snapshot"];
  return wanted.flatMap((action) => {
    const tool = TOOLS[g.kind][action];
    return tool ? [{ action, tool, label: LABELS[action] }] : [];
  });
}

/** The arguments of a guest action's tool; a snapshot gets a dated, Proxmox-valid name. */
export function actionArgs(g: GuestView, action: GuestAction, now = new Date()): Record<string, unknown> {
  if (action !== "snapshot") return { vmid: g.vmid, node: g.node };
  const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return { vmid: g.vmid, node: g.node, name: `jarvis_${stamp}` };
}

export const guestTitle = (g: GuestView) => `${g.kind === "qemu" ? "VM" : "container"} ${g.vmid} (${g.name}) on ${g.node}`;

/** One line for the guest list's heading: how many of each kind, and how many run. */
export function guestSummary(guests: readonly GuestView[]): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const vms = guests.filter((g) => g.kind === "qemu").length;
  const running = guests.filter((g) => g.status === "running").length;
  return `${count(vms, "VM", "VMs")} and ${count(guests.length - vms, "container", "containers")}, ${running} running`;
}

/** A storage as a person thinks of it: a shared one (one NAS every node mounts) once, with the nodes that see it. */
export interface StorageRow {
  storage: string;
  shared: boolean;
  nodes: string[];
  used_gib: number;
  total_gib: number;
  used_pct: number;
}

export function storageRows(storage: readonly StorageView[]): StorageRow[] {
  const rows: StorageRow[] = [];
  const shared = new Map<string, StorageRow>();
  for (const s of storage) {
    const seen = s.shared ? shared.get(s.storage) : undefined;
    if (seen) {
      seen.nodes.push(s.node);
      continue;
    }
    const row = { storage: s.storage, shared: s.shared, nodes: [s.node], used_gib: s.used_gib, total_gib: s.total_gib, used_pct: s.used_pct };
    if (s.shared) shared.set(s.storage, row);
    rows.push(row);
  }
  return rows;
}
