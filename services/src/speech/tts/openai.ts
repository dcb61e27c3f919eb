// OpenAI speech (POST /v1/audio/speech) through the official SDK pointed at the configured base URL. We ask
// for WAV (24 kHz mono 16-bit); retries are off because the chain falls through to the next engine instead.
// The SDK is imported on the first request, so a configured engine that never speaks costs no memory.
import type OpenAI from "openai";
import { ClientError, toClientError } from "../../clients/errors.js";
import { statusError } from "../../clients/http.js";
import { wavFrom } from "./decode.js";
import { DEFAULT_TIMEOUT_MS, type TtsEngine } from "./engine.js";
import type { Audio } from "./audio.js";

export interface OpenAiSpeechOptions {
  apiKey: string;
  /** Including /v1, e.g. http://127.0.0.1:8000/v1; undefined means OpenAI itself. */
  baseUrl: string | undefined;
  model: string;
  voice: string;
  speed: number;
  timeoutMs?: number;
}

const SERVICE = "OpenAI speech";

export class OpenAiSpeechEngine implements TtsEngine {
  readonly name = "openai";
  readonly label = SERVICE;
  readonly voice: string;
  readonly settings: string;
  readonly timeoutMs: number;
  private client: Promise<OpenAI> | undefined;
  private readonly apiKey: string;
  private readonly baseUrl: string | undefined;
  private readonly model: string;
  private readonly speed: number;

  constructor(opts: OpenAiSpeechOptions) {
    this.voice = opts.voice;
    this.model = opts.model;
    this.speed = opts.speed;
    this.settings = `model=${opts.model};speed=${opts.speed}`;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS.openai;
    this.apiKey = opts.apiKey;
    this.baseUrl = opts.baseUrl;
  }

  private api(): Promise<OpenAI> {
    return (this.client ??= loadSdk().then((OpenAI) => new OpenAI({ apiKey: this.apiKey, baseURL: this.baseUrl, maxRetries: 0, timeout: this.timeoutMs })));
  }

  async synthesize(text: string, signal: AbortSignal): Promise<Audio> {
    try {
      const res = await (await this.api()).audio.speech.create(
        { model: this.model, input: text, voice: this.voice, response_format: "wav", speed: this.speed },
        { signal },
      );
      return wavFrom(SERVICE, Buffer.from(await res.arrayBuffer()));
    } catch (err) {
      throw await mapError(err);
    }
  }

  async health(signal: AbortSignal): Promise<void> {
    try {
      await (await this.api()).models.retrieve(this.model, { signal });
    } catch (err) {
      throw await mapError(err);
    }
  }

  async close(): Promise<void> {}
}

let sdk: Promise<typeof OpenAI> | undefined;
const loadSdk = () => (sdk ??= import("openai").then((m) => m.default));

async function mapError(err: unknown): Promise<ClientError> {
  if (err instanceof ClientError) return err;
  // Any error the SDK threw means it loaded; one that came before it did is not the SDK's.
  const OpenAI = await loadSdk().catch(() => null);
  if (!OpenAI) return toClientError(SERVICE, err);
  if (err instanceof OpenAI.APIUserAbortError || err instanceof OpenAI.APIConnectionTimeoutError) {
    return new ClientError(SERVICE, "timeout", err.message, { cause: err });
  }
  if (err instanceof OpenAI.APIConnectionError) return new ClientError(SERVICE, "unreachable", err.message, { cause: err });
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    const mapped = statusError(SERVICE, err.status, err.message);
    return new ClientError(SERVICE, mapped.kind, err.message, { status: err.status, cause: err });
  }
  return toClientError(SERVICE, err);
}
