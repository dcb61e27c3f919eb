// The ingress page talks to the add-on's own /api/ws. Ingress requests are already authenticated; elsewhere
// a token from /api/auth/login goes in the first frame. Persistent streams are re-opened after a reconnect.
// A connection the server does not accept (bad token, no token outside ingress) ends in "unauthorized" and
// is not retried: retrying cannot fix it, only a login can.
import { JarvisError, toJarvisError, type Fields, type OpenOptions, type Stream, type Transport } from "./transport.js";

type Frame =
  | { id: number; type: "result"; success: true; result: unknown }
  | { id: number; type: "result"; success: false; error: { code: string; message: string } }
  | { id: number; type: "event"; event: unknown };

interface Pending {
  resolve(result: unknown): void;
  reject(err: JarvisError): void;
  onEvent?(event: unknown): void;
}

interface Persistent {
  type: string;
  fields: Fields;
  opts: OpenOptions<unknown>;
  id: number;
}

export type ConnectionState = "connecting" | "open" | "closed" | "unauthorized";

const RECONNECT_MS = 3_000;
/** The server closes with 4001 when authentication fails, and with 4008 when none came in time. */
const CLOSE_AUTH_FAILED = 4001;
const CLOSE_AUTH_TIMEOUT = 4008;

/** ws:// or wss:// for `api/ws` relative to the page, so it works under an ingress path prefix. */
export const wsUrlFor = (page: string): string => {
  const url = new URL("api/ws", page);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
};

export class WsTransport implements Transport {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly persistent = new Set<Persistent>();
  private outbox: string[] = [];
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Set once the server refused the connection; later commands fail with it at once. */
  private refusedWith: JarvisError | undefined;

  constructor(
    private readonly url: string,
    /** `onState` gets the server's reason with "unauthorized" (such as "token expired: log in again"). */
    private readonly opts: { token?: string; onState?(state: ConnectionState, reason?: string): void } = {},
  ) {
    this.connect();
  }

  private connect(): void {
    this.opts.onState?.("connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const queued = this.outbox;
      this.outbox = [];
      if (this.opts.token) socket.send(JSON.stringify({ id: this.id(), type: "auth", access_token: this.opts.token }));
      for (const text of queued) socket.send(text);
      this.opts.onState?.("open");
    };
    socket.onmessage = (msg) => this.onFrame(JSON.parse(String(msg.data)) as Frame);
    socket.onclose = (ev) => this.onClose(ev.code);
  }

  private onClose(code: number): void {
    if (code === CLOSE_AUTH_FAILED || code === CLOSE_AUTH_TIMEOUT) return this.refused("not logged in");
    if (this.refusedWith) return;
    this.rejectPending(new JarvisError("connection_lost", "connection to Jarvis lost"));
    this.opts.onState?.("closed");
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      this.connect();
      for (const p of this.persistent) void this.reopen(p);
    }, RECONNECT_MS);
  }

  /** The server will not serve this connection: everything waiting fails, and nothing is retried. */
  private refused(message: string): void {
    if (this.refusedWith) return;
    this.refusedWith = new JarvisError("unauthorized", message);
    this.stopped = true;
    clearTimeout(this.retry);
    this.rejectPending(this.refusedWith);
    this.persistent.clear();
    this.socket?.close();
    this.opts.onState?.("unauthorized", message);
  }

  private rejectPending(err: JarvisError): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private async reopen(p: Persistent): Promise<void> {
    try {
      const result = await this.send(p.type, p.fields, p.opts.onEvent, (id) => (p.id = id));
      p.opts.onResult?.(result);
    } catch {
      // The next reconnect tries again.
    }
  }

  private onFrame(frame: Frame): void {
    // "unauthorized" only ever means the connection itself is not authenticated (a refused permission is
    // "forbidden"), so it ends the connection rather than failing one view after another.
    if (frame.type === "result" && !frame.success && frame.error.code === "unauthorized") return this.refused(frame.error.message);
    const p = this.pending.get(frame.id);
    if (!p) return;
    if (frame.type === "event") p.onEvent?.(frame.event);
    else if (frame.success) p.resolve(frame.result);
    else p.reject(toJarvisError(frame.error));
  }

  private id(): number {
    return this.nextId++;
  }

  /** Sends a command; the entry stays registered after the result when it streams events. */
  private send(type: string, fields: Fields, onEvent?: (e: unknown) => void, onId?: (id: number) => void): Promise<unknown> {
    const id = this.id();
    onId?.(id);
    const text = JSON.stringify({ ...fields, id, type });
    if (this.refusedWith) return Promise.reject(this.refusedWith);
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        onEvent,
        resolve: (r) => {
          if (!onEvent) this.pending.delete(id);
          resolve(r);
        },
        reject: (e) => {
          this.pending.delete(id);
          reject(e);
        },
      });
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
      else this.outbox.push(text);
    });
  }

  call<R>(type: string, fields: Fields = {}): Promise<R> {
    return this.send(type, fields) as Promise<R>;
  }

  async open<R>(type: string, fields: Fields, opts: OpenOptions<R>): Promise<Stream<R>> {
    const entry: Persistent = { type, fields, opts: opts as OpenOptions<unknown>, id: 0 };
    const result = (await this.send(type, fields, opts.onEvent, (id) => (entry.id = id))) as R;
    if (opts.persistent) this.persistent.add(entry);
    return {
      result,
      close: () => {
        this.pending.delete(entry.id);
        if (!this.persistent.delete(entry)) return;
        this.send("unsubscribe", { subscription: entry.id }).catch(() => undefined);
      },
    };
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
  }
}
