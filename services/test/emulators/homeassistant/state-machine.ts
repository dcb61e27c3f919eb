// HA's state machine and event bus in miniature: states shaped like State.as_dict(), events like Event.as_dict(),
// and the compressed forms HA sends to subscribe_entities (State.as_compressed_state and messages._state_diff).
import { randomBytes } from "node:crypto";

export interface HaContext {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

export interface HaState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_reported: string;
  last_updated: string;
  context: HaContext;
}

export interface HaEvent {
  event_type: string;
  data: Record<string, unknown>;
  origin: "LOCAL";
  time_fired: string;
  context: HaContext;
}

export const newContext = (userId: string | null = null): HaContext => ({
  id: randomBytes(16).toString("hex"),
  parent_id: null,
  user_id: userId,
});

// HA writes isoformat() with an explicit +00:00 offset.
const isoNow = () => new Date().toISOString().replace("Z", "+00:00");
const seconds = (iso: string) => Date.parse(iso) / 1000;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class StateMachine {
  private readonly states = new Map<string, HaState>();
  private readonly listeners = new Set<(event: HaEvent) => void>();
  /** Every event fired since start, oldest first (a test hook). */
  readonly fired: HaEvent[] = [];

  get(entityId: string): HaState | undefined {
    return this.states.get(entityId);
  }

  all(): HaState[] {
    return [...this.states.values()];
  }

  /** Like hass.states.async_set: attributes replace the old ones; no change means no state_changed event. */
  set(entityId: string, state: string, attributes: Record<string, unknown>, context = newContext()): HaState {
    const old = this.states.get(entityId);
    const now = isoNow();
    if (old && old.state === state && sameJson(old.attributes, attributes)) {
      old.last_reported = now;
      return old;
    }
    const changed = !old || old.state !== state;
    const next: HaState = {
      entity_id: entityId,
      state,
      attributes: { ...attributes },
      last_changed: changed ? now : old.last_changed,
      last_reported: now,
      last_updated: now,
      context,
    };
    this.states.set(entityId, next);
    this.fire("state_changed", { entity_id: entityId, old_state: old ?? null, new_state: next }, context);
    return next;
  }

  fire(eventType: string, data: Record<string, unknown>, context = newContext()): HaEvent {
    const event: HaEvent = { event_type: eventType, data, origin: "LOCAL", time_fired: isoNow(), context };
    this.fired.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  listen(listener: (event: HaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The context as HA compresses it: the bare id when it carries no parent or user. */
const compressContext = (c: HaContext): string | HaContext =>
  c.parent_id === null && c.user_id === null ? c.id : c;

export function compressState(s: HaState): Record<string, unknown> {
  const out: Record<string, unknown> = {
    s: s.state,
    a: s.attributes,
    c: compressContext(s.context),
    lc: seconds(s.last_changed),
  };
  if (s.last_updated !== s.last_changed) out.lu = seconds(s.last_updated);
  return out;
}

/** The subscribe_entities event for one state_changed event: "a" for a new entity, "r" for a removed one, "c" diff. */
export function entityDiff(data: { entity_id: string; old_state: HaState | null; new_state: HaState | null }) {
  const { entity_id, old_state: before, new_state: after } = data;
  if (!after) return { r: [entity_id] };
  if (!before) return { a: { [entity_id]: compressState(after) } };
  const plus: Record<string, unknown> = {};
  const diff: Record<string, unknown> = { "+": plus };
  if (before.state !== after.state) plus.s = after.state;
  if (before.last_changed !== after.last_changed) plus.lc = seconds(after.last_changed);
  else if (before.last_updated !== after.last_updated) plus.lu = seconds(after.last_updated);
  const ctx: Record<string, unknown> = {};
  if (before.context.parent_id !== after.context.parent_id) ctx.parent_id = after.context.parent_id;
  if (before.context.user_id !== after.context.user_id) ctx.user_id = after.context.user_id;
  if (before.context.id !== after.context.id) {
    if (Object.keys(ctx).length > 0) ctx.id = after.context.id;
    else plus.c = after.context.id;
  }
  if (Object.keys(ctx).length > 0) plus.c = ctx;
  const added = Object.fromEntries(
    Object.entries(after.attributes).filter(([k, v]) => !(k in before.attributes) || !sameJson(before.attributes[k], v)),
  );
  if (Object.keys(added).length > 0) plus.a = added;
  const removed = Object.keys(before.attributes).filter((k) => !(k in after.attributes));
  if (removed.length > 0) diff["-"] = { a: removed };
  return { c: { [entity_id]: diff } };
}
