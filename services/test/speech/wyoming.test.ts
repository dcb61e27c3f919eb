// The Wyoming server over real TCP on 127.0.0.1, driven by a client written from the protocol README:
// describe/info, synthesize (espeak-ng speech as the injected TTS), transcribe through the Whisper
// emulator and through pocketsphinx, the `handle` program, and malformed input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { PocketsphinxRecognizer, SpeechToText, WhisperClient } from "../../src/speech/stt/index.js";
import { parseWav, type Pcm } from "../../src/speech/stt/wav.js";
import { type HandleContext, WyomingServer, type WyomingTts } from "../../src/speech/wyoming/index.js";
import { startWhisperEmulator, type WhisperEmulator } from "../emulators/whisper/index.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { type ClientEvent, WyomingClient } from "../helpers/wyoming-client.js";

const log = createLogger({ level: "silent" });
const PHRASES = ["turn on the {name}", "how is the cluster"];
const LIMITS = { maxHeaderBytes: 1024, maxPayloadBytes: 64 * 1024 };

const espeakTts: WyomingTts = {
  async synthesize(text) {
    if (text.includes("explode")) throw new Error("the voice engine crashed");
    return { wav: await speakWav(text, { rate: 22_050 }) };
  },
};

let emu: WhisperEmulator;
let speech: Pcm;
const handled: { text: string; ctx: HandleContext }[] = [];
let withWhisper: WyomingServer;
let offline: WyomingServer;
const engines: SpeechToText[] = [];
let whisperPort: number;
let offlinePort: number;

async function handle(text: string, ctx: HandleContext): Promise<string> {
  handled.push({ text, ctx });
  if (text === "fail") throw new Error("the agent is out of budget");
  return `You said: ${text}`;
}

beforeAll(async () => {
  emu = await startWhisperEmulator();
  speech = parseWav(await speakWav("how is the cluster"));
  const stt = (whisper: WhisperClient | null) =>
    new SpeechToText({ whisper, pocketsphinx: new PocketsphinxRecognizer({ phrases: PHRASES, names: ["kitchen light"] }, log) }, log);
  engines.push(stt(new WhisperClient({ endpoint: emu.url }, log)), stt(null));
  withWhisper = new WyomingServer({
    port: 0,
    stt: engines[0]!,
    tts: espeakTts,
    handle,
    log,
    info: { version: "1.2.3", sttName: "jarvis-stt", ttsName: "jarvis-tts", handleName: "jarvis" },
    limits: LIMITS,
  });
  offline = new WyomingServer({
    port: 0,
    stt: engines[1]!,
    tts: null,
    handle: null,
    log,
    info: { version: "1.2.3" },
    maxConnections: 1,
  });
  [whisperPort, offlinePort] = await Promise.all([withWhisper.listen(), offline.listen()]);
});

afterAll(async () => {
  await Promise.all([withWhisper.close(), offline.close(), ...engines.map((e) => e.close())]);
  await emu.close();
});

async function withClient<T>(port: number, fn: (c: WyomingClient) => Promise<T>): Promise<T> {
  const client = await WyomingClient.connect(port);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** Streams PCM as HA's Wyoming STT does: transcribe, audio-start, chunks of 1024 samples, audio-stop. */
async function transcribe(client: WyomingClient, pcm: Pcm): Promise<ClientEvent> {
  const format = { rate: pcm.rate, width: pcm.width, channels: pcm.channels };
  client.send("transcribe", { language: "en" });
  client.send("audio-start", { ...format, timestamp: 0 });
  for (let at = 0; at < pcm.pcm.length; at += 2048) client.send("audio-chunk", format, pcm.pcm.subarray(at, at + 2048));
  client.send("audio-stop", { timestamp: 1500 });
  return client.next();
}

describe("describe", () => {
  it("answers info listing the STT, TTS and handle programs, installed, with languages and version", async () => {
    const info = await withClient(whisperPort, async (c) => {
      c.send("describe");
      return c.next();
    });
    expect(info.type).toBe("info");
    expect(info.header.version).toBe("1.2.3");
    const { asr, tts, handle: programs } = info.data;
    expect(asr[0]).toMatchObject({ name: "jarvis-stt", installed: true, version: "1.2.3", attribution: { name: "Jarvis" } });
    expect(asr[0].models[0]).toMatchObject({ languages: ["en"], installed: true });
    expect(tts[0].voices[0]).toMatchObject({ name: "jarvis", languages: ["en"], installed: true });
    expect(programs[0]).toMatchObject({ name: "jarvis", installed: true, supports_home_control: true });
    expect(programs[0].models[0].languages).toEqual(["en"]);
  });

  it("leaves out what a server cannot serve", async () => {
    const info = await withClient(offlinePort, async (c) => {
      c.send("describe");
      return c.next();
    });
    expect(info.data.asr).toHaveLength(1);
    expect(info.data.tts).toEqual([]);
    expect(info.data.handle).toEqual([]);
  });
});

describe("synthesize", () => {
  it("streams the voice as audio-start, 1024-sample chunks and audio-stop in the advertised format", async () => {
    const events = await withClient(whisperPort, async (c) => {
      c.send("synthesize", { text: "The cluster is healthy.", voice: { name: "jarvis" } });
      return c.until("audio-stop");
    });
    const [start, ...rest] = events;
    const chunks = rest.slice(0, -1);
    expect(start).toMatchObject({ type: "audio-start", data: { rate: 22_050, width: 2, channels: 1, timestamp: 0 } });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.type).toBe("audio-chunk");
      expect(chunk.data).toMatchObject({ rate: 22_050, width: 2, channels: 1 });
    }
    expect(chunks.slice(0, -1).every((c) => c.payload.length === 2048)).toBe(true);
    const timestamps = chunks.map((c) => c.data.timestamp as number);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    const pcm = Buffer.concat(chunks.map((c) => c.payload));
    const expected = parseWav(await speakWav("The cluster is healthy.", { rate: 22_050 }));
    expect(pcm.equals(expected.pcm)).toBe(true);
    // Real speech, not silence: the samples swing well away from zero.
    let peak = 0;
    for (let i = 0; i < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
    expect(peak).toBeGreaterThan(3000);
    expect(events.at(-1)!.data.timestamp).toBeGreaterThan(500);
  });

  it("answers an error when the engine fails or the text is missing, and keeps the connection", async () => {
    await withClient(whisperPort, async (c) => {
      c.send("synthesize", { text: "please explode" });
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "tts-failed", text: expect.stringContaining("crashed") } });
      c.send("synthesize", {});
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-data" } });
      c.send("describe");
      expect((await c.next()).type).toBe("info");
    });
  });
});

