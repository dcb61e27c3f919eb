// A node running hot (temperature or sustained CPU) is reported with its busiest guests, which is where a
// person looks first. Nothing is done on its own: which guest may be stopped or moved is the household's call.
import type { RunbookDef } from "../types.js";
import { guestLabel, rows, type GuestRow } from "./read.js";

export const nodeHot: RunbookDef = {
  id: "node_hot",
  title: "Report a hot node with its busiest guests",
  when: ["node_hot"],
  cooldownMs: 60 * 60_000,
  looks: () => [{ step: "guests", tool: "get_cluster_resources", args: { type: "vm" } }],
  decide: (t, found) => {
    const busiest = (rows<GuestRow>(found, "guests") ?? [])
      .filter((g) => g.node === t.node && g.status === "running")
      .sort((a, b) => (b.cpu_pct ?? 0) - (a.cpu_pct ?? 0))
      .slice(0, 3);
    const list = busiest.length > 0
      ? `Busiest guests on ${t.node}: ${busiest.map((g) => `${guestLabel(g)} at ${g.cpu_pct ?? 0}% CPU`).join(", ")}.`
      : `No running guest on ${t.node} could be read.`;
    return { verdict: "report", severity: "warning", summary: t.title, reason: `${t.title}. ${list}` };
  },
};
