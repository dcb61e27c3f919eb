// subscribe_events: the live feed of alerts, actions and status changes, optionally filtered by type and
// preceded by the most recent ones so a fresh client has something to show.
import { z } from "zod";
import type { EventsRepo } from "../../store/events.js";
import { EVENT_TYPES } from "../../store/schema.js";
import { command, type CommandTable } from "./command.js";

export function eventCommands(events: EventsRepo): CommandTable {
  return {
    subscribe_events: command({
      schema: z.object({
        event_types: z.array(z.enum(EVENT_TYPES)).min(1).optional(),
        history: z.int().min(0).max(200).default(0),
      }),
      handle(session, msg, id) {
        const wanted = msg.event_types ? new Set<string>(msg.event_types) : null;
        session.addSubscription(
          id,
          events.subscribe((event) => {
            if (!wanted || wanted.has(event.type)) session.sendEvent(id, event);
          }),
        );
        const recent = msg.history > 0 ? events.list({ limit: msg.history, types: msg.event_types }) : [];
        return { recent };
      },
    }),
  };
}
