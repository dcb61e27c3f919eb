// What a model call costs: tokens x price per million for the model, prompt-cache reads and writes priced
// apart. Defaults for the models Jarvis uses; MODEL_PRICES in config adds or overrides models.
import type { CostsRepo } from "../store/costs.js";

export interface Price {
  /** USD per million tokens. */
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Anthropic's list prices; a model not listed falls back to the most expensive family it could be. */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  "claude-sonnet-4": { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  "claude-opus-4": { input: 15, output: 75, cache_read: 1.5, cache_write: 18.75 },
  "claude-haiku-4": { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
  "claude-3-5-haiku": { input: 0.8, output: 4, cache_read: 0.08, cache_write: 1 },
};

export class CostLedger {
  private readonly prices: Record<string, Price>;

  constructor(
    private readonly repo: CostsRepo,
    overrides: Readonly<Record<string, Price>> = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prices = { ...DEFAULT_PRICES, ...overrides };
  }

  /** The price of a model: an exact entry, else the longest configured prefix ("claude-sonnet-4-2025..."). */
  priceOf(model: string): Price {
    const exact = this.prices[model];
    if (exact) return exact;
    const prefix = Object.keys(this.prices)
      .filter((k) => model.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    return prefix ? this.prices[prefix]! : this.prices["claude-opus-4"]!;
  }

  cost(model: string, usage: Usage): number {
    const p = this.priceOf(model);
    return (
      (usage.inputTokens * p.input +
        usage.outputTokens * p.output +
        usage.cacheReadTokens * (p.cache_read ?? p.input) +
        usage.cacheWriteTokens * (p.cache_write ?? p.input)) /
      1_000_000
    );
  }

  record(provider: string, model: string, usage: Usage, conversationId: string | null): number {
    // A local model costs nothing but is still counted, for the call rate and the history.
    const costUsd = provider === "local" ? 0 : this.cost(model, usage);
    this.repo.add({
      provider,
      model,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      costUsd,
      conversationId,
    });
    return costUsd;
  }

  spentToday(provider = "anthropic"): number {
    const start = this.now();
    start.setHours(0, 0, 0, 0);
    return this.repo.spentSince(start, provider);
  }

  callsLastMinute(provider = "anthropic"): number {
    return this.repo.callsSince(new Date(this.now().getTime() - 60_000), provider);
  }
}
