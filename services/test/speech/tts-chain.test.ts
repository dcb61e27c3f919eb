// The TTS fallback chain over the engine emulators: falling through failures and hangs, the 60 s health
// cache (on an injected clock), one voice per reply, cancellation, and the status reports for /api/health.
import { readdirSync, rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/log.js";
import { pcmToAudio } from "../../src/speech/tts/audio.js";
import { buildTtsChain } from "../../src/speech/tts/build.js";
import { TtsChain } from "../../src/speech/tts/chain.js";
import type { TtsEngine } from "../../src/speech/tts/engine.js";
import { EspeakEngine } from "../../src/speech/tts/espeak.js";
import { OpenAiSpeechEngine } from "../../src/speech/tts/openai.js";
import { PiperEngine } from "../../src/speech/tts/piper.js";
import { XttsEngine } from "../../src/speech/tts/xtts.js";
import { Store } from "../../src/store/db.js";
import { TtsCacheRepo } from "../../src/store/tts-cache.js";
import { tempDir } from "../helpers/jarvis.js";
import {
  type OpenAiSpeechEmulator,
  startOpenAiSpeechEmulator,
  startPiperEmulator,
  startXttsEmulator,
  type TtsEmulator,
} from "../emulators/tts/index.js";

const log = createLogger({ level: "silent" });
const SHORT_TIMEOUT_MS = 400;

let xttsEmu: TtsEmulator;
let piperEmu: TtsEmulator;
let openaiEmu: OpenAiSpeechEmulator;
let clock: number;
let statuses: string[];
let chain: TtsChain;

beforeAll(async () => {
  [xttsEmu, piperEmu, openaiEmu] = await Promise.all([startXttsEmulator(), startPiperEmulator(), startOpenAiSpeechEmulator()]);
});
afterAll(async () => {
  await Promise.all([xttsEmu.close(), piperEmu.close(), openaiEmu.close()]);
});

beforeEach(() => {
  clock = 1_000_000;
  statuses = [];
  chain = new TtsChain({
    engines: [
      new XttsEngine({ endpoint: xttsEmu.url, timeoutMs: SHORT_TIMEOUT_MS }),
      new PiperEngine({ endpoint: piperEmu.url, timeoutMs: SHORT_TIMEOUT_MS }),
      new OpenAiSpeechEngine({ apiKey: openaiEmu.apiKey, baseUrl: `${openaiEmu.url}/v1`, model: "tts-1", voice: "onyx", speed: 1 }),
      new EspeakEngine(),
    ],
    logger: log,
    now: () => clock,
    onStatus: (engine, state) => statuses.push(`${engine}:${state}`),
  });
});
afterEach(async () => {
  for (const emu of [xttsEmu, piperEmu, openaiEmu]) {
    emu.fail(false);
    emu.hang(false);
    emu.setLatency(0);
  }
  await chain.close();
});

describe("fall-through", () => {
  it("skips a failing engine and one that hangs past its timeout, and says who spoke", async () => {
    xttsEmu.fail();
    piperEmu.hang();
    const spoken = await chain.synthesize("Backups are done.");
    expect(spoken).toMatchObject({ engine: "openai", voice: "onyx", cached: false });
    expect(spoken.audio.format.rate).toBe(24000);
    expect(xttsEmu.requestCount("/tts_to_audio/")).toBeGreaterThan(0);
    expect(piperEmu.requestCount("/")).toBeGreaterThan(0);
    expect(statuses).toEqual(["xtts:down", "piper:down", "openai:up"]);
  });

  it("ends with espeak-ng when every service is out, and never skips it", async () => {
    xttsEmu.fail();
    piperEmu.fail();
    openaiEmu.fail();
    expect((await chain.synthesize("Still here.")).engine).toBe("espeak");
    expect((await chain.synthesize("Still here, again.")).engine).toBe("espeak");
  });

  it("prefers the first engine when it is well", async () => {
    expect((await chain.synthesize("Hello.")).engine).toBe("xtts");
  });

  it("spends at most the sentence's budget on the services, then speaks offline at once", async () => {
    xttsEmu.hang();
    piperEmu.hang();
    const budgeted = new TtsChain({
      engines: [
        new XttsEngine({ endpoint: xttsEmu.url, timeoutMs: 600 }),
        new PiperEngine({ endpoint: piperEmu.url, timeoutMs: 600 }),
        new OpenAiSpeechEngine({ apiKey: openaiEmu.apiKey, baseUrl: `${openaiEmu.url}/v1`, model: "tts-1", voice: "onyx", speed: 1 }),
        new EspeakEngine(),
      ],
      logger: log,
      budgetMs: 900,
    });
    try {
      const openaiAsked = openaiEmu.requestCount("/v1/audio/speech");
      const started = performance.now();
      const spoken = await budgeted.synthesize("The services are slow today.");
      const ms = performance.now() - started;
      expect(spoken.engine).toBe("espeak");
      // XTTS got its 600 ms, Piper the 300 ms left, OpenAI (well, but past the budget) was not asked.
      expect(openaiEmu.requestCount("/v1/audio/speech")).toBe(openaiAsked);
      expect(ms).toBeGreaterThanOrEqual(850);
      expect(ms).toBeLessThan(600 + 600 + 2_000);
      const health = Object.fromEntries((await budgeted.health()).map((h) => [h.engine, h.detail]));
      // Piper's own timeout is 600 ms; it was given only what XTTS left of the budget.
      const given = Number(/no audio within (\d+) ms/.exec(health.piper ?? "")?.[1]);
      expect(given).toBeGreaterThan(0);
      expect(given).toBeLessThanOrEqual(300);
    } finally {
      await budgeted.close();
    }
  });
});

describe("health cache", () => {
  it("skips a down engine without a request for 60 s, then tries it again", async () => {
    xttsEmu.fail();
    expect((await chain.synthesize("One.")).engine).toBe("piper");
    const before = xttsEmu.requestCount();
    xttsEmu.fail(false); // recovered, but the chain does not know yet

    clock += 59_000;
    expect((await chain.synthesize("Two.")).engine).toBe("piper");
    expect(xttsEmu.requestCount()).toBe(before);

    clock += 2_000;
    expect((await chain.synthesize("Three.")).engine).toBe("xtts");
    expect(xttsEmu.requestCount()).toBe(before + 1);
    expect(statuses).toEqual(["xtts:down", "piper:up", "xtts:up"]);
  });

  it("health() probes engines not seen within the TTL and reports each state", async () => {
    piperEmu.fail();
    const report = await chain.health();
    expect(report.map((r) => [r.engine, r.state])).toEqual([
      ["xtts", "up"],
      ["piper", "down"],
      ["openai", "up"],
      ["espeak", "up"],
    ]);
    expect(report[1]!.detail).toContain("Piper");
    const probes = xttsEmu.requestCount("/speakers_list");
    await chain.health();
    expect(xttsEmu.requestCount("/speakers_list")).toBe(probes); // still fresh: no new probe
  });
});

describe("reply sessions", () => {
  it("keeps the fallen-back voice for the rest of the reply, while a new reply starts at the top", async () => {
    const reply = chain.session();
    expect((await reply.speak("First sentence.")).engine).toBe("xtts");
    xttsEmu.fail();
    expect((await reply.speak("Second sentence.")).engine).toBe("piper");
    xttsEmu.fail(false);
    clock += 120_000; // XTTS's down state is stale: the chain alone would try it again
    const xttsRequests = xttsEmu.requestCount();
    expect((await reply.speak("Third sentence.")).engine).toBe("piper");
    expect(reply.engine).toBe("piper");
    expect(xttsEmu.requestCount()).toBe(xttsRequests);

    expect((await chain.session().speak("A new reply.")).engine).toBe("xtts");
  });

  it("renders again a sentence that came back in the old voice after a sibling fell back", async () => {
    const release = deferred();
    const fast: TtsEngine = fakeEngine("fast", async (text) => {
      if (text === "Slow one.") await release.promise; // still in flight when the sibling falls back
      else throw new Error("broken for this one");
      return tone();
    });
    const spoken: string[] = [];
    const backup = fakeEngine("backup", async (text) => {
      spoken.push(text);
      return tone();
    });
    const local = new TtsChain({ engines: [fast, backup], logger: log });
    const reply = local.session();
    const first = reply.speak("Slow one.");
    expect((await reply.speak("Falls back.")).engine).toBe("backup");
    release.resolve();
    expect((await first).engine).toBe("backup");
    expect(spoken).toEqual(["Falls back.", "Slow one."]);
  });

  it("acknowledges once per reply from the cache, and not at all when nothing is cached", async () => {
    const dir = tempDir("jarvis-tts-ack-");
    const store = Store.open(":memory:");
    const cached = buildTtsChain(
      {
        xtts: { endpoint: xttsEmu.url },
        piper: null,
        openai: null,
        elevenlabs: null,
        cacheDir: dir,
        cacheMax: 50,
      },
      { repo: new TtsCacheRepo(store.db), logger: log },
    );
    expect(await cached.session().acknowledge()).toBeUndefined();
    await cached.prewarm();
    const requests = xttsEmu.requestCount();
    const reply = cached.session();
    const ack = await reply.acknowledge();
    expect(ack).toMatchObject({ text: "One moment.", engine: "xtts", cached: true });
    expect(await reply.acknowledge()).toBeUndefined();
    expect(xttsEmu.requestCount()).toBe(requests);
    await cached.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("cancellation", () => {
  it("stops a hanging engine at once, without falling through or marking it down", async () => {
    xttsEmu.hang();
    const piperRequests = piperEmu.requestCount();
    const stop = new AbortController();
    const pending = chain.synthesize("Never mind.", stop.signal);
    setTimeout(() => stop.abort(new DOMException("listener left", "AbortError")), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(piperEmu.requestCount()).toBe(piperRequests);
    expect(statuses).toEqual([]);
  });
});

describe("buildTtsChain", () => {
  it("holds the cache at TTS_CACHE_MAX, and serves a fallen-through sentence from it on the second ask", async () => {
    const dir = tempDir("jarvis-tts-max-");
    const { config } = loadConfig({
      JARVIS_OPTIONS_PATH: `${dir}/none.json`,
      DATA_DIR: dir,
      TTS_CACHE_MAX: "3",
      PIPER_TTS_ENDPOINT: piperEmu.url,
      OPENAI_API_KEY: openaiEmu.apiKey,
      OPENAI_BASE_URL: `${openaiEmu.url}/v1`,
    });
    const store = Store.open(":memory:");
    const built = buildTtsChain(config.speech, { repo: new TtsCacheRepo(store.db), logger: log });
    try {
      piperEmu.fail();
      const texts = ["First.", "Second.", "Third.", "Fourth.", "Fifth."];
      for (const text of texts) expect(await built.synthesize(text)).toMatchObject({ engine: "openai", cached: false });
      const wavs = () => readdirSync(config.speech.cacheDir).filter((f) => f.endsWith(".wav"));
      expect(wavs()).toHaveLength(3);
      const asked = openaiEmu.requestCount();
      expect(await built.synthesize("Fifth.")).toMatchObject({ engine: "openai", cached: true });
      expect(openaiEmu.requestCount()).toBe(asked);
      // The oldest were evicted: asked again, it is rendered again (and another is evicted).
      expect(await built.synthesize("First.")).toMatchObject({ engine: "openai", cached: false });
      expect(openaiEmu.requestCount()).toBe(asked + 1);
      expect(wavs()).toHaveLength(3);
    } finally {
      await built.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("orders the configured engines, closes with espeak-ng and reports under integration names", async () => {
    const store = Store.open(":memory:");
    const dir = tempDir("jarvis-tts-build-");
    const reports: string[] = [];
    const built = buildTtsChain(
      {
        xtts: null,
        piper: { endpoint: piperEmu.url },
        openai: { apiKey: openaiEmu.apiKey, baseUrl: `${openaiEmu.url}/v1`, model: "tts-1", voice: "onyx", speed: 1 },
        elevenlabs: null,
        cacheDir: dir,
        cacheMax: 10,
      },
      { repo: new TtsCacheRepo(store.db), logger: log, onStatus: (name, state) => reports.push(`${name}:${state}`) },
    );
    expect(built.engines.map((e) => e.name)).toEqual(["piper", "openai", "espeak"]);
    piperEmu.fail();
    expect((await built.synthesize("Configured.")).engine).toBe("openai");
    expect(reports).toEqual(["piper:down", "openai_tts:up"]);
    await built.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

function tone() {
  return pcmToAudio(Buffer.alloc(4410 * 2, 1), { rate: 22050, width: 2, channels: 1 });
}

function fakeEngine(name: string, synthesize: TtsEngine["synthesize"]): TtsEngine {
  return {
    name,
    label: name,
    voice: name,
    settings: "",
    timeoutMs: 5_000,
    synthesize,
    health: async () => {},
    close: async () => {},
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
