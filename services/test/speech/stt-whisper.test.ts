// The Whisper client against the emulated OpenAI-compatible Whisper service, and the SpeechToText facade
// choosing Whisper when it is healthy and pocketsphinx when it is not.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { PocketsphinxRecognizer, SpeechToText, WhisperClient } from "../../src/speech/stt/index.js";
import { parseWav } from "../../src/speech/stt/wav.js";
import { whisperUrls } from "../../src/speech/stt/whisper.js";
import { startWhisperEmulator, type WhisperEmulator } from "../emulators/whisper/index.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { failure } from "../helpers/errors.js";

const log = createLogger({ level: "silent" });


let emu: WhisperEmulator;
let speech: Buffer;

beforeAll(async () => {
  [emu, speech] = await Promise.all([startWhisperEmulator({ apiKey: "sk-test-key" }), speakWav("how is the cluster")]);
});
afterAll(() => emu.close());
afterEach(() => {
  emu.fail(null);
  emu.hang(false);
  emu.setHealthy(true);
  emu.respond("turn on the kitchen light");
});

describe("whisperUrls", () => {
  it("accepts the service root, its /v1 or the full transcription URL", () => {
    for (const endpoint of ["http://127.0.0.1:5051", "http://127.0.0.1:5051/", "http://127.0.0.1:5051/v1", "http://127.0.0.1:5051/v1/audio/transcriptions"]) {
      expect(whisperUrls(endpoint)).toEqual({
        transcriptions: "http://127.0.0.1:5051/v1/audio/transcriptions",
        health: "http://127.0.0.1:5051/health",
      });
    }
  });
});

describe("WhisperClient", () => {
  it("uploads the WAV as multipart with model, language and the bearer key, and returns the text", async () => {
    const whisper = new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key", model: "medium.en" }, log);
    try {
      emu.respond((req) => `heard ${req.file.length} bytes`);
      const before = emu.requests.length;
      const result = await whisper.transcribe({ file: speech });
      expect(result.text).toBe(`heard ${speech.length} bytes`);
      const req = emu.requests[before]!;
      expect(req).toMatchObject({
        model: "medium.en",
        language: "en",
        responseFormat: "json",
        filename: "audio.wav",
        contentType: "audio/wav",
        authorization: "Bearer sk-test-key",
      });
      expect(req.file.equals(speech)).toBe(true);
    } finally {
      await whisper.close();
    }
  });

  it("wraps raw PCM in a WAV header before uploading", async () => {
    const whisper = new WhisperClient({ endpoint: `${emu.url}/v1`, apiKey: "sk-test-key" }, log);
    try {
      const pcm = parseWav(speech);
      await whisper.transcribe(pcm);
      const sent = emu.requests.at(-1)!.file;
      expect(parseWav(sent)).toMatchObject({ rate: 16_000, width: 2, channels: 1 });
      expect(parseWav(sent).pcm.equals(pcm.pcm)).toBe(true);
    } finally {
      await whisper.close();
    }
  });

  it("maps a refused key, an unknown model and a server error to ClientErrors with the service's message", async () => {
    const badKey = new WhisperClient({ endpoint: emu.url, apiKey: "wrong" }, log);
    const badModel = new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key", model: "large-v9" }, log);
    const ok = new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key" }, log);
    try {
      const auth = await failure(badKey.transcribe({ file: speech }));
      expect(auth).toMatchObject({ kind: "auth", status: 401 });
      expect(auth.message).toContain("Incorrect API key");
      const model = await failure(badModel.transcribe({ file: speech }));
      expect(model).toMatchObject({ kind: "not_found", status: 404 });
      expect(model.message).toContain("large-v9");
      emu.fail(500, 1);
      expect(await failure(ok.transcribe({ file: speech }))).toMatchObject({ kind: "upstream", status: 500 });
      expect((await ok.transcribe({ file: speech })).text).toBe("turn on the kitchen light");
    } finally {
      await Promise.all([badKey.close(), badModel.close(), ok.close()]);
    }
  });

  it("refuses audio that is not audio before uploading, and reports the service's own refusal of a tiny clip", async () => {
    const whisper = new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key" }, log);
    try {
      const before = emu.requestCount("/v1/audio/transcriptions");
      expect(await failure(whisper.transcribe({ file: Buffer.from("plain text, not sound") }))).toMatchObject({ kind: "bad_request" });
      expect(emu.requestCount("/v1/audio/transcriptions")).toBe(before);
      const blip = await failure(whisper.transcribe({ pcm: Buffer.alloc(320), rate: 16_000, width: 2, channels: 1 }));
      expect(blip).toMatchObject({ kind: "bad_request", status: 400 });
      expect(blip.message).toContain("too short");
    } finally {
      await whisper.close();
    }
  });

  it("times out on a service that never answers", async () => {
    const whisper = new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key", timeoutMs: 300 }, log);
    try {
      emu.hang(true);
      expect(await failure(whisper.transcribe({ file: speech }))).toMatchObject({ kind: "timeout" });
    } finally {
      await whisper.close();
    }
  });

  it("caches the health probe, reports up and down, and counts a 503 from /health as down", async () => {
    const states: string[] = [];
    const whisper = new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key" }, log, (s) => states.push(s));
    try {
      const probes = emu.requestCount("/health");
      expect(await whisper.healthy()).toBe(true);
      expect(await whisper.healthy()).toBe(true);
      expect(emu.requestCount("/health")).toBe(probes + 1);
      emu.setHealthy(false);
      expect(await whisper.healthy()).toBe(true); // still cached
      expect(await whisper.healthy(true)).toBe(false);
      expect(states).toEqual(["up", "down"]);
    } finally {
      await whisper.close();
    }
  });

  it("trusts a health answer for 60 s, then asks again and sees the service go down", async () => {
    let now = 1_000_000;
    const whisper = new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key", now: () => now }, log);
    try {
      const probes = emu.requestCount("/health");
      expect(await whisper.healthy()).toBe(true);
      emu.setHealthy(false);
      now += 59_000;
      expect(await whisper.healthy()).toBe(true);
      expect(emu.requestCount("/health")).toBe(probes + 1);
      now += 1_000;
      expect(await whisper.healthy()).toBe(false);
      expect(emu.requestCount("/health")).toBe(probes + 2);
    } finally {
      await whisper.close();
    }
  });

  it("is unreachable when nothing listens", async () => {
    const gone = await startWhisperEmulator();
    await gone.close();
    const whisper = new WhisperClient({ endpoint: gone.url }, log);
    try {
      expect(await whisper.healthy()).toBe(false);
      expect(await failure(whisper.transcribe({ file: speech }))).toMatchObject({ kind: "unreachable" });
    } finally {
      await whisper.close();
    }
  });
});

