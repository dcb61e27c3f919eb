// Each TTS engine against its emulator (real HTTP on 127.0.0.1) and espeak-ng for real: every one hands back
// a valid WAV with a known format, and maps the upstream's refusals to ClientErrors a person can act on.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientError } from "../../src/clients/errors.js";
import { durationMs, parseWav, pcmToAudio, WavError } from "../../src/speech/tts/audio.js";
import { ElevenLabsEngine } from "../../src/speech/tts/elevenlabs.js";
import { EspeakEngine } from "../../src/speech/tts/espeak.js";
import { OpenAiSpeechEngine } from "../../src/speech/tts/openai.js";
import { PiperEngine } from "../../src/speech/tts/piper.js";
import { XttsEngine } from "../../src/speech/tts/xtts.js";
import { failure } from "../helpers/errors.js";
import {
  type ElevenLabsEmulator,
  type OpenAiSpeechEmulator,
  PIPER_RATE,
  startElevenLabsEmulator,
  startOpenAiSpeechEmulator,
  startPiperEmulator,
  startXttsEmulator,
  type TtsEmulator,
  XTTS_RATE,
} from "../emulators/tts/index.js";

const run = promisify(execFile);
const signal = () => AbortSignal.timeout(10_000);
const SENTENCE = "The cluster is healthy, sir.";


let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jarvis-tts-engines-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("WAV normalisation", () => {
  const format = { rate: 16000, width: 2, channels: 1 };

  it("round-trips PCM, drops a cut half frame, and reads a streamed header's samples to the end", () => {
    const audio = pcmToAudio(Buffer.from([1, 0, 2, 0, 3]), format);
    expect(audio.pcm).toEqual(Buffer.from([1, 0, 2, 0]));
    const streamed = Buffer.from(audio.wav);
    streamed.writeUInt32LE(0xffffffff, 4);
    streamed.writeUInt32LE(0xffffffff, 40);
    expect(parseWav(streamed)).toMatchObject({ format, pcm: Buffer.from([1, 0, 2, 0]) });
    expect(durationMs(pcmToAudio(Buffer.alloc(32000), format))).toBe(1000);
  });

  it("refuses what is not 16-bit PCM WAV", () => {
    expect(() => parseWav(Buffer.from("ID3 this is an mp3"))).toThrow(WavError);
    const eightBit = Buffer.from(pcmToAudio(Buffer.alloc(8), format).wav);
    eightBit.writeUInt16LE(8, 34);
    expect(() => parseWav(eightBit)).toThrow(/16-bit PCM/);
    const float = Buffer.from(pcmToAudio(Buffer.alloc(8), format).wav);
    float.writeUInt16LE(3, 20);
    expect(() => parseWav(float)).toThrow(/16-bit PCM/);
  });
});

describe("espeak-ng (offline, for real)", () => {
  const espeak = new EspeakEngine();

  it("speaks a sentence as a WAV that sox reads the same way", async () => {
    const audio = await espeak.synthesize(SENTENCE, signal());
    expect(audio.wav.toString("ascii", 0, 4)).toBe("RIFF");
    expect(audio.format).toEqual({ rate: 22050, width: 2, channels: 1 });
    expect(durationMs(audio)).toBeGreaterThan(800);
    // The header we wrote carries the true sizes (espeak-ng's own says 0x7fffffff), so sox agrees on length.
    const file = path.join(dir, "espeak.wav");
    writeFileSync(file, audio.wav);
    const { stdout } = await run("sox", ["--i", file]);
    expect(stdout).toMatch(/Channels\s*: 1/);
    expect(stdout).toMatch(/Sample Rate\s*: 22050/);
    const samples = Number(/= (\d+) samples/.exec(stdout)?.[1]);
    expect(samples).toBe(audio.pcm.length / 2);
    expect(audio.pcm.some((b) => b !== 0)).toBe(true);
  });

  it("takes text that looks like an option as text", async () => {
    const audio = await espeak.synthesize("--help -v xx", signal());
    expect(durationMs(audio)).toBeGreaterThan(300);
  });

  it("longer text gives longer audio", async () => {
    const short = await espeak.synthesize("Done.", signal());
    const long = await espeak.synthesize("Done. The backup of all four nodes finished without errors.", signal());
    expect(durationMs(long)).toBeGreaterThan(durationMs(short) * 2);
  });

  it("reports an unknown voice and a missing program as errors, and passes health when installed", async () => {
    expect((await failure(new EspeakEngine({ voice: "xx-nowhere" }).synthesize("hi", signal()))).kind).toBe("bad_request");
    const missing = await failure(new EspeakEngine({ binary: "/nonexistent/espeak-ng" }).synthesize("hi", signal()));
    expect(missing.message).toContain("apt-get install espeak-ng");
    await expect(espeak.health(signal())).resolves.toBeUndefined();
  });
});

