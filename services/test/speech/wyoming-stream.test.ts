// Wyoming's streaming synthesis (protocol 1.7) as Home Assistant drives it: a five-sentence reply sent in small
// pieces as an agent writes it, with real espeak-ng speech behind a TTS that takes its time per sentence. The
// first audio must arrive before the last piece of text is sent; every sentence is spoken once (not again for
// HA's whole-text `synthesize`), in the first sentence's format, and synthesize-stopped ends it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { parseWav } from "../../src/speech/stt/wav.js";
import { WyomingServer, type WyomingTts } from "../../src/speech/wyoming/index.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { FIVE_SENTENCES as REPLY, streamSynthesis, tokenPieces as pieces } from "../helpers/wyoming-tts-stream.js";
import { WyomingClient } from "../helpers/wyoming-client.js";

const log = createLogger({ level: "silent" });
const rendered: string[] = [];
/** espeak-ng speech that takes 150 ms a sentence, as a remote engine would; "explode" fails; "slow rate" is 16 kHz. */
const tts: WyomingTts = {
  async synthesize(text) {
    rendered.push(text);
    await new Promise((resolve) => setTimeout(resolve, 150));
    if (text.includes("explode")) throw new Error("the voice engine crashed");
    return { wav: await speakWav(text, { rate: text.includes("slow rate") ? 16_000 : 22_050 }) };
  },
};

let server: WyomingServer;
let port: number;
beforeAll(async () => {
  server = new WyomingServer({ port: 0, stt: null, tts, handle: null, log, info: { version: "1.7.0" } });
  port = await server.listen();
});
afterAll(() => server.close());

describe("streamed synthesis", () => {
  it("says it streams, so HA sends the reply as it is written", async () => {
    const client = await WyomingClient.connect(port);
    client.send("describe");
    const info = await client.next();
    client.close();
    expect(info.data.tts[0].supports_synthesize_streaming).toBe(true);
  });

  it("speaks the first sentence before the last piece of a five-sentence reply is sent, each sentence once", async () => {
    rendered.length = 0;
    const text = pieces(REPLY);
    const heard = await streamSynthesis(port, text, { pieceDelayMs: 25, voice: "jarvis" });
    expect(heard.firstAudioAt).toBeDefined();
    expect(heard.firstAudioAt!).toBeLessThan(heard.lastTextAt);
    const types = heard.events.map((e) => e.event.type);
    expect(types.at(-1)).toBe("synthesize-stopped");
    expect(types.filter((t) => t === "audio-start")).toHaveLength(5);
    expect(types.filter((t) => t === "audio-stop")).toHaveLength(5);
    expect(types).not.toContain("error");
    // Each sentence rendered once: HA's whole-text `synthesize` inside the stream was not spoken again.
    expect(rendered.map((s) => s.trim())).toEqual(REPLY.match(/[^.]+\./g)!.map((s) => s.trim()));
    // What HA plays: the five sentences' audio back to back, in the first audio-start's format.
    expect(heard.format).toEqual({ rate: 22_050, width: 2, channels: 1 });
    const expected = await Promise.all(rendered.map(async (s) => parseWav(await speakWav(s, { rate: 22_050 })).pcm));
    expect(heard.pcm.equals(Buffer.concat(expected))).toBe(true);
    // Timestamps run on across sentences.
    const starts = heard.events.filter((e) => e.event.type === "audio-start").map((e) => e.event.data.timestamp as number);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(0);
  });

  it("brings a sentence in another format to the first one's, so HA's one WAV header stays right", async () => {
    const heard = await streamSynthesis(port, ["Jarvis is speaking.", " This one comes at a slow rate.", " Back again."]);
    expect(heard.format).toEqual({ rate: 22_050, width: 2, channels: 1 });
    const chunks = heard.events.filter((e) => e.event.type === "audio-chunk").map((e) => e.event.data);
    expect(chunks.every((c) => c.rate === 22_050 && c.width === 2 && c.channels === 1)).toBe(true);
    // The 16 kHz sentence, resampled, lasts as long as it did.
    const slow = parseWav(await speakWav("This one comes at a slow rate.", { rate: 16_000 }));
    const others = await Promise.all(["Jarvis is speaking.", "Back again."].map(async (s) => parseWav(await speakWav(s, { rate: 22_050 })).pcm.length));
    const slowAt22k = heard.pcm.length - others[0]! - others[1]!;
    expect(Math.abs(slowAt22k / (22_050 * 2) - slow.pcm.length / (16_000 * 2))).toBeLessThan(0.01);
  });

  it("answers a failing sentence with an error and still ends the stream", async () => {
    const heard = await streamSynthesis(port, ["It starts well.", " Then it will explode.", " Never said."]);
    const types = heard.events.map((e) => e.event.type);
    expect(types).toContain("error");
    expect(heard.events.find((e) => e.event.type === "error")!.event.data).toMatchObject({ code: "tts-failed" });
    expect(types.at(-1)).toBe("synthesize-stopped");
    expect(types.filter((t) => t === "audio-start")).toHaveLength(1);
  });

  it("refuses a chunk or a stop outside a stream, and keeps serving the connection", async () => {
    const client = await WyomingClient.connect(port);
    client.send("synthesize-chunk", { text: "hello" });
    expect(await client.next()).toMatchObject({ type: "error", data: { code: "bad-state" } });
    client.send("synthesize-stop");
    expect(await client.next()).toMatchObject({ type: "error", data: { code: "bad-state" } });
    client.send("ping");
    expect((await client.next()).type).toBe("pong");
    client.close();
  });
});
