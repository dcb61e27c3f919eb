// A WebSocket command: its message schema (beyond id and type) and its handler. Commands register in a
// table by type; later parts of the server (agent, cluster, voice, terminal) add their own.
import type { z } from "zod";
import type { Principal } from "../auth.js";

export interface Session {
  readonly principal: Principal;
  /** Aborted when the client goes away, so long-running commands stop with it. */
  readonly signal: AbortSignal;
  /** Streams `{"id": id, "type": "event", "event": event}` to this client. */
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
