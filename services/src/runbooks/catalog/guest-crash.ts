// A guest that stopped unexpectedly is started again. "Unexpectedly" means no person and no task stopped it:
// Proxmox records every stop, shutdown, migration or stop-mode backup as a task on the guest (the UI, `qm`,
// the HA manager and Jarvis's own tools alike), while a guest that crashed or powered itself off leaves none.
// When it cannot read the tasks, it does not guess: it tells the household instead.
import type { RunbookDef } from "../types.js";
import { failure, guestLabel, rows, type GuestRow } from "./read.js";

/** How far back before the alert a task counts as the reason the guest stopped. */
const TASK_WINDOW_MS = 15 * 60_000;
/** Proxmox task types that stop a guest (or take it away): a person, the HA manager or a backup did it. */
const STOPPING = new Set([
  "qmstop", "qmshutdown", "qmreboot", "qmsuspend", "qmigrate", "qmdestroy", "qmrestore", "qmrollback",
  "vzstop", "vzshutdown", "vzreboot", "vzsuspend", "vzmigrate", "vzdestroy", "vzrestore", "vzrollback",
  "vzdump", "hastop", "hamigrate", "harelocate",
]);

interface TaskRow {
  type: string;
  id?: string;
  user: string;
  started?: string;
  result: string;
}

export const guestCrash: RunbookDef = {
  id: "guest_crash",
  title: "Start a guest that stopped unexpectedly",
  when: ["guest_stopped"],
  looks: () => [
    { step: "guests", tool: "get_cluster_resources", args: { type: "vm" } },
    { step: "tasks", tool: "get_recent_tasks", args: { limit: 100 } },
  ],
  decide: (t, found) => {
    const guests = rows<GuestRow>(found, "guests");
    const tasks = rows<TaskRow>(found, "tasks");
    const label = t.title.replace(/ stopped unexpectedly$/, "");
    if (!guests) return { verdict: "report", severity: "warning", summary: `${label} stopped; Jarvis could not check it`, reason: `The cluster could not be read (${failure(found, "guests")}), so Jarvis left it alone.` };
    const g = guests.find((x) => x.vmid === t.vmid);
    if (!g) return { verdict: "leave", reason: `Guest ${t.vmid} is no longer in the cluster.` };
    if (g.status === "running") return { verdict: "leave", reason: `${guestLabel(g)} is running again.` };
    if (g.status !== "stopped") return { verdict: "leave", reason: `${guestLabel(g)} is ${g.status ?? "in an unknown state"}, not stopped (its node may be down).` };
    if (g.template) return { verdict: "leave", reason: `${guestLabel(g)} is a template.` };
    if (!tasks) return { verdict: "report", severity: "warning", summary: `${guestLabel(g)} stopped; Jarvis could not tell why`, reason: `Proxmox's task list could not be read (${failure(found, "tasks")}), so Jarvis cannot tell a crash from a stop by a person, and left it alone.` };
    const since = t.at - TASK_WINDOW_MS;
    const stopper = tasks.find((x) => x.id === String(g.vmid) && STOPPING.has(x.type) && x.started !== undefined && Date.parse(x.started) >= since);
    if (stopper) {
      return { verdict: "leave", reason: `${guestLabel(g)} was stopped by ${stopper.user}'s ${stopper.type} task (${stopper.started}, ${stopper.result}): a person or a task did it, so it stays stopped.` };
    }
    const tool = g.type === "lxc" ? "start_container" : "start_vm";
    return {
      verdict: "act",
      summary: `Start ${guestLabel(g)} again`,
      done: `Started ${guestLabel(g)} again`,
      reason: `${guestLabel(g)} on ${g.node} stopped with no task behind it in the last ${TASK_WINDOW_MS / 60_000} minutes (no person, backup or migration stopped it): it crashed or shut itself down.`,
      acts: [{ tool, args: { vmid: g.vmid, ...(g.node ? { node: g.node } : {}) } }],
    };
  },
};
