// XTTS v2 behind daswer123/xtts-api-server, the widely used FastAPI wrapper (port 8020 by default):
// POST /tts_to_audio/ {text, speaker_wav, language} answers a 24 kHz mono WAV; GET /speakers_list lists the
// speaker names (WAV files in its speakers folder), which doubles as the health check. The seed's own XTTS
// service spoke a different shape (GET /health + a synthesize endpoint); we follow the public server.
import { ClientError } from "../../clients/errors.js";
import { wavFrom } from "./decode.js";
import { DEFAULT_TIMEOUT_MS, type TtsEngine } from "./engine.js";
import { EngineHttp } from "./http.js";
import type { Audio } from "./audio.js";

export interface XttsOptions {
  endpoint: string;
  /** Speaker name (a WAV in the server's speakers folder, without .wav) or a path the server can read. */
  speaker?: string;
  /** XTTS language code: en, de, fr, es, it, pt, pl, tr, ru, nl, cs, ar, zh-cn, ja, hu, ko, hi. */
  language?: string;
  timeoutMs?: number;
}

const SERVICE = "XTTS";

export class XttsEngine implements TtsEngine {
  readonly name = "xtts";
  readonly label = SERVICE;
  readonly voice: string;
  readonly settings: string;
  readonly timeoutMs: number;
  private readonly http = new EngineHttp(SERVICE);
  private readonly base: string;
  private readonly language: string;

  constructor(opts: XttsOptions) {
    this.base = opts.endpoint.replace(/\/+$/, "");
    this.voice = opts.speaker ?? "jarvis";
    this.language = opts.language ?? "en";
    this.settings = `language=${this.language}`;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS.xtts;
  }

  async synthesize(text: string, signal: AbortSignal): Promise<Audio> {
    const body = await this.http.fetch(`${this.base}/tts_to_audio/`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "audio/wav" },
      body: JSON.stringify({ text, speaker_wav: this.voice, language: this.language }),
      signal,
    });
    return wavFrom(SERVICE, body);
  }

  async health(signal: AbortSignal): Promise<void> {
    const speakers = await this.http.json(`${this.base}/speakers_list`, { method: "GET", signal });
    if (!Array.isArray(speakers)) throw new ClientError(SERVICE, "upstream", "/speakers_list is not a list");
    // A path-like speaker is read from disk by the server and is not listed; only check plain names.
    if (!this.voice.includes("/") && !speakers.includes(this.voice)) {
      throw new ClientError(SERVICE, "not_found", `speaker "${this.voice}" is not among ${speakers.join(", ") || "none"}`);
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
