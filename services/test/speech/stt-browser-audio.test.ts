// What browsers record, recognised offline: Chrome's MediaRecorder WebM/Opus (fixtures made by
// test/fixtures/speech/record-webm.ts from espeak-ng speech through a fake microphone) and Firefox's Ogg
// Opus (made here by opusenc), decoded with opusdec and heard by pocketsphinx; and the card's push-to-talk
// with such a recording against the whole server with no Whisper service at all.
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientError } from "../../src/clients/errors.js";
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
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/speech");
const PHRASES = ["how is the cluster", "turn on the {name}", "turn off the {name}", "what time is it"];

let cluster: Buffer;
let kitchen: Buffer;
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

beforeAll(async () => {
  [cluster, kitchen] = await Promise.all([
    readFile(path.join(fixtures, "how-is-the-cluster.webm")),
    readFile(path.join(fixtures, "turn-on-the-kitchen-light.webm")),
  ]);
  recognizer = new PocketsphinxRecognizer({ phrases: PHRASES, names: ["kitchen light", "hallway lamp"] }, log);
});
afterAll(() => recognizer.close());

describe("browser recordings, offline", () => {
  it("decodes Chrome's WebM/Opus to 16 kHz mono speech of the recording's length", async () => {
    const pcm = await toSpeechPcm({ file: cluster }, { timeoutMs: 10_000 });
    expect(pcm).toMatchObject({ rate: 16_000, width: 2, channels: 1 });
    // espeak-ng's "how is the cluster" with 0.9 s of silence around it.
    expect(durationOf(pcm)).toBeGreaterThan(1.5);
    expect(durationOf(pcm)).toBeLessThan(3.5);
    let peak = 0;
    for (let i = 0; i < pcm.pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.pcm.readInt16LE(i)));
    expect(peak).toBeGreaterThan(3_000);
  });

  it("hears the words in Chrome's WebM and in Firefox's Ogg Opus", async () => {
    expect(await recognizer.recognize({ file: cluster })).toBe("how is the cluster");
    expect(await recognizer.recognize({ file: kitchen })).toBe("turn on the kitchen light");
    expect(await recognizer.recognize({ file: await oggOpus("turn off the kitchen light") })).toBe("turn off the kitchen light");
  });

  it("keeps what a recording cut short holds, and refuses one with no audio or a damaged one clearly", async () => {
    // The last upload lost: the words before it are still there.
    const whole = durationOf(await toSpeechPcm({ file: kitchen }, { timeoutMs: 10_000 }));
    const cut = durationOf(await toSpeechPcm({ file: kitchen.subarray(0, Math.floor(kitchen.length * 0.6)) }, { timeoutMs: 10_000 }));
    expect(cut).toBeGreaterThan(whole * 0.4);
    expect(cut).toBeLessThan(whole * 0.8);

    // Stopped before the first chunk of sound: the header and the track list only.
    const firstCluster = kitchen.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
    const empty = await failure(toSpeechPcm({ file: kitchen.subarray(0, firstCluster) }, { timeoutMs: 10_000 }));
    expect(empty).toBeInstanceOf(ClientError);
    expect(empty).toMatchObject({ kind: "bad_request", message: expect.stringContaining("holds no audio") });

    const damaged = await failure(recognizer.recognize({ file: Buffer.concat([kitchen.subarray(0, 4), Buffer.alloc(200, 0x42)]) }));
    expect(damaged).toMatchObject({ kind: "bad_request", message: expect.stringContaining("WebM") });
  });

  it("says what to install when opusdec is missing", async () => {
    const err = await failure(toSpeechPcm({ file: cluster }, { timeoutMs: 10_000, opusdecPath: "no-such-opusdec" }));
    expect(err).toMatchObject({ kind: "unreachable", message: expect.stringContaining("apt-get install opus-tools") });
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

  it("hears a WebM recording sent in MediaRecorder-sized pieces and answers it", async () => {
    const s = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS, headers: { "x-remote-user-id": "sam" } });
    try {
      const started = await s.call({ id: 1, type: "voice/start", format: "webm", language: "en" });
      // About 250 ms of Opus at Chrome's 128 kbit/s per voice/audio, as the card uploads them.
      for (let at = 0, id = 2; at < cluster.length; at += 4_000, id++) {
        const sent = await s.call({ id, type: "voice/audio", voice_id: started.result.voice_id, data: cluster.subarray(at, at + 4_000).toString("base64") });
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
