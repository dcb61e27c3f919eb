// Piper behind its Flask HTTP server as packaged in the artibex/piper-http image (rhasspy/piper's
// src/python_run/piper/http_server.py): POST / with the text as the raw UTF-8 body (GET /?text= works too)
// answers the WAV of the voice the server was started with (-m); the voice cannot be picked per request,
// so `voice` here only labels the cache. There is no health route: the probe synthesises a short word, as the
// seed's container health check did.
import { wavFrom } from "./decode.js";
import { DEFAULT_TIMEOUT_MS, type TtsEngine } from "./engine.js";
import { EngineHttp } from "./http.js";
import type { Audio } from "./audio.js";

export interface PiperOptions {
  endpoint: string;
  /** The model the server runs, as a cache label (default the seed's en_US-hfc_male-medium). */
  voice?: string;
  timeoutMs?: number;
}

const SERVICE = "Piper";

export class PiperEngine implements TtsEngine {
  readonly name = "piper";
  readonly label = SERVICE;
  readonly voice: string;
  readonly settings = "";
  readonly timeoutMs: number;
  private readonly http = new EngineHttp(SERVICE);
  private readonly url: string;

  constructor(opts: PiperOptions) {
    this.url = `${opts.endpoint.replace(/\/+$/, "")}/`;
    this.voice = opts.voice ?? "en_US-hfc_male-medium";
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS.piper;
  }

  async synthesize(text: string, signal: AbortSignal): Promise<Audio> {
    const body = await this.http.fetch(this.url, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: text,
      signal,
    });
    return wavFrom(SERVICE, body);
  }

  async health(signal: AbortSignal): Promise<void> {
    await this.synthesize("ok", signal);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
