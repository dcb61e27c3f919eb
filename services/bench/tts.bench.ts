// TTS: how soon the first audio of a streamed reply is ready compared with the whole reply, for a
// five-sentence answer arriving at ~30 tokens/s and an XTTS emulator with a fixed 200 ms latency (target:
// first/full <= 0.3); and a disk-cache hit against a miss. Baseline: the whole reply, streamed and spoken.
import { rmSync } from "node:fs";
import { createLogger } from "../src/log.js";
import { streamSentences } from "../src/speech/sentences.js";
import { TtsCache } from "../src/speech/tts/cache.js";
import { TtsChain } from "../src/speech/tts/chain.js";
import { XttsEngine } from "../src/speech/tts/xtts.js";
import { Store } from "../src/store/db.js";
import { TtsCacheRepo } from "../src/store/tts-cache.js";
import { tempDir } from "../test/helpers/jarvis.js";
import { startXttsEmulator, type TtsEmulator } from "../test/emulators/tts/index.js";
import type { Suite } from "./harness.js";

const REPLY =
  "Your cluster looks healthy. All four nodes are online and responding normally. " +
  "The backup job finished at three this morning without any errors. " +
  "Storage on the home node is at sixty two percent. I would suggest pruning old snapshots next week.";
const TOKENS_PER_SECOND = 30;
const ENGINE_LATENCY_MS = 200;
const CACHED_TEXT = "One moment.";

interface Bench {
  emu: TtsEmulator;
  streaming: TtsChain;
  cached: TtsChain;
  store: Store;
  dir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The model's reply as it streams: one word-sized token every 1/30 s. */
async function* modelStream(): AsyncGenerator<string> {
  for (const token of REPLY.match(/\S+\s*/g) ?? []) {
    await sleep(1000 / TOKENS_PER_SECOND);
    yield token;
  }
}

export function createTtsSuite(): Suite {
  let bench: Bench | undefined;
  const firstMs: number[] = [];
  const fullMs: number[] = [];
  const missMs: number[] = [];
  const hitMs: number[] = [];
  let misses = 0;
  const ready = () => {
    if (!bench) throw new Error("tts bench: setup did not run");
    return bench;
  };

  /** Streams the reply through a fresh session; stops after the first audio when `firstOnly`. */
  const speakReply = async (firstOnly: boolean) => {
    const session = ready().streaming.session();
    const start = performance.now();
    let count = 0;
    for await (const _chunk of streamSentences(modelStream(), (s, signal) => session.speak(s, signal))) {
      if (count++ === 0) firstMs.push(performance.now() - start);
      if (firstOnly) return;
    }
    fullMs.push(performance.now() - start);
  };

  const timed = async (into: number[], run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    into.push(performance.now() - start);
  };

  return {
    name: "tts",
    rounds: 5,
    warmup: 1,
    async setup() {
      const emu = await startXttsEmulator();
      emu.setLatency(ENGINE_LATENCY_MS);
      const logger = createLogger({ level: "silent" });
      const dir = tempDir("jarvis-bench-tts-");
      const store = Store.open(":memory:");
      const cache = new TtsCache({ dir, max: 500, repo: new TtsCacheRepo(store.db), logger });
      const engine = () => new XttsEngine({ endpoint: emu.url });
      bench = {
        emu,
        dir,
        store,
        // No cache for the streaming cases: every round must really wait for the engine.
        streaming: new TtsChain({ engines: [engine()], logger }),
        cached: new TtsChain({ engines: [engine()], cache, logger }),
      };
      await bench.cached.synthesize(CACHED_TEXT);
      for (const xs of [firstMs, fullMs, missMs, hitMs]) xs.length = 0;
    },
    async teardown() {
      const b = ready();
      bench = undefined;
      await Promise.all([b.streaming.close(), b.cached.close()]);
      await b.emu.close();
      b.store.close();
      rmSync(b.dir, { recursive: true, force: true });
    },
    baseline: { name: "5-sentence reply, until the last audio", run: () => speakReply(false) },
    cases: [
      { name: "5-sentence reply, until the first audio", run: () => speakReply(true) },
      { name: "one sentence, cache miss", run: () => timed(missMs, () => ready().cached.synthesize(`Miss number ${++misses}.`)) },
      { name: "one sentence, cache hit", run: () => timed(hitMs, () => ready().cached.synthesize(CACHED_TEXT)) },
    ],
    notes: () => {
      const ratio = median(firstMs) / median(fullMs);
      return [
        `first audio ${median(firstMs).toFixed(0)} ms vs full reply ${median(fullMs).toFixed(0)} ms: ratio ${ratio.toFixed(2)} (target <= 0.30${ratio <= 0.3 ? ", met" : ", MISSED"})`,
        `reply at ${TOKENS_PER_SECOND} tokens/s, engine latency ${ENGINE_LATENCY_MS} ms, 2 sentences rendered at once`,
        `cache hit ${median(hitMs).toFixed(2)} ms vs miss ${median(missMs).toFixed(1)} ms: hit/miss ${(median(hitMs) / median(missMs)).toFixed(3)}`,
      ];
    },
  };
}

export const ttsSuite: Suite = createTtsSuite();
