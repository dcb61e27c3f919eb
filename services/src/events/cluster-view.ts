// The ClusterView the card and the ingress page draw (see the WS protocol): one read of /cluster/resources
// turned into nodes, guests and storages in plain units (GiB, percent, seconds), sorted so two views of the
// same cluster compare equal.
import type { ClusterResource } from "../clients/proxmox/types.js";
import type { ClusterView, GuestView, NodeView, StorageView } from "./cluster-wire.js";

export type { ClusterView, GuestView, NodeView, StorageView } from "./cluster-wire.js";

const GiB = 1024 ** 3;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const gib = (bytes: number | undefined) => round((bytes ?? 0) / GiB, 2);
const pct = (used: number | undefined, total: number | undefined) => (total ? round((100 * (used ?? 0)) / total, 1) : 0);
/** Proxmox reports CPU as a fraction of the CPUs the node or guest has. */
const cpuPct = (fraction: number | undefined) => round(100 * (fraction ?? 0), 1);

export function buildClusterView(
  resources: readonly ClusterResource[],
  temperatures: ReadonlyMap<string, number | null>,
  opts: { demo: boolean; at: Date },
): ClusterView {
  const nodes: NodeView[] = [];
  const guests: GuestView[] = [];
  const storage: StorageView[] = [];
  for (const r of resources) {
    if (r.type === "node" && r.node) {
      const online = r.status === "online";
      nodes.push({
        name: r.node,
        online,
        cpu_pct: online ? cpuPct(r.cpu) : 0,
        mem_used_gib: gib(r.mem),
        mem_total_gib: gib(r.maxmem),
        mem_pct: pct(r.mem, r.maxmem),
        disk_used_gib: gib(r.disk),
        disk_total_gib: gib(r.maxdisk),
        disk_pct: pct(r.disk, r.maxdisk),
        temperature_c: online ? (temperatures.get(r.node) ?? null) : null,
        uptime_s: online ? (r.uptime ?? 0) : 0,
      });
    } else if ((r.type === "qemu" || r.type === "lxc") && r.vmid !== undefined) {
      guests.push({
        vmid: r.vmid,
        name: r.name ?? `${r.type === "qemu" ? "VM" : "CT"} ${r.vmid}`,
        node: r.node ?? "",
        kind: r.type,
        status: r.status ?? "unknown",
        template: r.template === 1,
        cpu_pct: cpuPct(r.cpu),
        mem_used_gib: gib(r.mem),
        mem_max_gib: gib(r.maxmem),
        uptime_s: r.uptime ?? 0,
      });
    } else if (r.type === "storage" && r.storage && r.node) {
      storage.push({
        storage: r.storage,
        node: r.node,
        shared: (r as { shared?: number }).shared === 1,
        used_gib: gib(r.disk),
        total_gib: gib(r.maxdisk),
        used_pct: pct(r.disk, r.maxdisk),
      });
    }
  }
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  guests.sort((a, b) => a.vmid - b.vmid);
  storage.sort((a, b) => a.node.localeCompare(b.node) || a.storage.localeCompare(b.storage));
  return { updated_at: opts.at.toISOString(), demo: opts.demo, nodes, guests, storage };
}

/** Whether two views show the same cluster (the time they were taken aside). */
export function sameCluster(a: ClusterView, b: ClusterView): boolean {
  return JSON.stringify({ ...a, updated_at: "" }) === JSON.stringify({ ...b, updated_at: "" });
}
