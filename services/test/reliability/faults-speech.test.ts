// Faults in the voice path: every TTS engine hanging at once (and a hung engine while the garbage collector
// runs), the disk under the TTS cache full, and Claude accepting a turn and then saying nothing (at all, or
// mid-stream). Jarvis must still speak and answer, take its fallbacks within a time its timeouts bound, say
// which it took, and work normally afterwards.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/log.js";
import { parseWav } from "../../src/speech/tts/audio.js";
import { DEFAULT_BUDGET_MS, TtsChain } from "../../src/speech/tts/chain.js";
import type { TtsEngine } from "../../src/speech/tts/engine.js";
import { EspeakEngine } from "../../src/speech/tts/espeak.js";
import { PREWARM_PHRASES } from "../../src/speech/tts/phrases.js";
import { startAnthropicEmulator, type AnthropicEmulator, type Step } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startOpenAIEmulator, type OpenAIEmulator } from "../emulators/openai/index.js";
import { startElevenLabsEmulator, startOpenAiSpeechEmulator, startPiperEmulator, startXttsEmulator, type TtsEmulator } from "../emulators/tts/index.js";
import { startWhisperEmulator, type WhisperEmulator } from "../emulators/whisper/index.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { request } from "../helpers/http.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { freePort } from "../helpers/ports.js";
import { WyomingClient } from "../helpers/wyoming-client.js";
import { command, converse, up, viaIngress } from "./faults-shared.js";
import { Figures } from "./figures.js";
import { mountTmpfs, type Tmpfs } from "./tmpfs.js";

const figures = new Figures("faults-speech");
afterAll(() => figures.print());

/** Loud enough and long enough to be someone speaking: 16-bit mono PCM, at least 0.3 s, RMS over 300. */
function sounds(pcm: Buffer, rate: number): boolean {
  const samples = pcm.length / 2;
  let energy = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) energy += pcm.readInt16LE(i) ** 2;
  return samples / rate > 0.3 && Math.sqrt(energy / samples) > 300;
}

/** Speech PCM of a Wyoming synthesize, or the server's error. */
async function synthesize(port: number, text: string): Promise<{ pcm: Buffer; rate: number; ms: number } | { error: string }> {
  const client = await WyomingClient.connect(port);
  const started = performance.now();
  try {
    client.send("synthesize", { text });
    const chunks: Buffer[] = [];
    let rate = 0;
    for (;;) {
      const event = await client.next(60_000);
      if (event.type === "error") return { error: String(event.data.text) };
      if (event.type === "audio-start") rate = event.data.rate;
      if (event.type === "audio-chunk") chunks.push(event.payload);
      if (event.type === "audio-stop") return { pcm: Buffer.concat(chunks), rate, ms: performance.now() - started };
    }
  } finally {
    client.close();
  }
}

const spoke = (r: Awaited<ReturnType<typeof synthesize>>) => "pcm" in r && sounds(r.pcm, r.rate);

