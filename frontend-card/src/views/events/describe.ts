// What an event says to a person: for a tool call, what ran (in words that name what it acted on), the call
// itself, for whom, who approved it and how it ended; a denial names the action it denied (a denial stored
// before denials carried it: from the held call's own event). Other events keep their title.
import type { EventRow } from "./events-view.js";

interface ActionData {
  tool?: string;
  tier?: string;
  decision?: "ok" | "error" | "refused" | "approval_required";
  args?: Record<string, unknown> | null;
  /** The call in words ("Stop VM 102 (docker-host)"), when its tool says it. */
  summary?: string;
  actor?: string;
  /** The actor's name as HA shows it (the actor is an id). */
  actorName?: string;
  channel?: string;
  approver?: string | null;
  durationMs?: number | null;
  result?: string;
  error?: string;
  reason?: string;
  actionId?: string;
  by?: string;
  /** A denial, or an approved call: who asked for the held action (an id). */
  requestedBy?: string | null;
  user?: string;
  runbook?: string;
  outcome?: string;
}

export interface Described {
  title: string;
  /** The call as it was made (tool and arguments), when the title is its summary. */
  call?: string;
  /** Who asked, through what, and who approved. */
  who?: string;
  /** How it ended: the result (cut), the error or the reason. */
  outcome?: string;
  /** The whole result, when `outcome` had to cut it. */
  full?: string;
}

const HEADS: Record<NonNullable<ActionData["decision"]>, string> = {
  ok: "Ran",
  error: "Failed",
  refused: "Refused",
  approval_required: "Waiting for approval",
};

const CHANNELS: Record<string, string> = {
  agent: "in a conversation",
  fastpath: "in a conversation",
  card: "from the card",
  ha: "from Home Assistant",
  mcp: "over MCP",
  runbook: "by a runbook",
};

const MAX_SHOWN = 160;

/** `stop_vm (vmid 102, node pve3)`: the call as it was made, arguments in order. */
export function callText(tool: string, args: Record<string, unknown> | null | undefined): string {
  const parts = Object.entries(args ?? {}).map(([k, v]) => `${k} ${typeof v === "string" ? v : JSON.stringify(v)}`);
  return parts.length ? `${tool} (${parts.join(", ")})` : tool;
}

const cut = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

export function describeEvent(row: EventRow, heldById: (actionId: string) => EventRow | undefined): Described {
  const d = (row.data ?? {}) as ActionData;
  if (row.type === "action" && d.tool && d.decision) {
    const approved = d.approver ? `; approved by ${d.approver}` : "";
    const took = d.durationMs != null && d.decision === "ok" ? ` in ${(d.durationMs / 1000).toFixed(1)} s` : "";
    const ended = d.decision === "ok" ? (d.result ?? "") : (d.error ?? d.reason ?? "");
    const call = callText(d.tool, d.args);
    // An approved call runs as whoever approved it; the asker is the held call's (its event has their name).
    const hold = d.approver && d.actionId ? (heldById(d.actionId)?.data as ActionData | undefined) : undefined;
    const asker = hold ? (hold.actorName ?? hold.actor) : d.approver && d.requestedBy ? d.requestedBy : (d.actorName ?? d.actor);
    const channel = (hold ?? d).channel;
    const via = channel ? ` ${CHANNELS[channel] ?? `through ${channel}`}` : "";
    return {
      title: `${HEADS[d.decision]}: ${d.summary ?? call}${took}`,
      call: d.summary ? call : undefined,
      who: asker ? `Asked by ${asker}${via}${approved}` : undefined,
      outcome: ended ? `${d.decision === "ok" ? "Result" : "Why"}: ${cut(ended)}` : undefined,
      full: ended.length > MAX_SHOWN ? ended : undefined,
    };
  }
  if (row.type === "action" && d.actionId && d.by) {
    const hold = heldById(d.actionId)?.data as ActionData | undefined;
    const held = d.tool ? d : hold;
    const call = held?.tool ? callText(held.tool, held.args) : undefined;
    // The hold's own event knows the asker's name; the denial only their id.
    const asker = hold?.actorName ?? hold?.actor ?? d.requestedBy;
    return {
      title: `Denied: ${held?.summary ?? call ?? "an action held for approval"}`,
      call: held?.summary ? call : undefined,
      who: `${asker ? `Asked by ${asker}; ` : ""}denied by ${d.by}`,
      outcome: "Nothing was done.",
    };
  }
  // A runbook's own event: what it did or found is the title, its reasoning the message.
  if (d.runbook) return { title: row.title, who: `On its own: the ${d.runbook} runbook` };
  return { title: row.title, who: d.user ? `By ${d.user}` : undefined };
}
