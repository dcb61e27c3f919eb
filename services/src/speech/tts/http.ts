// HTTP for the engines that are web services (XTTS, Piper, ElevenLabs): one undici Agent per engine, the
// caller's signal as the only deadline (the chain owns timeouts), a byte cap while reading, and error
// statuses mapped to ClientError with the upstream's own message when it sent one.
import { Agent, request } from "undici";
import { ClientError, toClientError } from "../../clients/errors.js";
import { statusError } from "../../clients/http.js";

/** Ten minutes of 24 kHz mono audio; nothing a sentence needs comes close. */
const MAX_AUDIO_BYTES = 32 * 1024 * 1024;

export interface AudioRequest {
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export class EngineHttp {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000 });

  constructor(readonly service: string) {}

  /** Sends the request; a 2xx answer's body, else a ClientError. */
  async fetch(url: string, req: AudioRequest): Promise<Buffer> {
    try {
      const res = await request(url, {
        dispatcher: this.agent,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
      });
      const body = await readCapped(this.service, res.body);
      if (res.statusCode < 200 || res.statusCode >= 300) {
        throw statusError(this.service, res.statusCode, errorMessage(body) ?? `HTTP ${res.statusCode}`);
      }
      return body;
    } catch (err) {
      throw toClientError(this.service, err);
    }
  }

  async json(url: string, req: AudioRequest): Promise<unknown> {
    const body = await this.fetch(url, req);
    try {
      return JSON.parse(body.toString("utf8"));
    } catch {
      throw new ClientError(this.service, "upstream", "answered with something that is not JSON");
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

async function readCapped(service: string, body: AsyncIterable<Buffer> & { destroy(): void }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_AUDIO_BYTES) {
      body.destroy();
      throw new ClientError(service, "too_large", `the answer is larger than ${MAX_AUDIO_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The message in an error body: FastAPI's {"detail": "..."} or {"detail": [{msg}]}, ElevenLabs'
 * {"detail": {"message"}}, OpenAI's {"error": {"message"}}, or the start of a plain text/HTML page.
 */
export function errorMessage(body: Buffer): string | undefined {
  const text = body.toString("utf8").trim();
  if (text === "") return undefined;
  try {
    const json = JSON.parse(text) as { detail?: unknown; error?: { message?: unknown } };
    const detail = json.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map((d: { loc?: unknown[]; msg?: string }) => describeIssue(d)).join("; ");
    if (detail && typeof detail === "object" && "message" in detail) return String(detail.message);
    if (typeof json.error?.message === "string") return json.error.message;
  } catch {
    // not JSON: fall through to the text itself
  }
  return text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
}

function describeIssue(issue: { loc?: unknown[]; msg?: string }): string {
  const where = Array.isArray(issue.loc) ? issue.loc.join(".") : "";
  return where ? `${where}: ${issue.msg ?? "invalid"}` : (issue.msg ?? "invalid");
}