describe("every TTS engine hanging at once", () => {
  let lab: HomeLab;
  let whisper: WhisperEmulator;
  let engines: Record<"xtts" | "piper" | "openai" | "elevenlabs", TtsEmulator>;
  let jarvis: TestJarvis;
  let wyoming: number;

  beforeAll(async () => {
    const [homeLab, stt, xtts, piper, openai, elevenlabs] = await Promise.all([
      startHomeLab({ taskMs: 20 }),
      startWhisperEmulator(),
      startXttsEmulator(),
      startPiperEmulator(),
      startOpenAiSpeechEmulator(),
      startElevenLabsEmulator(),
    ]);
    [lab, whisper, engines] = [homeLab, stt, { xtts, piper, openai, elevenlabs }];
    wyoming = await freePort();
    jarvis = await startTestJarvis({
      ...lab.env,
      WHISPER_ENDPOINT: whisper.url,
      LOCAL_TTS_ENDPOINT: xtts.url,
      PIPER_TTS_ENDPOINT: piper.url,
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: `${openai.url}/v1`,
      ELEVENLABS_API_KEY: elevenlabs.apiKey,
      ELEVENLABS_BASE_URL: elevenlabs.url,
      WYOMING_PORT: String(wyoming),
      LOG_LEVEL: "warn",
    });
    // Pre-warming at start renders the common phrases with XTTS, which is well until the test says otherwise.
    await vi.waitFor(() => expect(xtts.texts().length).toBeGreaterThanOrEqual(PREWARM_PHRASES.length), { timeout: 20_000, interval: 50 });
  }, 60_000);
  afterAll(async () => {
    await jarvis?.stop();
    await Promise.allSettled([lab?.close(), whisper?.close(), ...Object.values(engines ?? {}).map((e) => e.close())]);
  });

  it("speaks a voice reply with espeak-ng within the TTS budget, reports each fallback, and does not wait again", async () => {
    const mark = figures.lost.length;
    const all = Object.values(engines);
    for (const e of all) e.hang();
    const asked = all.map((e) => e.requestCount());
    const question = "how is the cluster";
    whisper.respond(question);
    const recording = await speakWav(question);
    const turn = await viaIngress(jarvis, async (s) => {
      const voiceId = (await command(s, { type: "voice/start", format: "wav", language: "en" })).reply.result.voice_id;
      await command(s, { type: "voice/audio", voice_id: voiceId, data: recording.toString("base64") });
      return command(s, { type: "voice/stop", voice_id: voiceId }, 90_000).catch((err: Error) => {
        // Say where the time went: what the server streamed, and what it logged.
        const got = s.received.map((m) => m.event?.type ?? m.type).join(", ");
        throw new Error(`${err.message}; streamed: ${got}; whisper asked ${whisper.requests.length}x; log: ${jarvis.logs.slice(-6).join("")}`);
      });
    });
    // One sentence spends at most the chain's budget on the services before espeak-ng speaks.
    const bound = DEFAULT_BUDGET_MS / 1000;
    const seconds = turn.ms / 1000;
    const sentences = turn.events.filter((e) => e.type === "audio" && e.seq !== "ack").map((e) => parseWav(Buffer.from(e.data, "base64")));
    const spoken = sentences.length > 0 && sentences.every((clip) => sounds(clip.pcm, clip.format.rate));
    figures.note(`every TTS engine hanging: voice reply spoken after ${seconds.toFixed(1)} s (budget ${bound} s a sentence)`);
    figures.record(
      "every TTS engine hanging: the voice reply is still spoken, by espeak-ng",
      turn.reply.success && turn.reply.result.engine === "espeak" && spoken && /All 3 nodes are online/.test(turn.reply.result.speech),
      JSON.stringify(turn.reply.error ?? { engine: turn.reply.result.engine, clips: sentences.length }),
    );
    figures.record(`the wait is bounded by the TTS budget (${bound} s, plus 5 s)`, seconds < bound + 5, `${seconds.toFixed(1)} s`);
    // XTTS took its whole timeout, Piper what was left; the budget then passed over the cloud engines.
    const askedNow = () => all.map((e, i) => e.requestCount() > asked[i]!);
    figures.record("XTTS then Piper were asked, the cloud engines passed over", askedNow().join() === "true,true,false,false", askedNow().join());
    // The next sentence (Wyoming) tries the engines not yet known to be down, within the same budget.
    const second = await synthesize(wyoming, "The voice services are not answering.");
    figures.record(`the next sentence tries OpenAI and ElevenLabs, then espeak-ng, within the budget`, spoke(second) && "ms" in second && second.ms < (bound + 5) * 1000 && askedNow().every(Boolean), JSON.stringify("ms" in second ? { ms: second.ms, asked: askedNow() } : second));
    const health = (await request(`${jarvis.url}/api/health`)).json.integrations;
    const reported = ["xtts", "piper", "openai_tts", "elevenlabs"].filter((n) => health[n].state === "down" && /no audio within \d+ ms/.test(health[n].detail));
    figures.record("/api/health reports each engine that timed out as down", reported.length === 4, JSON.stringify(health));
    // The chain now knows they are all down (for 60 s): the next sentence goes straight to espeak-ng.
    const third = await synthesize(wyoming, "Speaking offline for now.");
    figures.record("the sentence after that is spoken at once, without waiting on the hung engines", spoke(third) && "ms" in third && third.ms < 5_000, JSON.stringify("ms" in third ? third.ms : third));
    figures.record("service up after every TTS engine hung", await up(jarvis.url));
    expect(figures.lost.slice(mark)).toEqual([]);
  }, 120_000);
});

