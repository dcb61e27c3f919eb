// Looking after the cluster beyond its guests, through Proxmox's own API: a task's log, a node's services and
// restarting one, what a backup prune would remove and the prune itself. The runbooks use these (so their
// steps pass the registry's tiers like anyone's); so may the model.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ProxmoxClient } from "../clients/proxmox/client.js";
import type { TaskSummary } from "../clients/proxmox/types.js";
import type { Tier } from "./tiers.js";
import { defineTool, type Assessment } from "./tool.js";
import { isoTime } from "./units.js";

const TASK_WAIT_MS = 120_000;
/** The service ids Proxmox's API lets a client restart (its enum for /nodes/{node}/services/{service}). */
export const PVE_SERVICES = [
  "chrony", "corosync", "cron", "ksmtuned", "lxcfs", "postfix", "proxmox-firewall", "pve-cluster", "pve-firewall",
  "pve-ha-crm", "pve-ha-lrm", "pve-lxc-syscalld", "pvedaemon", "pvefw-logger", "pveproxy", "pvescheduler",
  "pvestatd", "qmeventd", "spiceproxy", "sshd", "syslog", "systemd-journald", "systemd-timesyncd",
] as const;
/** More log lines than any task tail anyone asks for; the tail is cut from these. */
const LOG_READ = 5_000;

export function clusterCareTools(pve: ProxmoxClient, nodeNames: readonly string[]) {
  const node = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/).describe(`Node name (${nodeNames.join(", ")})`);
  const storage = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/);
  const keepLast = z.int().min(1).max(100).describe("How many of the newest backups of each guest to keep (at least 1)");

  /** The newest task on a node matching the filter. */
  async function findTask(a: { node: string; type?: string; vmid?: number; failed_only: boolean }): Promise<TaskSummary> {
    const tasks = await pve.tasks({ node: a.node, limit: 100, errorsOnly: a.failed_only });
    const found = tasks
      .filter((t) => (a.type === undefined || t.type === a.type) && (a.vmid === undefined || t.id === String(a.vmid)))
      .filter((t) => !a.failed_only || (t.status !== undefined && t.status !== "OK"))
      .sort((x, y) => y.starttime - x.starttime)[0];
    if (!found) throw new Error(`no ${a.failed_only ? "failed " : ""}${a.type ?? ""} task${a.vmid ? ` of guest ${a.vmid}` : ""} among the recent tasks on ${a.node}`);
    return found;
  }

  /** What the prune would remove, as the approval's binding: a held prune that would now remove others does not run. */
  async function pruneCheck(a: { node: string; storage: string; keep_last: number }): Promise<Assessment> {
    const removed = (await pve.prunePreview(a.node, a.storage, a.keep_last)).filter((b) => b.mark === "remove").map((b) => b.volid).sort();
    const binding = createHash("sha256").update(JSON.stringify(removed)).digest("hex");
    return { tier: "GREEN", binding, why: removed.length === 0 ? "nothing to remove now" : `removes ${removed.length}: ${removed.join(", ")}` };
  }

  return [
    defineTool({
      name: "get_task_log",
      category: "cluster",
      description:
        "The end of a Proxmox task's log: by its UPID, or the newest task on a node of a type (vzdump, qmstart...) and/or guest, optionally only failed ones.",
      input: z.object({
        upid: z.string().regex(/^UPID:[^\s]+:$/).optional(),
        node: node.optional(),
        type: z.string().regex(/^[a-z]+$/).optional(),
        vmid: z.int().min(100).optional(),
        failed_only: z.boolean().default(false),
        lines: z.int().min(1).max(200).default(20),
      }),
      tier: "GREEN",
      // Logs carry guest names, paths and command output: text from outside.
      untrusted: true,
      handler: async (a) => {
        if (!a.upid && !a.node) throw new Error("give the task's upid, or the node to look on");
        const task = a.upid ? { upid: a.upid } : await findTask({ node: a.node!, type: a.type, vmid: a.vmid, failed_only: a.failed_only });
        const lines = (await pve.taskLog(task.upid, { limit: LOG_READ })).map((l) => l.t);
        const meta = "type" in task ? { type: task.type, id: task.id || undefined, user: task.user, started: isoTime(task.starttime), result: task.status ?? "running" } : {};
        return { upid: task.upid, ...meta, lines: lines.slice(-a.lines), total_lines: lines.length };
      },
    }),
    defineTool({
      name: "get_node_services",
      category: "cluster",
      description: "The services Proxmox runs on a node (pveproxy, pvedaemon, corosync...) and their state; optionally only failed ones.",
      input: z.object({ node, failed_only: z.boolean().default(false) }),
      tier: "GREEN",
      handler: async (a) =>
        (await pve.nodeServices(a.node))
          .filter((s) => !a.failed_only || s["active-state"] === "failed")
          .map((s) => ({ service: s.service, state: s["active-state"], sub_state: s.state, description: s.desc })),
    }),
    defineTool({
      name: "restart_node_service",
      category: "system",
      description: "Restart one of Proxmox's own services on a node through the Proxmox API (no SSH needed).",
      input: z.object({ node, service: z.enum(PVE_SERVICES) }),
      tier: "ORANGE",
      raise: (a, facts): Tier => (facts.protectedServices.has(a.service) ? "RED" : "GREEN"),
      summarize: (a) => `Restart ${a.service} on ${a.node}`,
      timeoutMs: TASK_WAIT_MS + 15_000,
      handler: async (a) => {
        const upid = await pve.restartNodeService(a.node, a.service);
        const status = await pve.waitForTask(upid, { timeoutMs: TASK_WAIT_MS });
        return { restarted: a.service, node: a.node, result: status.exitstatus ?? status.status, upid };
      },
    }),
    defineTool({
      name: "preview_backup_prune",
      category: "cluster",
      description: "What pruning a storage's backups to the newest N of each guest would keep and remove (changes nothing).",
      input: z.object({ node, storage, keep_last: keepLast }),
      tier: "GREEN",
      handler: async (a) =>
        (await pve.prunePreview(a.node, a.storage, a.keep_last))
          .sort((x, y) => (x.vmid ?? 0) - (y.vmid ?? 0) || y.ctime - x.ctime)
          .map((b) => ({ volid: b.volid, vmid: b.vmid, created: isoTime(b.ctime), mark: b.mark })),
    }),
    defineTool({
      name: "prune_backups",
      category: "system",
      description: "Delete a storage's older backups, keeping the newest N of each guest (protected backups stay). Check with preview_backup_prune first.",
      input: z.object({ node, storage, keep_last: keepLast }),
      tier: "ORANGE",
      raise: (a) => pruneCheck(a),
      summarize: (a) => `Prune the backups on ${a.storage} (${a.node}), keeping the newest ${a.keep_last} of each guest`,
      timeoutMs: TASK_WAIT_MS + 15_000,
      handler: async (a) => {
        const upid = await pve.pruneBackups(a.node, a.storage, a.keep_last);
        const status = await pve.waitForTask(upid, { timeoutMs: TASK_WAIT_MS });
        return { pruned: a.storage, node: a.node, kept_per_guest: a.keep_last, result: status.exitstatus ?? status.status, upid };
      },
    }),
  ];
}
