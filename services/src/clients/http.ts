// HTTP plumbing shared by the REST clients (Frigate, SearXNG, web pages): one undici Agent per client, an
// overall timeout, a byte cap enforced while reading (never after), status-to-ClientError mapping, and
// up/down reporting that fires only when reachability changes.
import type { IncomingHttpHeaders } from "node:http";
import { Agent, request } from "undici";
import { ClientError, type ClientErrorKind, toClientError } from "./errors.js";

export type StatusCallback = (state: "up" | "down", detail: string) => void;

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True when the body was cut at maxBytes (overflow "truncate"). */
  truncated: boolean;
}

export interface GetOptions {
  maxBytes: number;
  /** "error" (default) fails with too_large; "truncate" keeps the first maxBytes and drops the connection. */
  overflow?: "error" | "truncate";
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Runs before the body is read: "skip" leaves the body unread (empty), an error refuses the answer. */
  inspect?: (status: number, headers: IncomingHttpHeaders) => "read" | "skip" | ClientError;
}

const STATUS_KINDS: Record<number, ClientErrorKind> = {
  400: "bad_request",
  401: "auth",
  403: "auth",
  404: "not_found",
  408: "timeout",
  413: "too_large",
  422: "bad_request",
  504: "timeout",
};

/** The ClientError for an HTTP error status. */
export function statusError(service: string, status: number, message: string): ClientError {
  return new ClientError(service, STATUS_KINDS[status] ?? "upstream", message, { status });
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

export class HttpClient {
  private readonly agent: Agent;
  private lastState: "up" | "down" | undefined;

  constructor(
    readonly service: string,
    private readonly timeoutMs: number,
    private readonly onStatus?: StatusCallback,
  ) {
    this.agent = new Agent({ connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async get(url: string, opts: GetOptions): Promise<HttpResponse> {
    try {
      const res = await request(url, {
        dispatcher: this.agent,
        method: "GET",
        headers: opts.headers,
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs),
      });
      this.report("up", `HTTP ${res.statusCode}`);
      const verdict = opts.inspect?.(res.statusCode, res.headers) ?? "read";
      if (verdict !== "read") {
        discard(res.body);
        if (verdict instanceof ClientError) throw verdict;
        return { status: res.statusCode, headers: res.headers, body: Buffer.alloc(0), truncated: false };
      }
      const { body, truncated } = await readCapped(this.service, res.body, res.headers, opts);
      return { status: res.statusCode, headers: res.headers, body, truncated };
    } catch (err) {
      const mapped = toClientError(this.service, err);
      if (mapped.kind === "unreachable" || mapped.kind === "timeout") {
        this.report("down", mapped.message);
      }
      throw mapped;
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private report(state: "up" | "down", detail: string): void {
    if (state === this.lastState) return;
    this.lastState = state;
    this.onStatus?.(state, detail);
  }
}

type Body = AsyncIterable<Buffer> & NodeJS.EventEmitter & { destroy(): void };

/** Drops a body unread; destroying closes the socket, and the abort error that follows is expected. */
function discard(body: Body): void {
  body.on("error", () => {});
  body.destroy();
}

async function readCapped(
  service: string,
  body: Body,
  headers: IncomingHttpHeaders,
  opts: GetOptions,
): Promise<{ body: Buffer; truncated: boolean }> {
  const tooLarge = () => new ClientError(service, "too_large", `the answer is larger than ${opts.maxBytes} bytes`);
  const declared = Number(headerValue(headers, "content-length"));
  if (opts.overflow !== "truncate" && declared > opts.maxBytes) {
    discard(body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size + chunk.length > opts.maxBytes) {
      // Stop reading here: the rest is never downloaded.
      discard(body);
      if (opts.overflow !== "truncate") throw tooLarge();
      chunks.push(chunk.subarray(0, opts.maxBytes - size));
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}
