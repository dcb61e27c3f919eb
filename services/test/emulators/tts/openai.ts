// An emulated OpenAI speech endpoint: POST /v1/audio/speech {model, input, voice, response_format, speed}
// with "Authorization: Bearer <key>", and GET /v1/models/{model}. Errors use OpenAI's shape
// {"error": {message, type, param, code}}. It renders wav and pcm (24 kHz mono 16-bit) only; mp3, opus,
// aac and flac, which the real API also offers, get a 501 because this emulator has no encoder for them.
import { type EmulatedReply, startTtsEmulator, type TtsEmulator, json } from "./control.js";
import { tonePcm, toneWav } from "./tone.js";

export const OPENAI_TTS_MODELS = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];
export const OPENAI_VOICES = ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"];
const FORMATS = ["mp3", "opus", "aac", "flac", "wav", "pcm"];
const RATE = 24_000;
const MAX_INPUT = 4096;

export interface OpenAiSpeechEmulatorOptions {
  apiKey?: string;
}

export interface OpenAiSpeechEmulator extends TtsEmulator {
  apiKey: string;
}

const error = (status: number, message: string, param: string | null = null, code: string | null = null, type = "invalid_request_error") =>
  json(status, { error: { message, type, param, code } });

function authError(header: string | string[] | undefined, apiKey: string): EmulatedReply | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const key = /^Bearer (.+)$/.exec(value ?? "")?.[1];
  if (!key) {
    return error(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
  }
  if (key !== apiKey) {
    const shown = `${key.slice(0, 3)}${"*".repeat(Math.max(0, key.length - 7))}${key.slice(-4)}`;
    return error(401, `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`, null, "invalid_api_key");
  }
  return undefined;
}

const modelNotFound = (model: string) =>
  error(404, `The model \`${model}\` does not exist or you do not have access to it.`, null, "model_not_found");

function speech(raw: Buffer): EmulatedReply {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
  } catch {
    return error(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");
  }
  for (const name of ["model", "input", "voice"]) {
    if (body[name] === undefined) return error(400, `Missing required parameter: '${name}'.`, name, "missing_required_parameter");
  }
  const { model, input, voice } = body;
  const format = body.response_format ?? "mp3";
  const speed = body.speed ?? 1;
  if (typeof input !== "string") return error(400, "Invalid type for 'input': expected a string.", "input", "invalid_type");
  if (input.length > MAX_INPUT) {
    return error(400, `Invalid 'input': string too long. Expected a string with maximum length ${MAX_INPUT}, but got a string with length ${input.length} instead.`, "input", "string_above_max_length");
  }
  if (typeof model !== "string" || !OPENAI_TTS_MODELS.includes(model)) return modelNotFound(String(model));
  if (typeof voice !== "string" || !OPENAI_VOICES.includes(voice)) {
    return error(400, `Invalid value for 'voice': '${String(voice)}'. Supported values are: ${OPENAI_VOICES.map((v) => `'${v}'`).join(", ")}.`, "voice", "invalid_value");
  }
  if (typeof format !== "string" || !FORMATS.includes(format)) {
    return error(400, `Invalid value for 'response_format': '${String(format)}'. Supported values are: ${FORMATS.map((f) => `'${f}'`).join(", ")}.`, "response_format", "invalid_value");
  }
  if (typeof speed !== "number" || speed < 0.25 || speed > 4) {
    return error(400, `Invalid 'speed': ${String(speed)}. Expected a value between 0.25 and 4.0.`, "speed", "invalid_value");
  }
  if (format !== "wav" && format !== "pcm") {
    return error(501, `The emulator renders only wav and pcm, not ${format}.`, "response_format", null, "server_error");
  }
  const tone = { rate: RATE, hz: 260 };
  return format === "wav"
    ? { status: 200, headers: { "content-type": "audio/wav" }, body: toneWav(input, tone), text: input }
    : { status: 200, headers: { "content-type": "audio/pcm" }, body: tonePcm(input, tone), text: input };
}

export async function startOpenAiSpeechEmulator(opts: OpenAiSpeechEmulatorOptions = {}): Promise<OpenAiSpeechEmulator> {
  const apiKey = opts.apiKey ?? "sk-test-emulated-openai-key";
  const emu = await startTtsEmulator(
    (req) => {
      const denied = authError(req.headers.authorization, apiKey);
      if (denied) return denied;
      if (req.path === "/v1/audio/speech") {
        return req.method === "POST" ? speech(req.body) : error(405, `Invalid method for URL (${req.method} /v1/audio/speech)`);
      }
      const model = /^\/v1\/models\/([^/]+)$/.exec(req.path)?.[1];
      if (model !== undefined && req.method === "GET") {
        const id = decodeURIComponent(model);
        return OPENAI_TTS_MODELS.includes(id) ? json(200, { id, object: "model", created: 1699046015, owned_by: "system" }) : modelNotFound(id);
      }
      return error(404, `Invalid URL (${req.method} ${req.path})`);
    },
    () => error(500, "The server had an error while processing your request. Sorry about that!", null, null, "server_error"),
  );
  return { ...emu, apiKey };
}