describe("XTTS (xtts-api-server shape)", () => {
  let emu: TtsEmulator;
  beforeAll(async () => {
    emu = await startXttsEmulator();
  });
  afterAll(() => emu.close());

  it("renders with the configured speaker and language", async () => {
    const xtts = new XttsEngine({ endpoint: `${emu.url}/`, speaker: "jarvis" });
    const audio = await xtts.synthesize(SENTENCE, signal());
    expect(audio.format).toEqual({ rate: XTTS_RATE, width: 2, channels: 1 });
    expect(durationMs(audio)).toBeCloseTo(SENTENCE.length * 60, -1);
    expect(emu.texts()).toContain(SENTENCE);
    await expect(xtts.health(signal())).resolves.toBeUndefined();
    await xtts.close();
  });

  it("explains an unknown speaker or language", async () => {
    const stranger = new XttsEngine({ endpoint: emu.url, speaker: "nobody" });
    expect((await failure(stranger.health(signal()))).message).toContain('speaker "nobody"');
    expect((await failure(stranger.synthesize("hi", signal()))).status).toBe(500);
    const klingon = new XttsEngine({ endpoint: emu.url, language: "tlh" });
    expect((await failure(klingon.synthesize("hi", signal()))).message).toContain("Language code");
  });

  it("the emulator refuses a body without text like FastAPI does", async () => {
    const res = await fetch(`${emu.url}/tts_to_audio/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ language: "en" }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ detail: [{ type: "missing", loc: ["body", "text"] }] });
  });
});

describe("Piper (rhasspy/piper http_server, as in artibex/piper-http)", () => {
  let emu: TtsEmulator;
  beforeAll(async () => {
    emu = await startPiperEmulator();
  });
  afterAll(() => emu.close());

  it("renders plain text posted to /", async () => {
    const piper = new PiperEngine({ endpoint: emu.url });
    const audio = await piper.synthesize("Lights are off.", signal());
    expect(audio.format.rate).toBe(PIPER_RATE);
    expect(emu.texts()).toEqual(["Lights are off."]);
    await piper.close();
  });

  it("maps the server's 500 page for empty text to an upstream error with readable text", async () => {
    const err = await failure(new PiperEngine({ endpoint: emu.url }).synthesize("   ", signal()));
    expect(err.status).toBe(500);
    expect(err.message).toContain("Internal Server Error");
  });
});

describe("OpenAI speech (SDK against the emulator)", () => {
  let emu: OpenAiSpeechEmulator;
  const opts = (over: Partial<ConstructorParameters<typeof OpenAiSpeechEngine>[0]> = {}) => ({
    apiKey: emu.apiKey,
    baseUrl: `${emu.url}/v1`,
    model: "tts-1",
    voice: "onyx",
    speed: 1,
    ...over,
  });
  beforeAll(async () => {
    emu = await startOpenAiSpeechEmulator();
  });
  afterAll(() => emu.close());

  it("renders WAV with model, voice and speed, and checks the model for health", async () => {
    const engine = new OpenAiSpeechEngine(opts());
    const audio = await engine.synthesize(SENTENCE, signal());
    expect(audio.format).toEqual({ rate: 24000, width: 2, channels: 1 });
    await expect(engine.health(signal())).resolves.toBeUndefined();
  });

  it("maps a wrong key to auth, a bad voice to bad_request, an unknown model to not_found", async () => {
    expect((await failure(new OpenAiSpeechEngine(opts({ apiKey: "sk-wrong-key-123456" })).synthesize("hi", signal()))).kind).toBe("auth");
    expect((await failure(new OpenAiSpeechEngine(opts({ voice: "hal9000" })).synthesize("hi", signal()))).kind).toBe("bad_request");
    expect((await failure(new OpenAiSpeechEngine(opts({ model: "tts-9" })).health(signal()))).kind).toBe("not_found");
    expect((await failure(new OpenAiSpeechEngine(opts({ speed: 9 })).synthesize("hi", signal()))).message).toContain("speed");
  });
});

describe("ElevenLabs (raw PCM wrapped in WAV)", () => {
  let emu: ElevenLabsEmulator;
  const opts = (over: Partial<ConstructorParameters<typeof ElevenLabsEngine>[0]> = {}) => ({
    apiKey: emu.apiKey,
    baseUrl: emu.url,
    voiceId: "onwK4e9ZLuTAKqWW03F9",
    model: "eleven_multilingual_v2",
    stability: 0.5,
    similarity: 0.75,
    style: 0.4,
    ...over,
  });
  beforeAll(async () => {
    emu = await startElevenLabsEmulator();
  });
  afterAll(() => emu.close());

  it("turns pcm_22050 into a 22.05 kHz WAV that parses back to the same samples", async () => {
    const engine = new ElevenLabsEngine(opts({ outputFormat: "pcm_22050" }));
    const audio = await engine.synthesize(SENTENCE, signal());
    expect(audio.format).toEqual({ rate: 22050, width: 2, channels: 1 });
    expect(parseWav(audio.wav).pcm.equals(audio.pcm)).toBe(true);
    await expect(engine.health(signal())).resolves.toBeUndefined();
  });

  it("maps a wrong key, an unknown voice and out-of-range settings", async () => {
    expect((await failure(new ElevenLabsEngine(opts({ apiKey: "nope" })).synthesize("hi", signal()))).kind).toBe("auth");
    const lost = await failure(new ElevenLabsEngine(opts({ voiceId: "missing" })).synthesize("hi", signal()));
    expect(lost.kind).toBe("not_found");
    expect(lost.message).toContain("missing");
    const wild = await failure(new ElevenLabsEngine(opts({ stability: 3 })).synthesize("hi", signal()));
    expect(wild.kind).toBe("bad_request");
    expect(wild.message).toContain("voice_settings.stability");
  });

  it("refuses an output format that is not raw PCM when built", () => {
    expect(() => new ElevenLabsEngine(opts({ outputFormat: "mp3_44100_128" }))).toThrow(ClientError);
  });
});
