// Per-key cooldown on an injectable clock: once a key fires, it stays quiet for `ms`.
export type Clock = () => number;

export class Cooldown {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly ms: number,
    private readonly now: Clock = Date.now,
  ) {}

  /** True (and the key starts cooling) when the key may fire now; false while it is cooling. */
  take(key: string): boolean {
    const t = this.now();
    const previous = this.last.get(key);
    if (previous !== undefined && t - previous < this.ms) return false;
    this.last.set(key, t);
    return true;
  }

  /** Milliseconds until the key may fire again (0 when it may now). */
  remaining(key: string): number {
    const previous = this.last.get(key);
    return previous === undefined ? 0 : Math.max(0, previous + this.ms - this.now());
  }
}
