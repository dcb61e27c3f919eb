// A WebSocket command: its message schema (beyond id and type) and its handler. Commands register in a
// table by type; later parts of the server (agent, cluster, voice, terminal) add their own.
import { z } from "zod";
import type { Principal } from "../auth.js";
import { ApiError } from "../errors.js";

export interface Session {
  readonly principal: Principal;
  /** Aborted when the client goes away, so long-running commands stop with it. */
  readonly signal: AbortSignal;
  /**
   * Streams `{"id": id, "type": "event", "event": event}` to this client. A client that has fallen too far
   * behind (its unsent backlog is over the limit) is disconnected instead, so it never holds up the others.
   */
  sendEvent(id: number, event: unknown): void;
  /** Ties a running subscription to the command id; `unsubscribe` or disconnect calls `stop`. */
  addSubscription(id: number, stop: () => void): void;
}

export interface Command<S extends z.ZodType = z.ZodType> {
  schema: S;
  handle(session: Session, msg: z.infer<S>, id: number): unknown;
}

export const command = <S extends z.ZodType>(def: Command<S>): Command<S> => def;

export type CommandTable = Readonly<Record<string, Command>>;

/** An event already serialised, for one payload fanned out to many clients: each splices the text in. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * The HA user a relay (the integration's connection) speaks for, with what HA says about them. Only the
 * integration's connection may name one; the field is removed from everyone else's commands.
 */
export const relayedUser = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  is_admin: z.boolean().optional(),
});
export type RelayedUser = z.infer<typeof relayedUser>;

/**
 * `via: "ha"`: the integration sends this for what HA itself asks (an action such as jarvis.run_tool, a phone's
 * Approve), so events say "from Home Assistant", not "from the card". A label only: no rule reads the channel.
 */
export const viaHa = z.literal("ha").optional();
export const channelOf = (via: "ha" | undefined): "ha" | "card" => via ?? "card";

/**
 * Admins: password logins and ingress users (HA shows the add-on panel to admins only); for a relayed HA
 * user, what HA says about them. The static MCP token is never an admin.
 */
export function isAdmin(principal: Principal, relayed?: RelayedUser): boolean {
  if (relayed) return relayed.is_admin === true;
  return principal.kind === "ingress" || (principal.kind === "token" && principal.userId !== "mcp");
}

/** Who a command acts for: the relayed HA user when there is one, else the authenticated principal. */
export const actorOf = (principal: Principal, relayed?: RelayedUser): string => relayed?.id ?? principal.userId;

/**
 * Who a command acts for, as a call's context takes it: `actor`, the identity every rule compares; `actorName`,
 * the name people know them by (HA's, for events and replies), when there is one; and whether they are an admin.
 */
export function caller(principal: Principal, relayed?: RelayedUser): { actor: string; actorName?: string; admin: boolean } {
  const actorName = relayed ? relayed.name : principal.kind === "ingress" ? (principal.displayName ?? principal.userName) : undefined;
  return { actor: actorOf(principal, relayed), ...(actorName ? { actorName } : {}), admin: isAdmin(principal, relayed) };
}

/** Things a command table keeps per connection by id (open terminals, recordings); they go with it. */
export class PerConnection<V> {
  private readonly bySession = new WeakMap<Session, Map<string, V>>();

  of(session: Session): Map<string, V> {
    let items = this.bySession.get(session);
    if (!items) this.bySession.set(session, (items = new Map()));
    return items;
  }

  /** The item, or a not_found error naming `what` (another connection's ids are not found either). */
  find(session: Session, id: string, what: string): V {
    const item = this.bySession.get(session)?.get(id);
    if (item === undefined) throw new ApiError("not_found", `no ${what} ${id} on this connection`);
    return item;
  }
}
