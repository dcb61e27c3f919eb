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
      const when = new Date(backupTime(b) * 1000);
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

/** "keep-last=2,keep-daily=7" as Proxmox's prune-backups property string; the emulator keeps by keep-last only. */
function keepLast(p: ParamValues): number {
  const spec = Object.fromEntries(String(p["prune-backups"] ?? "").split(",").filter(Boolean).map((kv) => kv.split("=") as [string, string]));
  if (spec["keep-all"] === "1") return Infinity;
  const other = Object.keys(spec).filter((k) => k !== "keep-last" && k !== "keep-all");
  if (other.length > 0) throw new PveError(501, `prune option ${other[0]} is not emulated (only keep-last, keep-all)`);
  // Without options Proxmox takes the storage's own retention; the emulated storages keep the last three.
  return spec["keep-last"] === undefined ? 3 : Number(spec["keep-last"]);
}

/** What a prune would do (GET .../prunebackups): each backup marked keep or remove, newest kept per guest. */
export function pruneList(c: ClusterState, node: string, storage: string, p: ParamValues) {
  const keep = keepLast(p);
  const items = storageContent(c, node, storage, { content: "backup" })
    .filter((b) => (p.vmid === undefined || b.vmid === p.vmid) && (p.type === undefined || b.subtype === p.type))
    .sort((a, b) => b.ctime - a.ctime);
  const seen = new Map<number, number>();
  return items.map((b) => {
    const n = (seen.get(b.vmid) ?? 0) + 1;
    seen.set(b.vmid, n);
    return { volid: b.volid, vmid: b.vmid, type: b.subtype, ctime: b.ctime, mark: n <= keep ? "keep" : "remove" };
  });
}

/** DELETE .../prunebackups: a "prunebackups" task that removes what pruneList marks, freeing its space. */
export function prune(c: ClusterState, node: string, storage: string, p: ParamValues, user: string): string {
  const marked = pruneList(c, node, storage, p).filter((b) => b.mark === "remove");
  return c.tasks.start(
    node,
    "prunebackups",
    storage,
    user,
    () => {
      for (const m of marked) {
        const i = c.backups.findIndex((b) => b.storage === storage && b.vmid === m.vmid && backupTime(b) === m.ctime);
        if (i < 0) continue;
        const [gone] = c.backups.splice(i, 1);
        const s = c.storages.find((x) => x.storage === storage);
        if (s && gone) s.usedGiB = Math.max(0, s.usedGiB - gone.sizeMiB / 1024);
      }
    },
    () => marked.map((m) => `INFO: removing backup '${m.volid}'`),
  );
}

/** Backups are made at 02:00 UTC on their day. */
function backupTime(b: { daysAgo: number }): number {
  const when = new Date(Date.now() - b.daysAgo * 86_400_000);
  when.setUTCHours(2, 0, 0, 0);
  return Math.floor(when.getTime() / 1000);
}
