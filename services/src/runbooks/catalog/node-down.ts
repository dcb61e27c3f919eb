// A node that stopped answering gets a Wake-on-LAN packet and an alert: a node that lost power or was shut
// down comes back on its own when its card is set to wake; one that hangs needs a person either way.
import type { RunbookDef } from "../types.js";
import { failure, record } from "./read.js";

interface ClusterStatus {
  nodes?: { name: string; online: boolean }[];
}

export const nodeDown: RunbookDef = {
  id: "node_down",
  title: "Wake a node that stopped answering",
  when: ["node_offline", "node_fenced"],
  looks: () => [{ step: "cluster", tool: "get_cluster_status", args: {} }],
  decide: (t, found, ctx) => {
    const node = t.node!;
    const status = record<ClusterStatus>(found, "cluster");
    const seen = status?.nodes?.find((n) => n.name === node);
    if (seen?.online) return { verdict: "leave", reason: `Node ${node} answers again.` };
    const why = t.kind === "node_fenced" ? `Node ${node} was fenced by the HA manager` : `Node ${node} stopped answering`;
    const unseen = status ? "" : ` (the cluster could not be read: ${failure(found, "cluster")})`;
    if (!ctx.has("wake_on_lan")) {
      return {
        verdict: "report",
        severity: "critical",
        summary: `${why}`,
        reason: `${why}${unseen}. Jarvis cannot wake it: no node has a MAC address set (add "mac" to its PVE_NODES entry).`,
      };
    }
    return {
      verdict: "act",
      severity: "critical",
      summary: `Send ${node} a Wake-on-LAN packet`,
      done: `${why}: Jarvis sent it a Wake-on-LAN packet`,
      reason: `${why}${unseen}. A node that lost power or was shut down wakes on the packet if its network card allows it; one that hangs needs a person.`,
      acts: [{ tool: "wake_on_lan", args: { node } }],
    };
  },
};
