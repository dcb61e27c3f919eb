// TTS: how soon the first audio of a streamed reply is ready compared with the whole reply, for a
// five-sentence answer streamed by the Anthropic emulator through the SDK (the agent's AnthropicProvider) at
// ~30 tokens/s and spoken by the voice replies' own StreamedReply over an XTTS emulator with a fixed 200 ms
// latency (target: first/full <= 0.3); and a disk-cache hit against a miss. Baseline: the whole reply,
// streamed and spoken. Times run from the request to the model, which answers at once (no think time).
import { rmSync } from "node:fs";
import { AnthropicProvider } from "../src/agent/providers/anthropic.js";
import { createLogger } from "../src/log.js";
import { StreamedReply } from "../src/speech/spoken-reply.js";
import { TtsCache } from "../src/speech/tts/cache.js";
import { TtsChain } from "../src/speech/tts/chain.js";
import { XttsEngine } from "../src/speech/tts/xtts.js";
import { Store } from "../src/store/db.js";
import { TtsCacheRepo } from "../src/store/tts-cache.js";
import { startAnthropicEmulator, type AnthropicEmulator } from "../test/emulators/anthropic/index.js";
import { tempDir } from "../test/helpers/jarvis.js";
import { startXttsEmulator, type TtsEmulator } from "../test/emulators/tts/index.js";
import type { Suite } from "./harness.js";

const REPLY =
  "Your cluster looks healthy. All four nodes are online and responding normally. " +
  "The backup job finished at three this morning without any errors. " +
  "Storage on the home node is at sixty two percent. I would suggest pruning old snapshots next week.";
const TOKENS_PER_SECOND = 30;
/** Characters per streamed text delta: about one token. */
const TOKEN_CHARS = 4;
const ENGINE_LATENCY_MS = 200;
const CACHED_TEXT = "One moment.";

interface Bench {
  emu: TtsEmulator;
  claude: AnthropicEmulator;
  model: AnthropicProvider;
  streaming: TtsChain;
  cached: TtsChain;
  store: Store;
  dir: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

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

  /** Asks the model and speaks its reply as it streams; stops the model after the first audio when `firstOnly`. */
  const speakReply = async (firstOnly: boolean) => {
    const { model, streaming } = ready();
    const reply = new StreamedReply(streaming.session());
    const stop = new AbortController();
    const start = performance.now();
    const request = {
      system: { stable: "You are Jarvis.", volatile: "" },
      messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "How is the cluster?" }] }],
      tools: [],
      maxTokens: 1024,
      signal: stop.signal,
    };
    const answered = model.run(request, (delta) => reply.text(delta)).then(
      () => reply.end(),
      (err: unknown) => {
        reply.end();
        if (!stop.signal.aborted) throw err;
      },
    );
    let count = 0;
    for await (const _chunk of reply.chunks(new AbortController().signal)) {
      if (count++ === 0) firstMs.push(performance.now() - start);
      if (firstOnly) {
        stop.abort();
        break;
      }
    }
    await answered;
    if (!firstOnly) fullMs.push(performance.now() - start);
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
      const claude = await startAnthropicEmulator({
        fallback: { text: REPLY, chunkChars: TOKEN_CHARS, chunkDelayMs: 1000 / TOKENS_PER_SECOND },
      });
      const logger = createLogger({ level: "silent" });
      const dir = tempDir("jarvis-bench-tts-");
      const store = Store.open(":memory:");
      const cache = new TtsCache({ dir, max: 500, repo: new TtsCacheRepo(store.db), logger });
      const engine = () => new XttsEngine({ endpoint: emu.url });
      bench = {
        emu,
        claude,
        model: new AnthropicProvider({ apiKey: claude.apiKey, baseUrl: claude.url, model: "claude-sonnet-4-20250514", maxRetries: 0 }),
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
      await Promise.all([b.emu.close(), b.claude.close()]);
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
        `reply streamed by the Anthropic emulator at ${TOKENS_PER_SECOND} tokens/s (${TOKEN_CHARS}-character deltas), engine latency ${ENGINE_LATENCY_MS} ms, 2 sentences rendered at once`,
        `cache hit ${median(hitMs).toFixed(2)} ms vs miss ${median(missMs).toFixed(1)} ms: hit/miss ${(median(hitMs) / median(missMs)).toFixed(3)}`,
      ];
    },
  };
}

export const ttsSuite: Suite = createTtsSuite();
