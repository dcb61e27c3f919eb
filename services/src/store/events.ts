// The events table (alerts, actions, status changes, metrics) and its live feed: every insert is handed to
// subscribers right after it is stored, so the stream and the table never disagree.
import { EventEmitter } from "node:events";
import { and, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";
import { events, type EVENT_SOURCES, type EVENT_TYPES, type SEVERITIES } from "./schema.js";

export type EventType = (typeof EVENT_TYPES)[number];
export type EventRow = typeof events.$inferSelect;
export type NewEvent = Omit<typeof events.$inferInsert, "id" | "createdAt">;

export interface EventQuery {
  types?: readonly EventType[];
  severity?: (typeof SEVERITIES)[number];
  source?: (typeof EVENT_SOURCES)[number];
  since?: Date;
  /** Id cursor: only events older than this one (for paging back). */
  beforeId?: number;
  limit?: number;
}

export const MAX_EVENT_PAGE = 500;

export class EventsRepo extends EventEmitter<{ event: [EventRow] }> {
  constructor(private readonly db: Db) {
    super();
    // Every WS subscriber is a listener; the default cap of 10 would warn for an ordinary household.
    this.setMaxListeners(0);
  }

  add(event: NewEvent): EventRow {
    const row = this.db.insert(events).values(event).returning().get();
    this.emit("event", row);
    return row;
  }

  /** Newest first. */
  list(q: EventQuery = {}): EventRow[] {
    const where: SQL[] = [];
    if (q.types) where.push(inArray(events.type, [...q.types]));
    if (q.severity) where.push(eq(events.severity, q.severity));
    if (q.source) where.push(eq(events.source, q.source));
    if (q.since) where.push(gte(events.createdAt, q.since));
    if (q.beforeId !== undefined) where.push(lt(events.id, q.beforeId));
    return this.db
      .select()
      .from(events)
      .where(and(...where))
      .orderBy(desc(events.id))
      .limit(Math.min(q.limit ?? 100, MAX_EVENT_PAGE))
      .all();
  }

  resolve(id: number): boolean {
    return this.db.update(events).set({ resolved: true }).where(eq(events.id, id)).run().changes > 0;
  }

  /** Calls `listener` for each new event until the returned function is called. */
  subscribe(listener: (event: EventRow) => void): () => void {
    this.on("event", listener);
    return () => this.off("event", listener);
  }
}
