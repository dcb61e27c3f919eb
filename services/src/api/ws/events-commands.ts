// subscribe_events: the live feed of alerts, actions and status changes, optionally filtered by type,
// severity and source, and preceded by the most recent matching ones so a fresh client has something to show.
import { z } from "zod";
import type { EventRow, EventsRepo } from "../../store/events.js";
import { EVENT_SOURCES, EVENT_TYPES, SEVERITIES } from "../../store/schema.js";
import { command, type CommandTable } from "./command.js";

export function eventCommands(events: EventsRepo): CommandTable {
  return {
    subscribe_events: command({
      schema: z.object({
        event_types: z.array(z.enum(EVENT_TYPES)).min(1).optional(),
        severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
        sources: z.array(z.enum(EVENT_SOURCES)).min(1).optional(),
        history: z.int().min(0).max(200).default(0),
      }),
      handle(session, msg, id) {
        const types = msg.event_types && new Set<string>(msg.event_types);
        const severities = msg.severities && new Set<string>(msg.severities);
        const sources = msg.sources && new Set<string>(msg.sources);
        const wanted = (e: EventRow) => (!types || types.has(e.type)) && (!severities || severities.has(e.severity)) && (!sources || sources.has(e.source));
        session.addSubscription(
          id,
          events.subscribe((event) => {
            if (wanted(event)) session.sendEvent(id, event);
          }),
        );
        return { recent: msg.history > 0 ? recent(events, msg.history, msg) : [] };
      },
    }),
  };
}

/**
 * The newest `limit` events that match. The repo filters one severity and one source at a time, so each
 * combination asked for is one query, merged newest first (at most 4 x 4 small queries).
 */
function recent(
  events: EventsRepo,
  limit: number,
  f: { event_types?: EventRow["type"][]; severities?: EventRow["severity"][]; sources?: EventRow["source"][] },
): EventRow[] {
  const rows = new Map<number, EventRow>();
  for (const severity of f.severities ?? [undefined]) {
    for (const source of f.sources ?? [undefined]) {
      for (const row of events.list({ limit, types: f.event_types, severity, source })) rows.set(row.id, row);
    }
  }
  return [...rows.values()].sort((a, b) => b.id - a.id).slice(0, limit);
}
