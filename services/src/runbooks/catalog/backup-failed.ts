// A backup that failed is reported with the end of its task's log, where vzdump writes why. The trigger may
// come from Proxmox's own notification (pushed to the webhook) or from the node watcher seeing the failed
// task; either way it is one report per node per job.
import type { RunbookDef } from "../types.js";
import { failure, record } from "./read.js";

interface LogAnswer {
  upid: string;
  id?: string;
  lines: string[];
}

export const backupFailed: RunbookDef = {
  id: "backup_failed",
  title: "Report a failed backup with its log",
  when: ["backup_failed"],
  cooldownMs: 30 * 60_000,
  looks: (t) => [
    {
      step: "log",
      tool: "get_task_log",
      args: t.upid ? { upid: t.upid, lines: 15 } : { node: t.node, type: "vzdump", ...(t.vmid ? { vmid: t.vmid } : {}), failed_only: true, lines: 15 },
    },
  ],
  decide: (t, found) => {
    const log = record<LogAnswer>(found, "log");
    const vmids = Array.isArray(t.data.vmids) && t.data.vmids.length > 0 ? (t.data.vmids as number[]) : t.vmid ? [t.vmid] : [];
    const what = vmids.length > 0 ? `Backup of ${vmids.map((v) => `guest ${v}`).join(", ")} failed on ${t.node}` : `A backup failed on ${t.node}`;
    if (!log) {
      const said = typeof t.data.message === "string" ? ` Proxmox said: ${t.data.message.split("\n").find((l) => l.includes("ERROR")) ?? t.title}` : "";
      return { verdict: "report", severity: "error", summary: what, reason: `The task's log could not be read (${failure(found, "log")}).${said}` };
    }
    const errors = log.lines.filter((l) => /\bERROR\b/.test(l));
    return {
      verdict: "report",
      severity: "error",
      summary: what,
      reason: `${errors.length > 0 ? `${errors.join(" ")} ` : ""}The end of the task's log (${log.upid}):\n${log.lines.join("\n")}`,
    };
  },
};