describe("SpeechToText", () => {
  const phrases = ["turn on the {name}", "how is the cluster"];

  it("uses Whisper while it is healthy", async () => {
    const stt = new SpeechToText(
      {
        whisper: new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key" }, log),
        pocketsphinx: new PocketsphinxRecognizer({ phrases, names: ["kitchen light"] }, log),
      },
      log,
    );
    try {
      emu.respond("how is the cluster, Jarvis?");
      const result = await stt.transcribe({ file: speech });
      expect(result).toMatchObject({ text: "how is the cluster, Jarvis?", engine: "whisper" });
      expect(result.ms).toBeGreaterThanOrEqual(0);
    } finally {
      await stt.close();
    }
  });

  it("falls back to pocketsphinx when Whisper is down, and when a request fails with a 5xx", async () => {
    const stt = new SpeechToText(
      {
        whisper: new WhisperClient({ endpoint: emu.url, apiKey: "sk-test-key" }, log),
        pocketsphinx: new PocketsphinxRecognizer({ phrases, names: ["kitchen light"] }, log),
      },
      log,
    );
    try {
      emu.fail(503);
      expect(await stt.transcribe({ file: speech })).toMatchObject({ text: "how is the cluster", engine: "pocketsphinx" });
      emu.fail(null);
      emu.setHealthy(false);
      // The failed request marked Whisper down; the next one goes straight to pocketsphinx.
      const before = emu.requests.length;
      expect(await stt.transcribe({ file: speech })).toMatchObject({ engine: "pocketsphinx" });
      expect(emu.requests.length).toBe(before);
    } finally {
      await stt.close();
    }
  });

  it("uses pocketsphinx when no Whisper service is configured, and does not hide a refused key", async () => {
    const offline = new SpeechToText({ whisper: null, pocketsphinx: new PocketsphinxRecognizer({ phrases }, log) }, log);
    const badKey = new SpeechToText(
      {
        whisper: new WhisperClient({ endpoint: emu.url, apiKey: "wrong" }, log),
        pocketsphinx: new PocketsphinxRecognizer({ phrases }, log),
      },
      log,
    );
    try {
      expect(await offline.transcribe({ file: speech })).toMatchObject({ text: "how is the cluster", engine: "pocketsphinx" });
      expect(await failure(badKey.transcribe({ file: speech }))).toMatchObject({ kind: "auth" });
    } finally {
      await Promise.all([offline.close(), badKey.close()]);
    }
  });

  it("says why when there is no engine at all", async () => {
    const none = new SpeechToText({ whisper: null, pocketsphinx: null }, log);
    const err = await failure(none.transcribe({ file: speech }));
    expect(err.kind).toBe("unreachable");
    expect(err.message).toContain("WHISPER_ENDPOINT");
  });
});
