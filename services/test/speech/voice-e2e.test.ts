// Jarvis as HA's Assist would use it over Wyoming, with no speech service at all: real speech (espeak-ng)
// recognised offline by pocketsphinx with the grammar of Jarvis's commands, then answered by the fast path
// against the simulated home lab.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWav } from "../../src/speech/stt/wav.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { freePort } from "../helpers/ports.js";
import { WyomingClient } from "../helpers/wyoming-client.js";

let lab: HomeLab;
let jarvis: TestJarvis;
let port: number;

beforeAll(async () => {
  lab = await startHomeLab({ taskMs: 50 });
  port = await freePort();
  jarvis = await startTestJarvis({ ...lab.env, WYOMING_PORT: String(port) });
  // The grammar learns device names once the clients have their first data.
  await new Promise((r) => setTimeout(r, 1_500));
});
afterAll(async () => {
  await jarvis.stop();
  await lab.close();
});

async function transcribe(client: WyomingClient, text: string): Promise<string> {
  const pcm = parseWav(await speakWav(text, { rate: 16_000, channels: 1 }));
  const format = { rate: pcm.rate, width: pcm.width, channels: pcm.channels };
  client.send("transcribe", { language: "en" });
  client.send("audio-start", { ...format, timestamp: 0 });
  for (let at = 0; at < pcm.pcm.length; at += 2048) client.send("audio-chunk", format, pcm.pcm.subarray(at, at + 2048));
  client.send("audio-stop", {});
  const events = await client.until("transcript");
  return events.at(-1)!.data.text as string;
}

describe("voice through Wyoming, offline", () => {
  it("describes Jarvis's speech-to-text and conversation programs", async () => {
    const client = await WyomingClient.connect(port);
    client.send("describe");
    const info = await client.next();
    expect(info.type).toBe("info");
    expect(info.data.asr?.[0]?.name).toBeTruthy();
    expect(info.data.handle?.[0]?.name).toBeTruthy();
    client.close();
  });

  it("speaks with the offline voice when no TTS service is configured", async () => {
    const client = await WyomingClient.connect(port);
    client.send("synthesize", { text: "All three nodes are online." });
    const events = await client.until("audio-stop");
    const start = events[0]!;
    expect(start.type).toBe("audio-start");
    const bytes = events.filter((e) => e.type === "audio-chunk").reduce((n, e) => n + e.payload.length, 0);
    // About two seconds of 16-bit speech at the advertised rate.
    expect(bytes / (start.data.rate * start.data.width * start.data.channels)).toBeGreaterThan(1);
    client.close();
  });

  it.each([
    ["turn on the kitchen light", /^Kitchen Light is on\.$/],
    ["how is the cluster", /^All 3 nodes are online\./],
  ])("hears %j and answers it", async (said, answer) => {
    const client = await WyomingClient.connect(port);
    const heard = await transcribe(client, said);
    expect(heard).toBe(said);
    client.send("transcript", { text: heard });
    const handled = await client.until("handled");
    expect(handled.at(-1)!.data.text).toMatch(answer);
    client.close();
  });
});
