// One way to talk to Jarvis, whatever carries it: HA's connection (the integration relays `jarvis/*`) or the
// add-on's own /api/ws (the ingress page). Every view codes against this interface only.

export type Fields = Record<string, unknown>;

/** A command that streams events; `close` ends a subscription (or forgets a finished stream). */
export interface Stream<R> {
  readonly result: R;
  close(): void;
}

export interface OpenOptions<R> {
  onEvent(event: unknown): void;
  /** Keeps streaming after the result; the transport re-opens it after a reconnect and calls onResult again. */
  persistent?: boolean;
  onResult?(result: R): void;
}

export interface Transport {
  /** A command with one answer and no events. */
  call<R>(type: string, fields?: Fields): Promise<R>;
  /** A command whose events arrive through `onEvent`; resolves with its result once it has one. */
  open<R>(type: string, fields: Fields, opts: OpenOptions<R>): Promise<Stream<R>>;
}

/** What the add-on answers with `success: false`, whichever way it travelled. */
export class JarvisError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "JarvisError";
  }
}

/** HA's client rejects with the plain `{code, message}` object; a socket failure is an Error. */
export function toJarvisError(err: unknown): JarvisError {
  if (err instanceof JarvisError) return err;
  if (err && typeof err === "object" && "message" in err) {
    const code = "code" in err ? String((err as { code: unknown }).code) : "unknown_error";
    return new JarvisError(code, String((err as { message: unknown }).message));
  }
  return new JarvisError("unknown_error", String(err));
}
