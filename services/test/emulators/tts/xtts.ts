// An emulated daswer123/xtts-api-server: POST /tts_to_audio/ {text, speaker_wav, language} -> 24 kHz mono
// WAV; GET /speakers_list, /speakers, /languages. Like the real server, a bad body gets FastAPI's 422,
// an unsupported language or unknown speaker a 500 {"detail": "Error: ..."} (its handler wraps every error),
// and the path without its trailing slash a 307 redirect.
import { type EmulatedReply, type Route, startTtsEmulator, type TtsEmulator, json } from "./control.js";
import { invalid, isReply, jsonBody, stringFields } from "./fastapi.js";
import { toneWav } from "./tone.js";

export const XTTS_LANGUAGES = ["ar", "pt", "zh-cn", "cs", "nl", "en", "fr", "de", "it", "pl", "ru", "es", "tr", "ja", "ko", "hu", "hi"];
export const XTTS_RATE = 24_000;

export interface XttsEmulatorOptions {
  /** Names of the WAV files in the emulated speakers folder (default jarvis and TheNarrator). */
  speakers?: string[];
}

const error500 = (message: string): EmulatedReply => json(500, { detail: `Error: ${message}` });

export function xttsRoutes(speakers: readonly string[]): Route {
  return (req) => {
    if (req.method === "GET" && req.path === "/speakers_list") return json(200, speakers);
    if (req.method === "GET" && req.path === "/speakers") {
      return json(200, speakers.map((name) => ({ name, voice_id: name, preview_url: `/sample/${name}.wav` })));
    }
    if (req.method === "GET" && req.path === "/languages") {
      return json(200, { languages: Object.fromEntries(XTTS_LANGUAGES.map((l) => [l, l])) });
    }
    if (req.path === "/tts_to_audio") {
      return { status: 307, headers: { location: "/tts_to_audio/" }, body: "" };
    }
    if (req.path === "/tts_to_audio/") {
      if (req.method !== "POST") return json(405, { detail: "Method Not Allowed" });
      return synthesize(req.body, speakers);
    }
    return json(404, { detail: "Not Found" });
  };
}

function synthesize(raw: Buffer, speakers: readonly string[]): EmulatedReply {
  const body = jsonBody(raw);
  if (isReply(body)) return body;
  const issues = stringFields(body, ["text", "language"], ["speaker_wav", "save_path"]);
  if (issues.length > 0) return invalid(issues);
  const text = body.text as string;
  const language = (body.language as string).toLowerCase();
  if (!XTTS_LANGUAGES.includes(language)) {
    return error500("400: Language code sent is either unsupported or misspelled.");
  }
  const speaker = (body.speaker_wav as string | undefined) ?? "";
  if (!speakers.includes(speaker.replace(/\.wav$/, ""))) {
    return error500(`Speaker ${speaker || "(none)"} not found in the speakers folder`);
  }
  return {
    status: 200,
    headers: { "content-type": "audio/wav", "content-disposition": 'attachment; filename="output.wav"' },
    body: toneWav(text, { rate: XTTS_RATE, hz: 180 }, true),
    text,
  };
}

export function startXttsEmulator(opts: XttsEmulatorOptions = {}): Promise<TtsEmulator> {
  return startTtsEmulator(xttsRoutes(opts.speakers ?? ["jarvis", "TheNarrator"]), () =>
    json(500, { detail: "Error: CUDA out of memory" }),
  );
}
