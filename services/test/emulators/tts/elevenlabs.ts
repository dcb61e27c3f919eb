// An emulated ElevenLabs API: POST /v1/text-to-speech/{voice_id}?output_format=... with the xi-api-key
// header and {text, model_id, voice_settings}, and GET /v1/voices/{voice_id}. Errors follow ElevenLabs:
// {"detail": {status, message}} for auth, unknown voice or model, FastAPI's 422 list for a bad body or query.
// It renders raw PCM only (pcm_8000 ... pcm_48000); mp3, opus and ulaw formats get a 501 (no encoder here).
import { type EmulatedReply, startTtsEmulator, type TtsEmulator, json } from "./control.js";
import { invalid, isReply, jsonBody, type Issue, stringFields } from "./fastapi.js";
import { tonePcm } from "./tone.js";

export const ELEVENLABS_MODELS = ["eleven_multilingual_v2", "eleven_turbo_v2_5", "eleven_flash_v2_5", "eleven_v3"];
const PCM_RATES = [8000, 16000, 22050, 24000, 44100, 48000];
const OTHER_FORMATS = ["mp3_22050_32", "mp3_44100_64", "mp3_44100_128", "mp3_44100_192", "opus_48000_64", "ulaw_8000"];

export interface ElevenLabsEmulatorOptions {
  apiKey?: string;
  /** Voice ids the account has (default the seed's onwK4e9ZLuTAKqWW03F9, "Daniel"). */
  voices?: string[];
}

export interface ElevenLabsEmulator extends TtsEmulator {
  apiKey: string;
}

const detail = (status: number, code: string, message: string) => json(status, { detail: { status: code, message } });

function settingsIssues(settings: unknown): Issue[] {
  if (settings === undefined || settings === null) return [];
  if (typeof settings !== "object" || Array.isArray(settings)) {
    return [{ type: "model_type", loc: ["body", "voice_settings"], msg: "Input should be an object", input: settings }];
  }
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (name === "use_speaker_boost" || name === "speed") continue;
    if (typeof value !== "number" || value < 0 || value > 1) {
      issues.push({ type: "less_than_equal", loc: ["body", "voice_settings", name], msg: "Input should be a number between 0 and 1", input: value });
    }
  }
  return issues;
}

function synthesize(voiceId: string, query: URLSearchParams, raw: Buffer, voices: readonly string[]): EmulatedReply {
  const format = query.get("output_format") ?? "mp3_44100_128";
  const rate = Number(/^pcm_(\d+)$/.exec(format)?.[1]);
  if (!PCM_RATES.includes(rate) && !OTHER_FORMATS.includes(format)) {
    return invalid([{ type: "enum", loc: ["query", "output_format"], msg: `Input should be one of ${[...PCM_RATES.map((r) => `pcm_${r}`), ...OTHER_FORMATS].join(", ")}`, input: format }]);
  }
  const body = jsonBody(raw);
  if (isReply(body)) return body;
  const issues = [...stringFields(body, ["text"], ["model_id"]), ...settingsIssues(body.voice_settings)];
  if (issues.length > 0) return invalid(issues);
  if (!voices.includes(voiceId)) return detail(404, "voice_not_found", `A voice with voice_id ${voiceId} does not exist.`);
  const model = (body.model_id as string | undefined) ?? "eleven_multilingual_v2";
  if (!ELEVENLABS_MODELS.includes(model)) return detail(400, "model_not_found", `A model with model ID ${model} does not exist.`);
  if (!PCM_RATES.includes(rate)) return detail(501, "emulator_unsupported", `The emulator renders only raw PCM, not ${format}.`);
  const text = body.text as string;
  return { status: 200, headers: { "content-type": "audio/pcm" }, body: tonePcm(text, { rate, hz: 300 }), text };
}

export async function startElevenLabsEmulator(opts: ElevenLabsEmulatorOptions = {}): Promise<ElevenLabsEmulator> {
  const apiKey = opts.apiKey ?? "xi-test-emulated-elevenlabs-key";
  const voices = opts.voices ?? ["onwK4e9ZLuTAKqWW03F9"];
  const emu = await startTtsEmulator(
    (req) => {
      const key = req.headers["xi-api-key"];
      if (key === undefined) {
        return detail(401, "needs_authorization", "Neither authorization header nor xi-api-key received, please provide one.");
      }
      if (key !== apiKey) return detail(401, "invalid_api_key", "Invalid API key");
      const tts = /^\/v1\/text-to-speech\/([^/]+)$/.exec(req.path)?.[1];
      if (tts !== undefined && req.method === "POST") return synthesize(decodeURIComponent(tts), req.query, req.body, voices);
      const voice = /^\/v1\/voices\/([^/]+)$/.exec(req.path)?.[1];
      if (voice !== undefined && req.method === "GET") {
        const id = decodeURIComponent(voice);
        return voices.includes(id)
          ? json(200, { voice_id: id, name: "Daniel", category: "premade", labels: { accent: "british", gender: "male" } })
          : detail(404, "voice_not_found", `A voice with voice_id ${id} does not exist.`);
      }
      return json(404, { detail: "Not Found" });
    },
    () => detail(500, "internal_server_error", "An internal server error occurred."),
  );
  return { ...emu, apiKey };
}
