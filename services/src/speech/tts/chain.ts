// The TTS fallback chain: engines in order of preference (XTTS, Piper, OpenAI, ElevenLabs, espeak-ng), each
// with its own timeout; a failure or timeout falls through to the next, so the listener notices only the delay.
// One sentence's tries share a budget: once it is spent, the offline engine speaks at once, so a listener never
// waits for every service's timeout in turn.
// An engine that failed is skipped without a request while its health state is fresh (60 s). The last engine
// is never skipped, so there is always a voice. Results go through the disk cache, and every answer says which
// engine spoke. A reply uses a ReplySession so its voice does not switch back and forth mid-answer.
import { deadline } from "../../clients/deadline.js";
import { ClientError, toClientError } from "../../clients/errors.js";
import type { Logger } from "../../log.js";
import type { Audio } from "./audio.js";
import type { TtsCache } from "./cache.js";
import type { TtsEngine } from "./engine.js";
import { type EngineHealth, type EngineStatusCallback, HealthBook } from "./health.js";
import { PREWARM_PHRASES } from "./phrases.js";
import { ReplySession } from "./session.js";

export interface TtsChainOptions {
  /** In order of preference; at least one (the offline engine last). */
  engines: readonly TtsEngine[];
  cache?: TtsCache;
  logger: Logger;
  /** How long a health observation is trusted (default 60 s). */
  healthTtlMs?: number;
  /** Clock for the health TTL (ms). */
  now?: () => number;
  /** Called when an engine is seen to go up or down (engine name: xtts, piper, openai, elevenlabs, espeak). */
  onStatus?: EngineStatusCallback;
  /** How long one sentence may spend on the engines before the last one (default 12 s). */
  budgetMs?: number;
}

export interface Spoken {
  text: string;
  audio: Audio;
  /** Which engine spoke (its name), and with which voice. */
  engine: string;
  voice: string;
  /** Served from the disk cache, no engine request. */
  cached: boolean;
}

/** A result plus the engine's place in the chain (sessions compare places). */
export interface Placed extends Spoken {
  rank: number;
}

export interface EngineReport extends EngineHealth {
  engine: string;
  label: string;
  voice: string;
}

const SERVICE = "TTS";
const DEFAULT_HEALTH_TTL_MS = 60_000;
/** Long enough for a slow XTTS render and a quick fallback; short enough that silence stays bearable. */
export const DEFAULT_BUDGET_MS = 12_000;

export class TtsChain {
  readonly engines: readonly TtsEngine[];
  private readonly cache: TtsCache | undefined;
  private readonly log: Logger;
  private readonly book: HealthBook;
  private readonly ttlMs: number;
  private readonly budgetMs: number;
  /** Where replies start in the chain: 0, or the engine the household chose (set_voice). */
  private start = 0;

  constructor(opts: TtsChainOptions) {
    if (opts.engines.length === 0) throw new Error("the TTS chain needs at least one engine");
    this.engines = opts.engines;
    this.cache = opts.cache;
    this.log = opts.logger;
    this.ttlMs = opts.healthTtlMs ?? DEFAULT_HEALTH_TTL_MS;
    this.budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
    this.book = new HealthBook(this.ttlMs, opts.now ?? Date.now, opts.onStatus);
  }

  /**
   * Starts every reply at this engine (the ones before it are passed over), or at the top of the chain with
   * null. Falling back still works from there down.
   */
  prefer(engine: string | null): void {
    const rank = engine === null ? 0 : this.engines.findIndex((e) => e.name === engine);
    if (rank < 0) throw new Error(`no TTS engine "${engine}" is configured (available: ${this.engines.map((e) => e.name).join(", ")})`);
    this.start = rank;
  }

  get preferred(): string {
    return this.engines[this.start]!.name;
  }

  /** Speaks one text with the best engine available now (no session: each call may use another engine). */
  async synthesize(text: string, signal: AbortSignal = new AbortController().signal): Promise<Spoken> {
    const { rank: _rank, ...spoken } = await this.speakFrom(this.start, text, signal);
    return spoken;
  }

  /** A reply's view of the chain: one voice for the whole answer, one acknowledgement at most. */
  session(): ReplySession {
    return new ReplySession(this, this.log, this.start);
  }

