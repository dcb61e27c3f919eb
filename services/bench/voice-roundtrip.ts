// The voice round trip a person waits through: from the end of their speech (voice/stop, every chunk already
// sent) to the first audio of the reply, with offline STT (pocketsphinx), the fast path and the local TTS of
// last resort (espeak-ng), against the demo's emulated lab. The recording is 16 kHz 16-bit PCM sent in 100 ms
// chunks at the pace of speech, as the card streams it, so recognition can run while it is "spoken". The TTS
// cache is off, so every round synthesises its reply. Needs espeak-ng, sox and pocketsphinx.
import { setTimeout as sleep } from "node:timers/promises";
import { startHomeLab } from "../test/emulators/home-lab.js";
import { speakWav } from "../test/emulators/whisper/speak.js";
import { startTestJarvis } from "../test/helpers/jarvis.js";
import { TestSocket } from "../test/helpers/ws.js";

export const TARGET_MS = 400;
const ROUNDS = 10;
const CHUNK_MS = 100;
const CHUNK_BYTES = 3_200; // 100 ms of 16 kHz 16-bit mono
const SAID = "how is the cluster";

/** The PCM samples of a WAV (after its "data" chunk header). */
const pcmOf = (wav: Buffer) => wav.subarray(wav.indexOf("data") + 8);

export async function voiceRoundTrip(): Promise<string[]> {
  const lab = await startHomeLab({ taskMs: 200 });
  const jarvis = await startTestJarvis({ ...lab.env, STT_OFFLINE: "true", TTS_CACHE_MAX: "0" }, { demo: true });
  const socket = await TestSocket.open(jarvis.wsUrl, { headers: { authorization: `Bearer ${await token(jarvis.url)}` } });
  try {
    const pcm = pcmOf(await speakWav(SAID));
    let id = 1;
    const timings: number[] = [];
    const toTranscript: number[] = [];
    const heard: string[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      const started = await socket.call({ id: id++, type: "voice/start", format: "pcm16", rate: 16_000 });
      const voice_id = started.result.voice_id as string;
      for (let at = 0; at < pcm.length; at += CHUNK_BYTES) {
        await socket.call({ id: id++, type: "voice/audio", voice_id, data: pcm.subarray(at, at + CHUNK_BYTES).toString("base64") });
        await sleep(CHUNK_MS);
      }
      const stopId = id++;
      const t0 = performance.now();
      socket.send({ id: stopId, type: "voice/stop", voice_id });
      const transcript = (await socket.next((m) => m.id === stopId && m.type === "event" && m.event.type === "transcript", 20_000)).event.text as string;
      const tHeard = performance.now();
      const first = await socket.next((m) => m.id === stopId && m.type === "event" && m.event.type === "audio" && m.event.seq !== "ack", 20_000);
      const t1 = performance.now();
      await socket.next((m) => m.id === stopId && m.type === "result", 20_000);
      socket.received.length = 0;
      if (round === 0 || !first) continue; // the first round warms the engines and caches
      timings.push(t1 - t0);
      toTranscript.push(tHeard - t0);
      heard.push(transcript);
    }
    timings.sort((a, b) => a - b);
    toTranscript.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)]!;
    return [
      `${"voice round trip, end of speech to first reply audio".padEnd(56)} ${median.toFixed(0).padStart(6)} ms  (target <= ${TARGET_MS} ms${median <= TARGET_MS ? "" : ", over"}; ` +
        `p90 ${timings[Math.floor(timings.length * 0.9)]!.toFixed(0)} ms; transcript after ${toTranscript[Math.floor(toTranscript.length / 2)]!.toFixed(0)} ms; ` +
        `offline STT heard "${heard[0]}")`,
    ];
  } finally {
    socket.close();
    await jarvis.stop();
    await lab.close();
  }
}

async function token(url: string): Promise<string> {
  const { PASSWORD } = await import("../test/helpers/jarvis.js");
  const res = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}