describe("a hung TTS engine while the garbage collector runs", () => {
  it("still times out and falls through: the timeout is not collected with its signal", async () => {
    const mark = figures.lost.length;
    setFlagsFromString("--expose-gc");
    const collect = runInNewContext("gc") as () => void;
    // An engine stuck for good: its request never settles and it ignores the signal.
    const hung: TtsEngine = { name: "hung", label: "Hung", voice: "v", settings: "", timeoutMs: 300, synthesize: () => new Promise(() => {}), health: async () => {}, close: async () => {} };
    const chain = new TtsChain({ engines: [hung, new EspeakEngine()], logger: createLogger({ level: "silent" }) });
    const collecting = setInterval(collect, 25);
    const spoken = await Promise.race([chain.synthesize("Still speaking."), sleep(5_000, null)]);
    clearInterval(collecting);
    await chain.close();
    figures.record("a hung engine's 300 ms timeout, with the GC running: espeak-ng speaks", spoken?.engine === "espeak", spoken ? spoken.engine : "no audio after 5 s");
    expect(figures.lost.slice(mark)).toEqual([]);
  });
});

describe("the TTS cache's disk full", () => {
  let disk: Tmpfs | undefined;
  let refused = "";
  let jarvis: TestJarvis;
  let wyoming: number;

  beforeAll(async () => {
    const mounted = mountTmpfs(1 << 20);
    if ("refused" in mounted) return void (refused = mounted.refused);
    disk = mounted;
    wyoming = await freePort();
    jarvis = await startTestJarvis({ TTS_CACHE_DIR: disk.dir, WYOMING_PORT: String(wyoming), LOG_LEVEL: "warn" });
    await vi.waitFor(() => expect(jarvis.store.ttsCache.count()).toBe(PREWARM_PHRASES.length), { timeout: 30_000, interval: 50 });
  }, 60_000);
  afterAll(async () => {
    await jarvis?.stop();
    disk?.unmount();
  });

  it("speaks uncached on ENOSPC, keeps no partial file or dangling row, and caches again once there is room", async (ctx) => {
    if (!disk) {
      console.log(`faults-speech: disk-full case skipped: ${refused}`);
      return ctx.skip(refused);
    }
    const mark = figures.lost.length;
    const dir = disk.dir;
    const rows = () => jarvis.store.ttsCache.leastRecentlyUsed(1_000);
    const sound = () => rows().every((r) => existsSync(path.join(dir, r.file)) && statSync(path.join(dir, r.file)).size === r.bytes);
    const strays = () => readdirSync(dir).filter((name) => name.endsWith(".tmp"));
    const text = "The disk under the voice cache is full.";
    // Room for a part of a sentence's WAV, not all of it: the write fails half-way.
    disk.fill(16_384);
    const full = await synthesize(wyoming, text);
    const hitEnospc = jarvis.logs.some((l) => l.includes("TTS cache write failed") && l.includes("ENOSPC"));
    figures.record("disk full: the sentence is still spoken (uncached)", spoke(full) && hitEnospc, JSON.stringify("error" in full ? full : { enospcLogged: hitEnospc }));
    figures.record("disk full: no half-written file left behind", strays().length === 0 && disk.free() >= 16_384, `${strays().join(", ")}; ${disk.free()} bytes free`);
    figures.record(
      "disk full: every index row points at a whole file, none at the failed one",
      sound() && rows().length === PREWARM_PHRASES.length && !rows().some((r) => r.text === text),
      JSON.stringify(rows().map((r) => r.text)),
    );
    figures.record("disk full: asked again, still spoken", spoke(await synthesize(wyoming, text)));
    figures.record("service up with the TTS cache's disk full", await up(jarvis.url));
    disk.empty();
    const roomy = await synthesize(wyoming, text);
    const again = await synthesize(wyoming, text);
    const row = rows().find((r) => r.text === text);
    figures.record("room again: the sentence is cached, and the next ask is a cache hit", spoke(roomy) && spoke(again) && row?.hits === 1 && sound(), JSON.stringify(row ?? null));
    expect(figures.lost.slice(mark)).toEqual([]);
  }, 60_000);
});

