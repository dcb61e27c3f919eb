// Client for a Whisper service speaking OpenAI's POST /v1/audio/transcriptions (multipart: file, model,
// language, response_format): faster-whisper-server, speaches, LocalAI, OpenAI itself, or the seed's own
// faster-whisper service. Health is probed with GET /health and cached, so the STT facade can choose an
// engine without a round trip per utterance.
import { Agent, FormData, request } from "undici";
import type { Config } from "../../config/config.js";
import { deadline } from "../../clients/deadline.js";
import { ClientError, toClientError } from "../../clients/errors.js";
import { type StatusCallback, statusError } from "../../clients/http.js";
import type { Logger } from "../../log.js";
import { type AudioInput, type Container, isPcm, pcmToWav, sniffContainer } from "./wav.js";

const SERVICE = "Whisper";

export interface WhisperOptions {
  /** Base URL ("http://host:5051"), its /v1, or the full /v1/audio/transcriptions URL. */
  endpoint: string;
  apiKey?: string;
  /** Model name sent with each request (default "whisper-1", the name OpenAI-compatible servers alias). */
  model?: string;
  /** ISO-639-1 language hint (default "en": the seed runs medium.en). */
  language?: string;
  timeoutMs?: number;
  healthTimeoutMs?: number;
  /** How long a health answer is trusted (default 60 s). */
  healthTtlMs?: number;
  /** Clock for the health cache (ms). */
  now?: () => number;
  /** Refuse uploads larger than this (OpenAI's limit is 25 MB). */
  maxUploadBytes?: number;
}

export interface WhisperRequestOptions {
  /** Overrides the configured language hint. */
  language?: string;
  /** Words to prime the model with (names it would otherwise misspell). */
  prompt?: string;
  signal?: AbortSignal;
}

export interface WhisperResult {
  text: string;
  language?: string;
  /** Seconds of audio, when the service says. */
  duration?: number;
}

const DEFAULTS = {
  model: "whisper-1",
  language: "en",
  timeoutMs: 60_000,
  healthTimeoutMs: 3_000,
  healthTtlMs: 60_000,
  maxUploadBytes: 25 * 1024 * 1024,
};
const MAX_ANSWER_BYTES = 1024 * 1024;

const MIME: Record<Container, string> = {
  wav: "audio/wav",
  webm: "audio/webm",
  ogg: "audio/ogg",
  flac: "audio/flac",
  mp3: "audio/mpeg",
  mp4: "audio/mp4",
};

/** The transcription URL and the /health URL beside the service root. */
export function whisperUrls(endpoint: string): { transcriptions: string; health: string } {
  const trimmed = endpoint.replace(/\/+$/, "");
  const root = trimmed.replace(/\/v1(\/audio\/transcriptions)?$/, "");
  return { transcriptions: `${root}/v1/audio/transcriptions`, health: `${root}/health` };
}

/** OpenAI's {"error": {"message"}}, FastAPI's {"detail": "..."} or {"detail": [{"msg"}]}, or the raw text. */
function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; detail?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
    if (typeof parsed.error?.message === "string") return parsed.error.message;
    if (typeof parsed.detail === "string") return parsed.detail;
    if (Array.isArray(parsed.detail)) return parsed.detail.map((d: { msg?: string }) => d.msg ?? "").join("; ");
  } catch {
    // not JSON
  }
  return body.trim().slice(0, 300);
}

function parseAnswer(body: string, contentType: string): WhisperResult {
  if (!contentType.includes("json")) return { text: body.trim() };
  let parsed: { text?: unknown; language?: unknown; duration?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new ClientError(SERVICE, "upstream", "the transcription answer is not valid JSON");
  }
  if (typeof parsed.text !== "string") throw new ClientError(SERVICE, "upstream", "the transcription answer has no text");
  return {
    text: parsed.text.trim(),
    ...(typeof parsed.language === "string" ? { language: parsed.language } : {}),
    ...(typeof parsed.duration === "number" ? { duration: parsed.duration } : {}),
  };
}

