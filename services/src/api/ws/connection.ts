// One client on /api/ws, in HA's message style. Until it authenticates (or came in through ingress or with a
// bearer header) only `auth` and `ping` work. Every frame gets an answer: malformed JSON, a missing id, an
// unknown type or bad fields each come back as an error result, and the connection keeps serving.
import type { WebSocket } from "ws";
import { z } from "zod";
import type { Logger } from "../../log.js";
import type { Auth, Principal } from "../auth.js";
import { ApiError } from "../errors.js";
import { JsonText, relayedUser, type CommandTable, type Session } from "./command.js";

/** Close code for a client that failed to authenticate (4000-4999 are the application's). */
export const CLOSE_AUTH_FAILED = 4001;
/** Close code for a client that never authenticated in time. */
export const CLOSE_AUTH_TIMEOUT = 4008;
/** Close code for a client that stopped reading: its backlog of unsent events passed the limit. */
export const CLOSE_TOO_SLOW = 4009;
/** Default backlog (bytes queued in the socket, unsent) past which a client is dropped. */
export const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
/** A dropped client that does not complete the closing handshake is cut after this long. */
const SLOW_CLOSE_MS = 1_000;

const envelope = z.object({ id: z.int().positive(), type: z.string().min(1).max(100) }).loose();
const authMessage = z.object({ access_token: z.string().min(1).max(8192) });
const unsubscribeMessage = z.object({ subscription: z.int().positive() });

export class Connection implements Session {
  private current: Principal | null;
  private readonly subscriptions = new Map<number, () => void>();
  private authTimer: NodeJS.Timeout | undefined;
  /** An auth message still being checked: frames that follow it wait, so a client may pipeline. */
  private authInFlight: Promise<unknown> | null = null;
  private readonly closed = new AbortController();

  constructor(
    private readonly ws: WebSocket,
    principal: Principal | null,
    private readonly deps: { auth: Auth; commands: CommandTable; log: Logger; authTimeoutMs: number; maxBacklogBytes?: number },
  ) {
    this.current = principal;
    if (!principal) {
      this.authTimer = setTimeout(
        () => ws.close(CLOSE_AUTH_TIMEOUT, "authentication timed out"),
        deps.authTimeoutMs,
      );
    }
    ws.on("message", (data, isBinary) => void this.onFrame(data.toString(), isBinary));
    ws.on("close", () => this.dispose());
  }

  get signal(): AbortSignal {
    return this.closed.signal;
  }

  get principal(): Principal {
    if (!this.current) throw new ApiError("unauthorized", "not authenticated");
    return this.current;
  }

  private send(message: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  sendEvent(id: number, event: unknown): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > (this.deps.maxBacklogBytes ?? MAX_BACKLOG_BYTES)) {
      this.dropSlowClient();
      return;
    }
    this.ws.send(event instanceof JsonText ? `{"id":${id},"type":"event","event":${event.text}}` : JSON.stringify({ id, type: "event", event }));
  }

  /** A client that stopped reading is let go, so the streams it subscribed to never wait for it. */
  private dropSlowClient(): void {
    this.deps.log.warn({ backlog: this.ws.bufferedAmount }, "dropping a WebSocket client that stopped reading");
    this.ws.close(CLOSE_TOO_SLOW, "too far behind");
    setTimeout(() => this.ws.terminate(), SLOW_CLOSE_MS).unref();
  }

  private sendResult(id: number | null, result: unknown): void {
    this.send({ id, type: "result", success: true, result: result ?? null });
  }

  private sendError(id: number | null, err: ApiError): void {
    this.send({ id, type: "result", success: false, error: err.toJSON() });
  }

  addSubscription(id: number, stop: () => void): void {
    this.subscriptions.set(id, stop);
  }

  private async onFrame(text: string, isBinary: boolean): Promise<void> {
    let id: number | null = null;
    try {
      if (isBinary) throw new ApiError("invalid_format", "binary frames are not accepted here");
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ApiError("invalid_format", "message is not valid JSON");
      }
      const rawId = (parsed as { id?: unknown } | null)?.id;
      if (Number.isSafeInteger(rawId) && (rawId as number) > 0) id = rawId as number;
      const head = envelope.safeParse(parsed);
      if (!head.success) {
        throw new ApiError("invalid_format", 'expected an object with a positive integer "id" and a "type"');
      }
      const result = await this.dispatch(head.data.id, head.data.type, head.data);
      if (result !== NO_REPLY) this.sendResult(id, result);
    } catch (err) {
      this.sendError(id, this.toApiError(err));
    }
  }

  private async dispatch(id: number, type: string, msg: Record<string, unknown>): Promise<unknown> {
    if (type === "ping") {
      this.send({ id, type: "pong" });
      return NO_REPLY;
    }
    if (type === "auth") {
      const checking = this.authenticate(msg);
      this.authInFlight = checking.catch(() => undefined);
      return checking;
    }
    if (this.authInFlight) await this.authInFlight;
    if (!this.current) throw new ApiError("unauthorized", 'send {"type": "auth", "access_token": ...} first');
    if (this.subscriptions.has(id)) throw new ApiError("id_reuse", `id ${id} is in use by a subscription`);
    if (type === "unsubscribe") return this.unsubscribe(msg);

    const cmd = Object.hasOwn(this.deps.commands, type) ? this.deps.commands[type] : undefined;
    if (!cmd) throw new ApiError("unknown_command", `unknown command type "${type}"`);
    const fields = cmd.schema.safeParse(this.withRelayedUser(msg));
    if (!fields.success) {
      throw new ApiError("invalid_format", z.prettifyError(fields.error).replace(/\n/g, "; "));
    }
    return cmd.handle(this, fields.data, id);
  }

  /** Keeps `user` only on the integration's connection, checked; anyone else cannot speak for an HA user. */
  private withRelayedUser(msg: Record<string, unknown>): Record<string, unknown> {
    const { user, ...rest } = msg;
    if (this.current?.kind !== "integration" || user === undefined) return rest;
    return { ...rest, user: relayedUser.parse(user) };
  }

  private async authenticate(msg: Record<string, unknown>): Promise<unknown> {
    const parsed = authMessage.safeParse(msg);
    try {
      if (!parsed.success) throw new ApiError("unauthorized", 'auth needs an "access_token"');
      this.current = await this.deps.auth.verifyToken(parsed.data.access_token);
    } catch (err) {
      // An already trusted connection (ingress) keeps its identity; anyone else is shown the door.
      if (!this.current) setImmediate(() => this.ws.close(CLOSE_AUTH_FAILED, "authentication failed"));
      throw err;
    }
    clearTimeout(this.authTimer);
    return { user: this.current };
  }

  private unsubscribe(msg: Record<string, unknown>): null {
    const { subscription } = unsubscribeMessage.parse(msg);
    const stop = this.subscriptions.get(subscription);
    if (!stop) throw new ApiError("not_found", `no subscription ${subscription}`);
    stop();
    this.subscriptions.delete(subscription);
    return null;
  }

  private toApiError(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (err instanceof z.ZodError) {
      return new ApiError("invalid_format", z.prettifyError(err).replace(/\n/g, "; "));
    }
    this.deps.log.error({ err }, "unhandled error in WS command");
    return new ApiError("internal_error", "internal error");
  }

  private dispose(): void {
    clearTimeout(this.authTimer);
    this.closed.abort(new Error("client disconnected"));
    for (const stop of this.subscriptions.values()) stop();
    this.subscriptions.clear();
  }
}

const NO_REPLY = Symbol("no reply");
