// The add-on's side of the Supervisor API (http://supervisor, SUPERVISOR_TOKEN as bearer): one JSON call that
// unwraps the Supervisor's {"result": "ok", "data": ...} envelope and turns every failure into a ClientError.
import { Agent, request } from "undici";
import { deadline } from "../clients/deadline.js";
import { ClientError, toClientError } from "../clients/errors.js";
import { statusError } from "../clients/http.js";

export const SUPERVISOR_URL = "http://supervisor";
const SERVICE = "Supervisor";

export interface SupervisorApiOptions {
  token: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export class SupervisorApi {
  private readonly agent: Agent;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: SupervisorApiOptions) {
    this.baseUrl = (opts.baseUrl ?? SUPERVISOR_URL).replace(/\/+$/, "");
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    const timeout = this.timeoutMs;
    this.agent = new Agent({ connectTimeout: timeout, headersTimeout: timeout, bodyTimeout: timeout });
  }

  /** Calls `path` and returns the envelope's `data`. */
  async call<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const limit = deadline(this.timeoutMs, signal);
    let status: number;
    let text: string;
    try {
      const res = await request(`${this.baseUrl}${path}`, {
        dispatcher: this.agent,
        method,
        headers: {
          authorization: `Bearer ${this.opts.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: limit.signal,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw toClientError(SERVICE, err);
    } finally {
      limit.clear();
    }
    let envelope: { result?: string; data?: T; message?: string } | undefined;
    try {
      envelope = JSON.parse(text);
    } catch {
      // aiohttp's own 401/403/404 pages are plain text ("403: Forbidden").
    }
    if (status >= 200 && status < 300 && envelope?.result === "ok") return envelope.data as T;
    const message = envelope?.message ?? (text.trim() || `HTTP ${status}`);
    if (status >= 200 && status < 300) {
      throw new ClientError(SERVICE, "upstream", `unexpected answer: ${message}`, { status });
    }
    throw statusError(SERVICE, status, message);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
