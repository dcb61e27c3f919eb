// The actions held for approval right now, across every conversation and channel: what HA's "pending
// approvals" sensor counts and lists. They are read from what the registry records (each hold is an action
// event naming its action id, with the arguments already cleaned of secrets), kept only while the held
// action is still pending and live, and said the way Jarvis says them when it holds them.
import type { ApprovalsRepo } from "../store/approvals.js";
import { MAX_EVENT_PAGE, type EventRow, type EventsRepo } from "../store/events.js";
import type { ToolRegistry } from "../tools/registry.js";

export interface PendingAction {
  action_id: string;
  tool: string;
  tier: string;
  summary: string;
  /** Who asked: an HA user id, "home-assistant" (an automation), "mcp", or a login. */
  requested_by: string | null;
  conversation_id: string | null;
  created_at: string;
  expires_at: string;
}

/** Held actions expire within minutes; a day back is far more than any live one can be. */
const LOOKBACK_MS = 24 * 3_600_000;

interface HoldRecord {
  actionId?: unknown;
  decision?: unknown;
  args?: unknown;
}

/** Every hold recorded since `since`, newest first, one per action id. */
function holds(events: Pick<EventsRepo, "list">, since: Date): Map<string, EventRow> {
  const found = new Map<string, EventRow>();
  let beforeId: number | undefined;
  for (;;) {
    const page = events.list({ types: ["action"], source: "jarvis", since, beforeId, limit: MAX_EVENT_PAGE });
    for (const row of page) {
      const data = (row.data ?? {}) as HoldRecord;
      if (data.decision === "approval_required" && typeof data.actionId === "string" && !found.has(data.actionId)) found.set(data.actionId, row);
    }
    if (page.length < MAX_EVENT_PAGE) return found;
    beforeId = page.at(-1)!.id;
  }
}

export function pendingActions(
  deps: { events: Pick<EventsRepo, "list">; approvals: Pick<ApprovalsRepo, "get">; registry: Pick<ToolRegistry, "get"> },
  now = new Date(),
): PendingAction[] {
  const out: PendingAction[] = [];
  for (const [actionId, row] of holds(deps.events, new Date(now.getTime() - LOOKBACK_MS))) {
    const held = deps.approvals.get(actionId);
    if (!held || held.status !== "pending" || held.expiresAt <= now) continue;
    const args = (row.data as HoldRecord).args;
    const summarize = deps.registry.get(held.tool)?.summarize;
    let summary = `${held.tool} ${JSON.stringify(args ?? {})}`;
    try {
      if (summarize) summary = summarize(args as never);
    } catch {
      // A summary is a nicety: the tool and its arguments say the same.
    }
    out.push({
      action_id: held.id,
      tool: held.tool,
      tier: held.tier,
      summary,
      requested_by: held.requestedBy,
      conversation_id: held.conversationId,
      created_at: held.createdAt.toISOString(),
      expires_at: held.expiresAt.toISOString(),
    });
  }
  return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
}
