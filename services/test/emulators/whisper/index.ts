// An emulated Whisper service on 127.0.0.1, speaking OpenAI's POST /v1/audio/transcriptions as
// faster-whisper-server and the seed's faster-whisper service do, plus GET /health. It checks what the real
// endpoint checks (bearer key when one is set, a multipart body with a `file` in a supported audio format
// and a known `model`, response_format, language) and answers errors in OpenAI's
// {"error": {message, type, param, code}} shape. It cannot run a model: the transcript comes from a hook.
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenLoopback } from "../frigate/listen.js";

export const DEFAULT_TRANSCRIPT = "turn on the kitchen light";
const MAX_BODY = 25 * 1024 * 1024;
const FORMATS = ["json", "text", "verbose_json", "srt", "vtt"];
const SUPPORTED = "['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']";

export interface TranscriptionRequest {
  model: string;
  language: string | null;
  responseFormat: string;
  filename: string;
  contentType: string;
  /** The uploaded file's bytes. */
  file: Buffer;
  authorization: string | undefined;
}

export interface WhisperEmulatorOptions {
  /** When set, requests must carry "Authorization: Bearer <apiKey>". */
  apiKey?: string;
  /** Model names the service knows (default whisper-1 and medium.en). */
  models?: readonly string[];
}

export interface WhisperEmulator {
  url: string;
  /** Accepted transcription requests, oldest first. */
  requests: TranscriptionRequest[];
  requestCount(path?: string): number;
  /** What the "model" hears: a fixed text or a function of the request. */
  respond(transcript: string | ((req: TranscriptionRequest) => string)): void;
  /** Answer the next `times` transcription requests (default: all until reset) with this HTTP status. */
  fail(status: number | null, times?: number): void;
  /** Accept requests but never answer them (until turned off or closed). */
  hang(on: boolean): void;
  /** /health answers 503 while unhealthy, as the service does while it loads its model. */
  setHealthy(healthy: boolean): void;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function apiError(res: ServerResponse, status: number, message: string, param: string | null = null, code: string | null = null): void {
  const type = status >= 500 ? "server_error" : "invalid_request_error";
  json(res, status, { error: { message, type, param, code } });
}

/** The audio formats OpenAI accepts, recognised by content rather than by name. */
function audioKind(file: Buffer): string | undefined {
  const ascii = (a: number, b: number) => file.subarray(a, b).toString("latin1");
  if (file.length < 12) return undefined;
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WAVE") return "wav";
  if (file.readUInt32BE(0) === 0x1a45dfa3) return "webm";
  if (ascii(0, 4) === "OggS") return "ogg";
  if (ascii(0, 4) === "fLaC") return "flac";
  if (ascii(4, 8) === "ftyp") return "mp4";
  if (ascii(0, 3) === "ID3" || (file[0] === 0xff && (file[1]! & 0xe0) === 0xe0)) return "mp3";
  return undefined;
}

/** Seconds of PCM in a WAV, or undefined when the file has no readable fmt/data chunks. */
function wavSeconds(file: Buffer): number | undefined {
  let bytesPerSecond = 0;
  for (let at = 12; at + 8 <= file.length; ) {
    const id = file.toString("latin1", at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === "fmt " && size >= 16) bytesPerSecond = file.readUInt32LE(at + 16);
    if (id === "data") {
      if (bytesPerSecond === 0) return undefined;
      const bytes = size === 0 || size === 0xffffffff ? file.length - at - 8 : Math.min(size, file.length - at - 8);
      return bytes / bytesPerSecond;
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function timestamp(seconds: number, sep: string): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${sep}${pad(ms % 1000, 3)}`;
}

/** The transcript in the asked response_format, shaped as OpenAI's endpoint returns it. */
function answer(res: ServerResponse, format: string, text: string, seconds: number, language: string | null): void {
  if (format === "json") return json(res, 200, { text });
  if (format === "verbose_json") {
    const segment = {
      id: 0,
      seek: 0,
      start: 0,
      end: seconds,
      text: ` ${text}`,
      tokens: [],
      temperature: 0,
      avg_logprob: -0.2,
      compression_ratio: 1,
      no_speech_prob: 0.01,
    };
    const spoken = language === null || language === "en" ? "english" : language;
    return json(res, 200, { task: "transcribe", language: spoken, duration: seconds, text, segments: [segment] });
  }
  const span = (sep: string) => `${timestamp(0, sep)} --> ${timestamp(seconds, sep)}`;
  const body =
    format === "text" ? `${text}\n` : format === "srt" ? `1\n${span(",")}\n${text}\n` : `WEBVTT\n\n${span(".")}\n${text}\n`;
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}

export async function startWhisperEmulator(opts: WhisperEmulatorOptions = {}): Promise<WhisperEmulator> {
  const models = opts.models ?? ["whisper-1", "medium.en"];
  const requests: TranscriptionRequest[] = [];
  let transcript: string | ((req: TranscriptionRequest) => string) = DEFAULT_TRANSCRIPT;
  let failure: { status: number; times: number } | null = null;
  let hanging = false;
  let healthy = true;

  async function transcribe(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      const message = req.headers.authorization
        ? "Incorrect API key provided."
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.";
      return apiError(res, 401, message, null, req.headers.authorization ? "invalid_api_key" : null);
    }
    if (hanging) return; // the socket stays open until the client gives up or the emulator closes
    if (failure) {
      const { status } = failure;
      if (--failure.times <= 0) failure = null;
      return apiError(res, status, status >= 500 ? "The server had an error while processing your request." : "Request refused.");
    }
    const contentType = req.headers["content-type"] ?? "";
    if (!contentType.startsWith("multipart/form-data")) {
      return apiError(res, 400, "Invalid Content-Type header: expected multipart/form-data.");
    }
    const body = await readBody(req);
    if (body === null) return apiError(res, 413, `Maximum content size limit (${MAX_BODY}) exceeded.`);
    let form: FormData;
    try {
      form = await new Request("http://whisper.invalid/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) }).formData();
    } catch {
      return apiError(res, 400, "Could not parse multipart form");
    }
    const file = form.get("file");
    if (!(file instanceof Blob)) return apiError(res, 400, "you must provide a file", "file");
    const model = form.get("model");
    if (typeof model !== "string" || model === "") return apiError(res, 400, "you must provide a model parameter", "model");
    if (!models.includes(model)) return apiError(res, 404, `The model '${model}' does not exist`, "model", "model_not_found");
    const responseFormat = (form.get("response_format") as string | null) ?? "json";
    if (!FORMATS.includes(responseFormat)) {
      return apiError(res, 400, `Invalid value: '${responseFormat}'. Supported values are: ${FORMATS.join(", ")}.`, "response_format");
    }
    const language = form.get("language") as string | null;
    if (language !== null && !/^[a-z]{2}$/.test(language)) {
      return apiError(res, 400, `Invalid language '${language}'. Language parameter must be specified in ISO-639-1 format.`, "language");
    }
    const bytes = Buffer.from(await file.arrayBuffer());
    const kind = audioKind(bytes);
    if (kind === undefined) return apiError(res, 400, `Invalid file format. Supported formats: ${SUPPORTED}`, "file");
    const seconds = kind === "wav" ? wavSeconds(bytes) : 1;
    if (seconds === undefined) return apiError(res, 400, "Audio file might be corrupted or unsupported", "file", "invalid_value");
    if (seconds < 0.1) return apiError(res, 400, "Audio file is too short. Minimum audio length is 0.1 seconds.", "file", "audio_too_short");

    const record: TranscriptionRequest = {
      model,
      language,
      responseFormat,
      filename: (file as File).name ?? "",
      contentType: file.type,
      file: bytes,
      authorization: req.headers.authorization,
    };
    requests.push(record);
    const text = typeof transcript === "function" ? transcript(record) : transcript;
    answer(res, responseFormat, text, seconds, language);
  }

  const listening = await listenLoopback((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health" && req.method === "GET") {
      if (healthy) return json(res, 200, { status: "ok" });
      return json(res, 503, { status: "loading" });
    }
    if (path === "/v1/audio/transcriptions") {
      if (req.method !== "POST") return apiError(res, 405, "Method Not Allowed");
      transcribe(req, res).catch(() => apiError(res, 500, "The server had an error while processing your request."));
      return;
    }
    json(res, 404, { detail: "Not Found" });
  });

  return {
    url: listening.url,
    requests,
    requestCount: listening.requestCount,
    respond: (t) => (transcript = t),
    fail: (status, times = Number.POSITIVE_INFINITY) => (failure = status === null ? null : { status, times }),
    hang: (on) => (hanging = on),
    setHealthy: (h) => (healthy = h),
    close: listening.close,
  };
}
