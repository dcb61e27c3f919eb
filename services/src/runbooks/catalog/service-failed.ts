// A Proxmox service that failed on a node is proposed for a restart: restarting a node service interrupts
// what it serves, so the restart is ORANGE and waits for a person's approval.
import type { RunbookDef } from "../types.js";
import { failure, rows } from "./read.js";

interface ServiceRow {
  service: string;
  state: string;
  description?: string;
}

export const serviceFailed: RunbookDef = {
  id: "service_failed",
  title: "Propose restarting a failed node service",
  when: ["service_failed"],
  looks: (t) => [{ step: "services", tool: "get_node_services", args: { node: t.node } }],
  decide: (t, found, ctx) => {
    const { node, service } = t as { node: string; service: string };
    const services = rows<ServiceRow>(found, "services");
    const s = services?.find((x) => x.service === service);
    if (s && s.state !== "failed") return { verdict: "leave", reason: `${service} on ${node} is ${s.state} again.` };
    const what = `${service}${s?.description ? ` (${s.description})` : ""} failed on ${node}`;
    const unseen = services ? "" : ` Jarvis could not read the node's services (${failure(found, "services")}).`;
    if (!ctx.has("restart_node_service")) return { verdict: "report", severity: "warning", summary: what, reason: `${what}.${unseen}` };
    return {
      verdict: "act",
      severity: "warning",
      summary: `Restart ${service} on ${node}`,
      done: `Restarted ${service} on ${node}`,
      reason: `${what}.${unseen} A restart often brings it back; it briefly interrupts what the service does, so it waits for your approval.`,
      acts: [{ tool: "restart_node_service", args: { node, service } }],
    };
  },
};