  /** Tries engines from `rank` on; used by sessions, which never go back up the chain. */
  async speakFrom(rank: number, rawText: string, signal: AbortSignal): Promise<Placed> {
    const text = rawText.replace(/\s+/g, " ").trim();
    if (text === "") throw new ClientError(SERVICE, "bad_request", "there is no text to speak");
    let last: ClientError | undefined;
    const started = performance.now();
    for (let i = rank; i < this.engines.length; i++) {
      const engine = this.engines[i]!;
      const isLast = i === this.engines.length - 1;
      if (!isLast && this.book.skip(engine.name)) continue;
      const hit = await this.cache?.get(engine, text);
      if (hit) return this.placed(i, text, hit, true);
      const left = this.budgetMs - (performance.now() - started);
      if (!isLast && left <= 0) {
        this.log.warn({ engine: engine.name, budgetMs: this.budgetMs }, "TTS budget spent: passing over the engine");
        continue;
      }
      try {
        const audio = await attempt(engine, text, signal, isLast ? engine.timeoutMs : Math.min(engine.timeoutMs, Math.ceil(left)));
        this.book.record(engine.name, "up", "spoke");
        await this.store(engine, text, audio);
        return this.placed(i, text, audio, false);
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        last = toClientError(engine.label, err);
        // A refused text is the text's fault, not the engine's: fall through without marking it down.
        if (last.kind !== "bad_request") this.book.record(engine.name, "down", last.explain());
        this.log.warn({ engine: engine.name, kind: last.kind, err: last.message }, "TTS engine failed, falling through");
      }
    }
    throw new ClientError(SERVICE, "unreachable", `no engine could speak: ${last?.explain() ?? "all were skipped"}`);
  }

  /** The cached rendering by the engine that would speak next from `rank`, without rendering anything. */
  async cachedFrom(rank: number, text: string): Promise<Placed | undefined> {
    const i = this.engines.findIndex((e, j) => j >= rank && (j === this.engines.length - 1 || !this.book.skip(e.name)));
    if (i < 0) return undefined;
    const hit = await this.cache?.get(this.engines[i]!, text);
    return hit ? this.placed(i, text, hit, true) : undefined;
  }

  /** Renders the common phrases into the cache so the first "One moment." costs nothing; never throws. */
  async prewarm(phrases: readonly string[] = PREWARM_PHRASES, signal?: AbortSignal): Promise<Spoken[]> {
    const done: Spoken[] = [];
    for (const phrase of phrases) {
      if (signal?.aborted) break;
      try {
        done.push(await this.synthesize(phrase, signal));
      } catch (err) {
        this.log.warn({ err, phrase }, "TTS pre-warm failed");
      }
    }
    return done;
  }

  /** Each engine's state; engines not observed within the TTL are probed (in parallel) first. */
  async health(): Promise<EngineReport[]> {
    await Promise.all(
      this.engines.map(async (engine) => {
        if (this.book.fresh(engine.name)) return;
        try {
          await engine.health(AbortSignal.timeout(engine.timeoutMs));
          this.book.record(engine.name, "up", "health check passed");
        } catch (err) {
          this.book.record(engine.name, "down", toClientError(engine.label, err).explain());
        }
      }),
    );
    return this.engines.map((e) => ({ engine: e.name, label: e.label, voice: e.voice, ...this.book.get(e.name) }));
  }

  async close(): Promise<void> {
    await Promise.all(this.engines.map((e) => e.close()));
  }

  private placed(rank: number, text: string, audio: Audio, cached: boolean): Placed {
    const engine = this.engines[rank]!;
    return { rank, text, audio, engine: engine.name, voice: engine.voice, cached };
  }

  private async store(engine: TtsEngine, text: string, audio: Audio): Promise<void> {
    try {
      await this.cache?.put(engine, text, audio);
    } catch (err) {
      // A full disk must not cost the listener the sentence.
      this.log.warn({ err }, "TTS cache write failed");
    }
  }
}

/** One engine call under a timeout (its own, or what is left of the budget); settles even if the engine ignores the signal. */
function attempt(engine: TtsEngine, text: string, signal: AbortSignal, timeoutMs: number): Promise<Audio> {
  const limit = deadline(timeoutMs, signal, () => new ClientError(engine.label, "timeout", `no audio within ${timeoutMs} ms`));
  return new Promise<Audio>((resolve, reject) => {
    const onAbort = () => reject(limit.signal.reason);
    if (limit.signal.aborted) return onAbort();
    limit.signal.addEventListener("abort", onAbort, { once: true });
    engine.synthesize(text, limit.signal).then(resolve, reject);
  }).finally(() => limit.clear());
}
