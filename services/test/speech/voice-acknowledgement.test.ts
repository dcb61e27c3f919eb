// The acknowledgement a listener hears while tools run, as the card gets it over the WebSocket: the whole
// server on the simulated home lab, the Anthropic emulator scripted to call GREEN cluster tools, the Whisper
// emulator hearing the recorded question (real espeak-ng speech sent with voice/start, audio, stop), and the
// reply spoken by espeak-ng. "One moment." comes from the cache (pre-warmed at start), in its place in the
// reply's audio: after what the model said before the tool, before the answer, once per reply.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { durationMs, parseWav } from "../../src/speech/tts/audio.js";
import { ACKNOWLEDGEMENT } from "../../src/speech/tts/phrases.js";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startWhisperEmulator, type WhisperEmulator } from "../emulators/whisper/index.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { SUPERVISOR_ADDRESS, startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

let lab: HomeLab;
let claude: AnthropicEmulator;
let whisper: WhisperEmulator;
let jarvis: TestJarvis;
/** The pre-warmed "One moment." as the cache holds it. */
let cachedAck: Buffer;

beforeAll(async () => {
  [lab, claude, whisper] = await Promise.all([startHomeLab({ taskMs: 50 }), startAnthropicEmulator(), startWhisperEmulator()]);
  jarvis = await startTestJarvis({ ...lab.env, ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.url, WHISPER_ENDPOINT: whisper.url });
  // Pre-warming renders the common phrases with espeak-ng at start; a reply only ever plays a cached one.
  const deadline = Date.now() + 20_000;
  let row;
  while (!(row = jarvis.store.ttsCache.leastRecentlyUsed(100).find((r) => r.text === ACKNOWLEDGEMENT)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(row, "the acknowledgement was never pre-warmed into the cache").toBeDefined();
  cachedAck = await readFile(path.join(jarvis.dataDir, "tts-cache", row!.file));
}, 60_000);
afterAll(async () => {
  await jarvis?.stop();
  await Promise.allSettled([lab?.close(), claude?.close(), whisper?.close()]);
});

interface Heard {
  result: any;
  /** Every event of the voice/stop command, in arrival order. */
  events: any[];
  audio: { seq: number | "ack"; wav: Buffer; at: number }[];
}

/** Says `question` into push-to-talk as the card does (a WAV sent in chunks), and collects the answer. */
async function talk(question: string): Promise<Heard> {
  whisper.respond(question);
  const s = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS, headers: { "x-remote-user-id": "sam" } });
  try {
    const wav = await speakWav(question);
    const started = await s.call({ id: 1, type: "voice/start", format: "wav", language: "en" });
    expect(started.success).toBe(true);
    for (let at = 0, id = 2; at < wav.length; at += 16_384, id++) {
      const sent = await s.call({ id, type: "voice/audio", voice_id: started.result.voice_id, data: wav.subarray(at, at + 16_384).toString("base64") });
      expect(sent.success).toBe(true);
    }
    const done = await s.call({ id: 100, type: "voice/stop", voice_id: started.result.voice_id });
    expect(done.success, JSON.stringify(done.error)).toBe(true);
    const events = s.received.filter((m) => m.id === 100 && m.type === "event").map((m) => m.event);
    const audio = events.flatMap((e, at) => (e.type === "audio" ? [{ seq: e.seq, wav: Buffer.from(e.data, "base64"), at, mime: e.mime }] : []));
    for (const a of audio) expect(a.mime).toBe("audio/wav");
    return { result: done.result, events, audio };
  } finally {
    s.close();
  }
}

/** A real spoken clip: 16-bit PCM WAV of a plausible length with sound in it, not silence. */
function expectSpeech(wav: Buffer): void {
  const audio = parseWav(wav);
  expect(audio.format).toMatchObject({ width: 2, channels: 1 });
  expect(durationMs(audio)).toBeGreaterThan(300);
  expect(durationMs(audio)).toBeLessThan(10_000);
  let sum = 0;
  for (let i = 0; i < audio.pcm.length; i += 2) sum += audio.pcm.readInt16LE(i) ** 2;
  expect(Math.sqrt(sum / (audio.pcm.length / 2))).toBeGreaterThan(300);
}

const firstDeltaAfter = (events: any[], type: string) => {
  const from = events.findIndex((e) => e.type === type);
  return events.findIndex((e, i) => i > from && e.type === "delta");
};

describe("the acknowledgement before a tool", () => {
  it("plays the cached clip while the tool runs, before any word of the answer is written", async () => {
    claude.script([
      { toolCalls: [{ name: "get_storage", input: {} }] },
      // The model takes its time over the answer: the acknowledgement must not wait for it.
      { text: "Your storage is healthy. Local LVM on pve1 is well under half full.", latencyMs: 1_500 },
    ]);
    const heard = await talk("which of my storage pools are filling up this week");
    expect(heard.result.speech).toBe("Your storage is healthy. Local LVM on pve1 is well under half full.");
    expect(heard.events).toContainEqual(expect.objectContaining({ type: "tool_call", tool: "get_storage", tier: "GREEN", status: "ok" }));

    expect(heard.audio.map((a) => a.seq)).toEqual(["ack", 0, 1]);
    const ack = heard.audio[0]!;
    expect(ack.wav.equals(cachedAck)).toBe(true);
    expect(ack.at).toBeLessThan(firstDeltaAfter(heard.events, "tool_start"));
    for (const a of heard.audio) expectSpeech(a.wav);
    expect(heard.result.engine).toBe("espeak");
  });

  it("says it once per reply, after what the model said before the tool, even over two rounds of tools", async () => {
    claude.script([
      { text: "Let me check the storage first.", toolCalls: [{ name: "get_storage", input: {} }] },
      { text: "Now the temperatures.", toolCalls: [{ name: "get_node_temperature", input: { node: "pve1" } }], latencyMs: 1_500 },
      { text: "Everything looks fine. The nodes run cool." },
    ]);
    const heard = await talk("is anything on the cluster running hot or filling up");
    expect(heard.result.speech).toBe("Everything looks fine. The nodes run cool.");
    expect(heard.events.filter((e) => e.type === "tool_start")).toHaveLength(2);

    // Each round's words are spoken as they are, not run into the next round's: five clips, one of them the
    // acknowledgement, right after the sentence before the first tool.
    expect(heard.audio.map((a) => a.seq)).toEqual([0, "ack", 1, 2, 3]);
    expect(heard.audio[1]!.wav.equals(cachedAck)).toBe(true);
    // What the model said before the tool is spoken while the tool runs, not held until the model goes on.
    expect(heard.audio[0]!.at).toBeLessThan(firstDeltaAfter(heard.events, "tool_start"));
    expect(heard.audio[1]!.at).toBeLessThan(firstDeltaAfter(heard.events, "tool_start"));
    for (const a of heard.audio) expectSpeech(a.wav);
  });

  it("is not said in a reply that calls no tool", async () => {
    claude.script([{ text: "Routers do not tell jokes. They only forward them." }]);
    const heard = await talk("tell me a joke about the routers in my network");
    expect(heard.events.some((e) => e.type === "tool_start")).toBe(false);
    expect(heard.audio.map((a) => a.seq)).toEqual([0, 1]);
    for (const a of heard.audio) expectSpeech(a.wav);
  });
});
