// ElevenLabs text-to-speech: POST /v1/text-to-speech/{voice_id}?output_format=pcm_<rate> with the xi-api-key
// header and {text, model_id, voice_settings}. Raw PCM (16-bit LE mono) needs no decoder; we wrap it in WAV.
// Health reads the voice (GET /v1/voices/{voice_id}), which checks the key and the voice id in one request.
import { ClientError } from "../../clients/errors.js";
import { pcmFrom } from "./decode.js";
import { DEFAULT_TIMEOUT_MS, type TtsEngine } from "./engine.js";
import { EngineHttp } from "./http.js";
import type { Audio, AudioFormat } from "./audio.js";

export interface ElevenLabsOptions {
  apiKey: string;
  /** Undefined means ElevenLabs itself. */
  baseUrl: string | undefined;
  voiceId: string;
  model: string;
  stability: number;
  similarity: number;
  style: number;
  /** pcm_16000, pcm_22050, pcm_24000 (default) or pcm_44100 (paid tiers). */
  outputFormat?: string;
  timeoutMs?: number;
}

const SERVICE = "ElevenLabs";
const PUBLIC_API = "https://api.elevenlabs.io";

/** The sample format of an output_format we can use: only raw PCM, which needs no decoder. */
function wavFormatOf(outputFormat: string): AudioFormat {
  const rate = /^pcm_(\d+)$/.exec(outputFormat)?.[1];
  if (!rate) throw new ClientError(SERVICE, "bad_request", `output format ${outputFormat} is not raw PCM (pcm_<rate>)`);
  return { rate: Number(rate), width: 2, channels: 1 };
}

export class ElevenLabsEngine implements TtsEngine {
  readonly name = "elevenlabs";
  readonly label = SERVICE;
  readonly voice: string;
  readonly settings: string;
  readonly timeoutMs: number;
  private readonly http = new EngineHttp(SERVICE);
  private readonly base: string;
  private readonly body: Omit<Record<string, unknown>, "text">;
  private readonly outputFormat: string;
  private readonly format: AudioFormat;
  private readonly headers: Record<string, string>;

  constructor(opts: ElevenLabsOptions) {
    this.base = (opts.baseUrl ?? PUBLIC_API).replace(/\/+$/, "");
    this.voice = opts.voiceId;
    this.outputFormat = opts.outputFormat ?? "pcm_24000";
    this.format = wavFormatOf(this.outputFormat); // a bad format fails at start, not at the first reply
    this.body = {
      model_id: opts.model,
      voice_settings: {
        stability: opts.stability,
        similarity_boost: opts.similarity,
        style: opts.style,
        use_speaker_boost: true,
      },
    };
    this.settings = `model=${opts.model};stability=${opts.stability};similarity=${opts.similarity};style=${opts.style};format=${this.outputFormat}`;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS.elevenlabs;
    this.headers = { "xi-api-key": opts.apiKey };
  }

  async synthesize(text: string, signal: AbortSignal): Promise<Audio> {
    const url = `${this.base}/v1/text-to-speech/${encodeURIComponent(this.voice)}?output_format=${this.outputFormat}`;
    const body = await this.http.fetch(url, {
      method: "POST",
      headers: { ...this.headers, "content-type": "application/json" },
      body: JSON.stringify({ text, ...this.body }),
      signal,
    });
    return pcmFrom(SERVICE, body, this.format);
  }

  async health(signal: AbortSignal): Promise<void> {
    await this.http.json(`${this.base}/v1/voices/${encodeURIComponent(this.voice)}`, {
      method: "GET",
      headers: this.headers,
      signal,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
