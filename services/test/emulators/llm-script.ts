// The script model shared by the Anthropic and OpenAI emulators: a test queues steps (each answers one or
// more requests with text, tool calls, an error, a delay or a hang), the emulator records every request it
// received, and both render the same step in their own wire format. Also the small pieces of HTTP plumbing
// both need (JSON body, SSE, pacing that stops when the client goes away).
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export interface ToolCallSpec {
  name: string;
  input: Record<string, unknown>;
  /** Fixed id (toolu_... / call_...); generated when absent. */
  id?: string;
}

export interface ErrorSpec {
  /** 429, 500, 529, 503... rendered in the API's own error shape. */
  status: number;
  message?: string;
  /** Seconds for the retry-after header (the SDKs honour it). */
  retryAfter?: number;
}

export interface UsageSpec {
  input?: number;
  output?: number;
  cacheCreation?: number;
  cacheRead?: number;
}

export interface Step {
  /** Only a request whose body satisfies this takes the step; steps without it answer in queue order. */
  match?: (body: any) => boolean;
  /** How many requests this step answers before it is used up (default 1). */
  times?: number;
  text?: string;
  toolCalls?: ToolCallSpec[];
  /** End the reply as if the token limit was hit (Anthropic max_tokens, OpenAI length). */
  truncated?: boolean;
  /** Token counts to report; missing ones are estimated (about 4 characters a token). */
  usage?: UsageSpec;
  /** Characters per text delta / per tool-argument piece (default 6). */
  chunkChars?: number;
  /** Wait before answering at all (time to first byte). */
  latencyMs?: number;
  /** Wait between streamed chunks: a token rate. */
  chunkDelayMs?: number;
  /** Answer with this HTTP error instead of a reply. */
  error?: ErrorSpec;
  /** Never answer (until the client gives up or the emulator closes). */
  hang?: boolean;
  /** Stream this many content chunks, then send an error event (if given) or stall forever. */
  breakAfter?: { chunks: number; error?: ErrorSpec };
}

export type Outcome = "completed" | "aborted";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
  /** HTTP status the emulator answered with (0 while undecided, e.g. a hang). */
  readonly status: number;
  /** Settles when the exchange ends: the response was finished, or the client closed the connection first. */
  outcome: Promise<Outcome>;
}

/** What answers a request no scripted step matches: a fixed step, or one made from the request body. */
export type Fallback = Step | ((body: any) => Step);

/** The queue of scripted steps; the first unused step that matches a request answers it, else the fallback. */
export class Script {
  private readonly steps: { step: Step; left: number }[] = [];

  constructor(private readonly fallback?: Fallback) {}

  add(steps: readonly Step[]): void {
    for (const step of steps) this.steps.push({ step, left: step.times ?? 1 });
  }

  take(body: unknown): Step | undefined {
    const i = this.steps.findIndex(({ step }) => step.match === undefined || step.match(body));
    const entry = this.steps[i];
    if (entry === undefined) return typeof this.fallback === "function" ? this.fallback(body) : this.fallback;
    entry.left -= 1;
    if (entry.left <= 0) this.steps.splice(i, 1);
    return entry.step;
  }

  /** Steps not yet used up. */
  pending(): number {
    return this.steps.length;
  }
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** An id in the providers' style: prefix + base62 characters. */
export function randomId(prefix: string, length = 24): string {
  return prefix + [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** A rough token count: about four characters a token, as the providers' own rules of thumb say. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return Math.max(1, Math.ceil(text.length / 4));
}

export function splitChunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** What a step produces once the request's output limit is applied (limit in tokens, if the request set one). */
export interface Reply {
  text: string;
  toolCalls: ToolCallSpec[];
  truncated: boolean;
  outputTokens: number;
}

export function shapeReply(step: Step, limit: number | undefined): Reply {
  let text = step.text ?? "";
  let toolCalls = step.toolCalls ?? [];
  let truncated = step.truncated ?? false;
  // A reply longer than the request allows is cut where the real model would stop.
  if (limit !== undefined && estimateTokens(text) > limit) {
    text = text.slice(0, limit * 4);
    toolCalls = [];
    truncated = true;
  }
  const produced = text.length + toolCalls.reduce((n, c) => n + JSON.stringify(c.input).length, 0);
  return { text, toolCalls, truncated, outputTokens: step.usage?.output ?? Math.max(1, Math.ceil(produced / 4)) };
}

/** Tracks one exchange: whether the client is still there, and the recorded outcome. */
export class Exchange {
  closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(readonly res: ServerResponse) {
    res.on("close", () => {
      this.closed = true;
      for (const wake of this.waiters) wake();
    });
  }

  /** Resolves after `ms`, or at once when the connection closes. Returns whether the client is still there. */
  async pause(ms: number | undefined): Promise<boolean> {
    if (ms !== undefined && ms > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        this.waiters.add(wake);
      });
    }
    return !this.closed;
  }

  /** Waits until the client goes away (a hang). */
  async untilClosed(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => this.waiters.add(resolve));
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.closed) return;
    const text = JSON.stringify(body);
    this.res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    this.res.end(text);
  }

  openSse(headers: Record<string, string>): void {
    this.res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      ...headers,
    });
    this.res.flushHeaders();
  }

  /** One SSE message; `event` is omitted for OpenAI-style data-only streams. */
  send(data: string, event?: string): void {
    if (!this.closed) this.res.write(`${event === undefined ? "" : `event: ${event}\n`}data: ${data}\n\n`);
  }

  end(): void {
    if (!this.closed) this.res.end();
  }
}

/** Reads and records a request; the body is parsed as JSON when it is JSON. */
export async function receive(
  req: IncomingMessage,
  res: ServerResponse,
  log: RecordedRequest[],
): Promise<{ record: RecordedRequest; exchange: Exchange; parsed: boolean }> {
  const exchange = new Exchange(res);
  // Listen before reading the body: a client may give up while it is still being sent.
  const outcome = new Promise<Outcome>((resolve) =>
    res.on("close", () => resolve(res.writableFinished ? "completed" : "aborted")),
  );
  let body: unknown;
  let parsed = false;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    parsed = true;
  } catch {
    // Not JSON (or the client left mid-body): recorded with an undefined body.
  }
  const record: RecordedRequest = {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0]!,
    headers: req.headers,
    body,
    get status() {
      return res.headersSent ? res.statusCode : 0;
    },
    outcome,
  };
  log.push(record);
  return { record, exchange, parsed };
}