export class WhisperClient {
  private readonly opts: typeof DEFAULTS & WhisperOptions;
  private readonly urls: { transcriptions: string; health: string };
  private readonly agent: Agent;
  private health: { ok: boolean; at: number } | undefined;
  private probing: Promise<boolean> | undefined;
  private lastState: "up" | "down" | undefined;

  constructor(
    opts: NonNullable<Config["speech"]["whisper"]> | WhisperOptions,
    private readonly log: Logger,
    private readonly onStatus?: StatusCallback,
  ) {
    this.opts = { ...DEFAULTS, ...opts };
    this.urls = whisperUrls(opts.endpoint);
    this.agent = new Agent({ connectTimeout: this.opts.healthTimeoutMs });
  }

  /** Whether the service answers GET /health, cached for healthTtlMs; `force` probes again. */
  async healthy(force = false): Promise<boolean> {
    const fresh = this.health && this.now() - this.health.at < this.opts.healthTtlMs;
    if (fresh && !force) return this.health!.ok;
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    return this.probing;
  }

  async transcribe(audio: AudioInput, opts: WhisperRequestOptions = {}): Promise<WhisperResult> {
    const file = isPcm(audio) ? pcmToWav(audio) : audio.file;
    const container = sniffContainer(file);
    if (container === undefined) {
      const formats = "WAV, PCM, WebM, Ogg, FLAC, MP3 or MP4";
      throw new ClientError(SERVICE, "bad_request", `the audio is in no format we recognise (send ${formats})`);
    }
    if (file.length > this.opts.maxUploadBytes) {
      const limit = this.opts.maxUploadBytes;
      throw new ClientError(SERVICE, "too_large", `the audio is ${file.length} bytes, over the ${limit}-byte limit`);
    }
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(file)], { type: MIME[container] }), `audio.${container}`);
    form.set("model", this.opts.model);
    form.set("language", opts.language ?? this.opts.language);
    form.set("response_format", "json");
    if (opts.prompt) form.set("prompt", opts.prompt);

    const limit = deadline(this.opts.timeoutMs, opts.signal);
    let status: number;
    let body: string;
    let contentType: string;
    try {
      const res = await request(this.urls.transcriptions, {
        dispatcher: this.agent,
        method: "POST",
        headers: this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {},
        body: form,
        signal: limit.signal,
      });
      status = res.statusCode;
      contentType = String(res.headers["content-type"] ?? "");
      body = await readText(res.body);
    } catch (err) {
      const mapped = toClientError(SERVICE, err);
      if (mapped.kind === "timeout" || mapped.kind === "unreachable") this.remember(false, mapped.message);
      throw mapped;
    } finally {
      limit.clear();
    }
    this.remember(status < 500, `HTTP ${status}`);
    if (status !== 200) {
      const detail = errorDetail(body);
      this.log.debug({ status, detail }, "whisper refused the transcription");
      throw statusError(SERVICE, status, `transcription failed: ${detail || `HTTP ${status}`}`);
    }
    return parseAnswer(body, contentType);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private async probe(): Promise<boolean> {
    try {
      const res = await request(this.urls.health, {
        dispatcher: this.agent,
        method: "GET",
        headers: this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {},
        signal: AbortSignal.timeout(this.opts.healthTimeoutMs),
      });
      await res.body.dump();
      // A service without /health (404) still answered, so it is up; a 5xx means it is not ready.
      return this.remember(res.statusCode < 500, `GET /health: HTTP ${res.statusCode}`);
    } catch (err) {
      return this.remember(false, toClientError(SERVICE, err).message);
    }
  }

  private remember(ok: boolean, detail: string): boolean {
    this.health = { ok, at: this.now() };
    const state = ok ? "up" : "down";
    if (state !== this.lastState) {
      this.lastState = state;
      this.log.info({ detail }, `whisper is ${state}`);
      this.onStatus?.(state, detail);
    }
    return ok;
  }
}

async function readText(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      body.destroy();
      throw new ClientError(SERVICE, "too_large", `the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
