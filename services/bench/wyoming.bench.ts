// Wyoming: how soon Home Assistant has the first audio of a five-sentence reply from Jarvis's Wyoming voice.
// The reply is written at ~30 tokens/s (4-character pieces); the voice is the TTS chain over an XTTS emulator
// with a fixed 200 ms latency, reached as the add-on's speech/build.ts reaches it. Baseline: HA without
// streaming, which sends the whole text in one `synthesize` once the reply is written (HA's own figures for
// that path: first audio 5.3-6.6 s). Case: HA with streaming (synthesize-start / -chunk / -stop as the reply is
// written, protocol 1.7). Each round times the whole exchange; the notes give the first-audio times.
import { performance } from "node:perf_hooks";
import { createLogger } from "../src/log.js";
import { TtsChain } from "../src/speech/tts/chain.js";
import { XttsEngine } from "../src/speech/tts/xtts.js";
import { WyomingServer } from "../src/speech/wyoming/server.js";
import { startXttsEmulator, type TtsEmulator } from "../test/emulators/tts/index.js";
import { WyomingClient } from "../test/helpers/wyoming-client.js";
import { FIVE_SENTENCES, streamSynthesis, tokenPieces } from "../test/helpers/wyoming-tts-stream.js";
import type { Suite } from "./harness.js";

const TOKENS_PER_SECOND = 30;
const ENGINE_LATENCY_MS = 200;
const PIECES = tokenPieces(FIVE_SENTENCES);
const PIECE_MS = 1000 / TOKENS_PER_SECOND;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createWyomingSuite(): Suite {
  let emu: TtsEmulator | undefined;
  let tts: TtsChain | undefined;
  let server: WyomingServer | undefined;
  let port = 0;
  const streamedFirst: number[] = [];
  const wholeFirst: number[] = [];

  /** HA without streaming: the reply is written first, then sent whole; the first audio-chunk is the mark. */
  const whole = async () => {
    const start = performance.now();
    await sleep(PIECES.length * PIECE_MS);
    const client = await WyomingClient.connect(port);
    try {
      client.send("synthesize", { text: FIVE_SENTENCES });
      let first = true;
      for (;;) {
        const event = await client.next(30_000);
        if (event.type === "audio-chunk" && first) {
          first = false;
          wholeFirst.push(performance.now() - start);
        }
        if (event.type === "audio-stop") return;
      }
    } finally {
      client.close();
    }
  };

  const streamed = async () => {
    const heard = await streamSynthesis(port, PIECES, { pieceDelayMs: PIECE_MS });
    if (heard.firstAudioAt === undefined) throw new Error("wyoming bench: no audio");
    streamedFirst.push(heard.firstAudioAt - heard.startedAt);
  };

  return {
    name: "wyoming",
    rounds: 5,
    warmup: 1,
    async setup() {
      emu = await startXttsEmulator();
      emu.setLatency(ENGINE_LATENCY_MS);
      const logger = createLogger({ level: "silent" });
      // No cache: every round must really wait for the engine.
      const chain = (tts = new TtsChain({ engines: [new XttsEngine({ endpoint: emu.url })], logger }));
      server = new WyomingServer({
        port: 0,
        stt: null,
        handle: null,
        log: logger,
        info: { version: "bench" },
        tts: {
          synthesize: async (text, opts) => ({ wav: (await chain.synthesize(text, opts.signal)).audio.wav }),
          session: () => {
            const reply = chain.session();
            return { speak: async (text, signal) => ({ wav: (await reply.speak(text, signal)).audio.wav }) };
          },
        },
      });
      port = await server.listen();
    },
    async teardown() {
      await server?.close();
      await tts?.close();
      await emu?.close();
    },
    baseline: { name: "5-sentence reply, whole text after it is written", run: whole },
    cases: [{ name: "5-sentence reply, streamed as it is written", run: streamed }],
    notes: () => {
      const first = median(streamedFirst);
      const before = median(wholeFirst);
      return [
        `first audio: streamed ${first.toFixed(0)} ms vs whole text ${before.toFixed(0)} ms (ratio ${(first / before).toFixed(2)})`,
        `reply written at ${TOKENS_PER_SECOND} tokens/s in ${PIECES.length} pieces, engine latency ${ENGINE_LATENCY_MS} ms, 2 sentences rendered at once`,
      ];
    },
  };
}

export const wyomingSuite: Suite = createWyomingSuite();