describe("Claude accepting a turn and saying nothing", () => {
  const TIMEOUT_S = 2;
  let claude: AnthropicEmulator;
  let local: OpenAIEmulator;
  let jarvis: TestJarvis;

  beforeAll(async () => {
    [claude, local] = await Promise.all([startAnthropicEmulator(), startOpenAIEmulator({ flavor: "llama-server", apiKey: null, tools: "rejected" })]);
    jarvis = await startTestJarvis({
      ANTHROPIC_API_KEY: claude.apiKey,
      ANTHROPIC_BASE_URL: claude.url,
      LOCAL_LLM_ENDPOINT: local.url,
      CLAUDE_TIMEOUT_SECONDS: String(TIMEOUT_S),
      LOG_LEVEL: "warn",
    });
  }, 60_000);
  afterAll(async () => {
    await jarvis?.stop();
    await Promise.allSettled([claude?.close(), local?.close()]);
  });

  const silent: [string, Step][] = [
    ["never answers", { hang: true }],
    ["stalls mid-stream", { text: "Let me look at the storage pools on every node, then", chunkChars: 8, breakAfter: { chunks: 2 } }],
  ];
  it.each(silent)("falls back to the local model within the timeout, and says so, when Claude %s", async (what, step) => {
    const mark = figures.lost.length;
    claude.script([step]);
    local.script([{ text: `Local answer after Claude ${what}.` }]);
    const turn = await converse(jarvis, "why is my storage filling up? explain");
    const result = turn.reply.result;
    const fellBack = turn.events.find((e) => e.type === "route" && e.route === "local");
    figures.note(`Claude ${what}: local answer after ${(turn.ms / 1000).toFixed(1)} s (timeout ${TIMEOUT_S} s)`);
    figures.record(
      `Claude ${what}: answered by the local model (route local)`,
      turn.reply.success && result.data.route === "local" && result.speech === `Local answer after Claude ${what}.`,
      JSON.stringify(turn.reply.error ?? result.data),
    );
    figures.record(`Claude ${what}: the turn says it fell back`, /Claude unavailable \(Claude sent nothing/.test(fellBack?.reason ?? ""), JSON.stringify(fellBack ?? null));
    // What Claude had already streamed is followed by a word on why another answer comes; with nothing
    // streamed, nothing needs explaining.
    const shown = turn.events.filter((e) => e.type === "delta").map((e) => e.text).join("");
    const expected = step.breakAfter ? /^Let me look at[^]*Claude stopped answering, so my local model takes over\.\s+Local answer/ : /^Local answer/;
    figures.record(`Claude ${what}: the streamed text explains the handover`, expected.test(shown), shown);
    figures.record(`Claude ${what}: within the ${TIMEOUT_S} s timeout plus 3 s`, turn.ms < (TIMEOUT_S + 3) * 1000, `${(turn.ms / 1000).toFixed(1)} s`);
    expect(figures.lost.slice(mark)).toEqual([]);
  }, 60_000);

  it("lets a slow but steady stream finish: the timeout is a silence, not a deadline", async () => {
    const mark = figures.lost.length;
    const text = "A slow but steady answer from Claude, one piece at a time.";
    claude.script([{ text, chunkChars: 12, chunkDelayMs: 800 }]);
    const turn = await converse(jarvis, "why is my storage filling up? explain");
    const result = turn.reply.result;
    figures.record(
      `a stream slower in total than the ${TIMEOUT_S} s timeout, never silent that long, is Claude's answer`,
      turn.reply.success && result.data.route === "claude" && result.speech === text && turn.ms > TIMEOUT_S * 1000,
      JSON.stringify(turn.reply.error ?? { route: result.data.route, ms: Math.round(turn.ms) }),
    );
    figures.record("service up after Claude's silences", await up(jarvis.url));
    expect(figures.lost.slice(mark)).toEqual([]);
  }, 60_000);
});
