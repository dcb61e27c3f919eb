// Storage views: a node's storages with usage, and a storage's content (only backups are simulated).
import type { ClusterState } from "./cluster.js";
import { PveError } from "./errors.js";
import type { ParamValues } from "./params.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export function storageList(c: ClusterState, node: string, p: ParamValues) {
  c.onlineNode(node);
  return c.storages
    .filter((s) => p.storage === undefined || s.storage === p.storage)
    .filter((s) => p.content === undefined || s.content.split(",").includes(String(p.content)))
    .map((s) => ({
      storage: s.storage,
      type: s.type,
      content: s.content,
      shared: s.shared ? 1 : 0,
      active: 1,
      enabled: 1,
      total: s.totalGiB * GiB,
      used: s.usedGiB * GiB,
      avail: (s.totalGiB - s.usedGiB) * GiB,
      used_fraction: Number((s.usedGiB / s.totalGiB).toFixed(6)),
    }));
}

const stamp = (d: Date) => d.toISOString().slice(0, 19).replace(/-/g, "_").replace("T", "-").replace(/:/g, "_");

export function storageContent(c: ClusterState, node: string, storage: string, p: ParamValues) {
  c.onlineNode(node);
  const def = c.storages.find((s) => s.storage === storage);
  if (!def) throw new PveError(500, `storage '${storage}' does not exist`);
  if (p.content !== undefined && p.content !== "backup") return [];
  const firstNode = c.nodes[0]!.name;
  return c.backups
    .filter((b) => b.storage === storage && (def.shared || node === firstNode))
    .filter((b) => p.vmid === undefined || b.vmid === p.vmid)
    .map((b) => {
      const kind = c.guests.get(b.vmid)?.kind ?? "qemu";
      const when = new Date(Date.now() - b.daysAgo * 86_400_000);
      when.setUTCHours(2, 0, 0, 0);
      const format = kind === "qemu" ? "vma.zst" : "tar.zst";
      return {
        volid: `${storage}:backup/vzdump-${kind}-${b.vmid}-${stamp(when)}.${format}`,
        content: "backup",
        format,
        subtype: kind,
        vmid: b.vmid,
        size: b.sizeMiB * MiB,
        ctime: Math.floor(when.getTime() / 1000),
        ...(b.notes ? { notes: b.notes } : {}),
      };
    });
}
