// Storage past its threshold: lists what fills it (the backups on it, largest first) and proposes a prune that
// keeps the newest backups of each guest. The prune is ORANGE, so it waits for a person's approval; when there
// is nothing to prune it only reports.
import type { RunbookDef } from "../types.js";
import { failure, gib, rows } from "./read.js";

/** Backups of each guest a proposed prune keeps. */
export const KEEP_LAST = 2;

interface StorageRow {
  storage: string;
  node: string;
  status?: string;
}
interface BackupRow {
  vmid?: number;
  volid: string;
  size_gib?: number;
  created?: string;
}
interface MarkRow {
  volid: string;
  vmid?: number;
  mark: string;
}

export const storageFull: RunbookDef = {
  id: "storage_full",
  title: "List what fills a storage and propose a prune",
  when: ["storage_full"],
  cooldownMs: 6 * 3_600_000,
  looks: (t, found) => {
    const storage = t.storage!;
    if (!t.node && !("storages" in found)) return [{ step: "storages", tool: "get_storage", args: {} }];
    // A shared storage looks the same from every node: read it through one that has it available.
    const node = t.node ?? rows<StorageRow>(found, "storages")?.find((s) => s.storage === storage && s.status === "available")?.node;
    if (!node) return [];
    return [
      { step: "backups", tool: "get_backups", args: { node, storage } },
      { step: "prune", tool: "preview_backup_prune", args: { node, storage, keep_last: KEEP_LAST } },
    ];
  },
  decide: (t, found, ctx) => {
    const storage = t.storage!;
    const used = typeof t.data.value === "number" ? ` (${Math.round(t.data.value)}% full)` : "";
    const backups = rows<BackupRow>(found, "backups");
    if (!backups) {
      return { verdict: "report", severity: "warning", summary: `Storage ${storage} is filling up${used}`, reason: `Jarvis could not list what is on it (${failure(found, "backups" in found ? "backups" : "storages")}).` };
    }
    const size = new Map(backups.map((b) => [b.volid, b.size_gib ?? 0]));
    const total = backups.reduce((n, b) => n + (b.size_gib ?? 0), 0);
    const largest = [...backups].sort((a, b) => (b.size_gib ?? 0) - (a.size_gib ?? 0)).slice(0, 5);
    const listing = backups.length === 0
      ? "It holds no backups: guest disks or other files fill it, which Jarvis does not remove."
      : `Backups take ${gib(total)} in ${backups.length} files; the largest: ${largest.map((b) => `${b.volid.split("/").pop()} (${gib(b.size_gib ?? 0)})`).join(", ")}.`;
    const removable = (rows<MarkRow>(found, "prune") ?? []).filter((b) => b.mark === "remove");
    if (removable.length === 0 || !ctx.has("prune_backups")) {
      return { verdict: "report", severity: "warning", summary: `Storage ${storage} is filling up${used}`, reason: `${listing} Nothing can be pruned while keeping the newest ${KEEP_LAST} backups of each guest.` };
    }
    const freed = removable.reduce((n, b) => n + (size.get(b.volid) ?? 0), 0);
    // The node the looks read the storage through.
    const args = { node: found.prune!.args.node, storage, keep_last: KEEP_LAST };
    return {
      verdict: "act",
      severity: "warning",
      summary: `Prune ${removable.length} older backups on ${storage} (${gib(freed)}), keeping the newest ${KEEP_LAST} of each guest`,
      done: `Pruned ${removable.length} older backups on ${storage}, freeing about ${gib(freed)}`,
      reason: `Storage ${storage} is filling up${used}. ${listing} Pruning to the newest ${KEEP_LAST} backups of each guest removes ${removable.map((b) => b.volid.split("/").pop()).join(", ")}.`,
      acts: [{ tool: "prune_backups", args }],
    };
  },
};