describe("transcribe", () => {
  it("transcribes streamed audio through the Whisper service", async () => {
    emu.respond("how is the cluster doing?");
    const before = emu.requests.length;
    const transcript = await withClient(whisperPort, (c) => transcribe(c, speech));
    expect(transcript).toMatchObject({ type: "transcript", data: { text: "how is the cluster doing?" } });
    const sent = parseWav(emu.requests[before]!.file);
    expect(sent).toMatchObject({ rate: 16_000, width: 2, channels: 1 });
    expect(sent.pcm.equals(speech.pcm)).toBe(true);
  });

  it("transcribes with pocketsphinx when there is no Whisper service", async () => {
    const transcript = await withClient(offlinePort, (c) => transcribe(c, speech));
    expect(transcript).toMatchObject({ type: "transcript", data: { text: "how is the cluster" } });
  });

  it("refuses chunks without audio-start and an audio-start without a format", async () => {
    await withClient(whisperPort, async (c) => {
      c.send("audio-chunk", { rate: 16_000, width: 2, channels: 1 }, Buffer.alloc(320));
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-state" } });
      c.send("audio-start", { rate: 16_000 });
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-data" } });
      // The refused stream's chunks and stop are dropped quietly; the next stream is transcribed.
      c.send("audio-chunk", { rate: 16_000 }, Buffer.alloc(320));
      c.send("audio-stop");
      expect((await transcribe(c, speech)).type).toBe("transcript");
    });
  });
});

describe("handle", () => {
  it("answers a transcript with handled, passing HA's conversation context to the handler", async () => {
    const answer = await withClient(whisperPort, async (c) => {
      c.send("transcript", { text: "how is the cluster", language: "en", context: { conversation_id: "01ABC", device_id: "dev1" } });
      return c.next();
    });
    expect(answer).toMatchObject({ type: "handled", data: { text: "You said: how is the cluster" } });
    expect(handled.at(-1)).toMatchObject({ text: "how is the cluster", ctx: { conversationId: "01ABC", deviceId: "dev1", language: "en" } });
  });

  it("answers not-handled with the reason when the handler fails", async () => {
    const answer = await withClient(whisperPort, async (c) => {
      c.send("transcript", { text: "fail" });
      return c.next();
    });
    expect(answer).toMatchObject({ type: "not-handled", data: { text: expect.stringContaining("out of budget") } });
  });
});

describe("malformed input", () => {
  it("answers errors for a bad header, an unknown type, lying lengths and an oversized payload, and keeps working", async () => {
    await withClient(whisperPort, async (c) => {
      c.sendRaw("this is not json\n");
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-header" } });
      c.sendRaw('{"type": 42}\n');
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-header" } });
      c.sendRaw('{"type": "describe", "data_length": -5}\n');
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-header" } });
      c.send("detect", { names: ["ok_nabu"] });
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "unsupported", text: expect.stringContaining("detect") } });
      // data_length says 4 but the data is 11 bytes: the data is not JSON, and the rest of the line is garbage.
      c.sendRaw('{"type": "synthesize", "data_length": 4}\n{"text":"hi"}\n');
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-data" } });
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "bad-header" } });
      // A payload over the limit is skipped whole, so the next event is read correctly.
      c.send("audio-chunk", { rate: 16_000, width: 2, channels: 1 }, Buffer.alloc(LIMITS.maxPayloadBytes + 1));
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "too-large" } });
      c.send("describe", undefined);
      expect((await c.next()).type).toBe("info");
      c.send("ping", { text: "still there?" }, undefined, { inline: true });
      expect(await c.next()).toMatchObject({ type: "pong", data: { text: "still there?" } });
    });
  });

  it("closes the connection after a header line over the limit, since it cannot find the next event", async () => {
    await withClient(whisperPort, async (c) => {
      c.sendRaw(`{"type": "describe", "pad": "${"x".repeat(LIMITS.maxHeaderBytes + 10)}`);
      expect(await c.next()).toMatchObject({ type: "error", data: { code: "too-large" } });
      expect(await c.closedByServer()).toBe(true);
    });
    // The server itself is fine.
    await withClient(whisperPort, async (c) => {
      c.send("describe");
      expect((await c.next()).type).toBe("info");
    });
  });

  it("refuses connections over the limit with an error event", async () => {
    await withClient(offlinePort, async (first) => {
      first.send("describe");
      await first.next();
      await withClient(offlinePort, async (second) => {
        expect(await second.next()).toMatchObject({ type: "error", data: { code: "busy" } });
        expect(await second.closedByServer()).toBe(true);
      });
    });
  });
});
