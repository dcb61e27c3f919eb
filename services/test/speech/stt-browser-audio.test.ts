// What browsers send, recognised offline: the card's push-to-talk, 16 kHz PCM streamed in 100 ms chunks while
// the person speaks (recognition runs as it arrives), against the whole server with no Whisper service at all;
// and a recorded file, as Firefox makes it (Ogg Opus, made here by opusenc), decoded with opusdec and heard by
// pocketsphinx. WebM, which the card no longer sends, needs ffmpeg or Whisper, and the refusal says so.
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { toSpeechPcm } from "../../src/speech/stt/convert.js";
import { PocketsphinxRecognizer } from "../../src/speech/stt/index.js";
import { durationOf } from "../../src/speech/stt/wav.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { failure } from "../helpers/errors.js";
import { SUPERVISOR_ADDRESS, startTestJarvis, tempDir, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

const log = createLogger({ level: "silent" });
const PHRASES = ["how is the cluster", "turn on the {name}", "turn off the {name}", "what time is it"];
/** The EBML magic and a few bytes after it: a WebM file's start. */
const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(60, 0x42)]);

let recognizer: PocketsphinxRecognizer;

/** Firefox's recording format: Ogg Opus, here from espeak-ng speech at a browser's 48 kHz. */
async function oggOpus(text: string): Promise<Buffer> {
  const dir = tempDir("jarvis-ogg-");
  try {
    await writeFile(path.join(dir, "in.wav"), await speakWav(text, { rate: 48_000 }));
    await promisify(execFile)("opusenc", ["--quiet", path.join(dir, "in.wav"), path.join(dir, "out.opus")]);
    return await readFile(path.join(dir, "out.opus"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  recognizer = new PocketsphinxRecognizer({ phrases: PHRASES, names: ["kitchen light", "hallway lamp"] }, log);
});
afterAll(() => recognizer.close());

describe("recorded files, offline", () => {
  it("decodes Ogg Opus to 16 kHz mono speech of the recording's length, and hears its words", async () => {
    const ogg = await oggOpus("turn off the kitchen light");
    const pcm = await toSpeechPcm({ file: ogg }, { timeoutMs: 10_000 });
    expect(pcm).toMatchObject({ rate: 16_000, width: 2, channels: 1 });
    expect(durationOf(pcm)).toBeGreaterThan(1);
    expect(durationOf(pcm)).toBeLessThan(3.5);
    expect(await recognizer.recognize({ file: ogg })).toBe("turn off the kitchen light");
  });

  it("says what to install when opusdec is missing", async () => {
    const err = await failure(toSpeechPcm({ file: await oggOpus("how is the cluster") }, { timeoutMs: 10_000, opusdecPath: "no-such-opusdec" }));
    expect(err).toMatchObject({ kind: "unreachable", message: expect.stringContaining("apt-get install opus-tools") });
  });

  it("says what a WebM recording needs instead of decoding it by hand", async () => {
    const err = await failure(toSpeechPcm({ file: WEBM }, { timeoutMs: 10_000, ffmpegPath: "no-such-ffmpeg" }));
    expect(err).toMatchObject({ kind: "unreachable", message: expect.stringMatching(/webm audio needs ffmpeg.*Whisper/) });
  });
});

describe("push-to-talk from the card with no Whisper service", () => {
  let lab: HomeLab;
  let jarvis: TestJarvis;

  beforeAll(async () => {
    lab = await startHomeLab({ taskMs: 50 });
    jarvis = await startTestJarvis(lab.env);
  }, 30_000);
  afterAll(async () => {
    await jarvis?.stop();
    await lab?.close();
  });

  it("hears 16 kHz PCM streamed in 100 ms pieces as the card sends it, and answers it", async () => {
    const wav = await speakWav("how is the cluster");
    const pcm = wav.subarray(wav.indexOf("data") + 8);
    const s = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS, headers: { "x-remote-user-id": "sam" } });
    try {
      const started = await s.call({ id: 1, type: "voice/start", format: "pcm16", rate: 16_000, language: "en" });
      for (let at = 0, id = 2; at < pcm.length; at += 3_200, id++) {
        const sent = await s.call({ id, type: "voice/audio", voice_id: started.result.voice_id, data: pcm.subarray(at, at + 3_200).toString("base64") });
        expect(sent.success).toBe(true);
      }
      const done = await s.call({ id: 100, type: "voice/stop", voice_id: started.result.voice_id });
      expect(done.success, JSON.stringify(done.error)).toBe(true);
      expect(done.result.transcript).toBe("how is the cluster");
      expect(done.result.speech).toMatch(/^All 3 nodes are online\./);
      const events = s.received.filter((m) => m.id === 100 && m.type === "event").map((m) => m.event);
      expect(events[0]).toEqual({ type: "transcript", text: "how is the cluster", engine: "pocketsphinx" });
    } finally {
      s.close();
    }
  });
});
