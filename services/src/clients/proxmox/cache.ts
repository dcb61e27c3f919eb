// Read cache with per-key TTL and single flight: concurrent identical reads share one upstream request, and a
// fresh answer is kept for its TTL. Invalidation drops both the kept answers and the reads in flight, so a
// read started after a write never joins (or stores) an answer from before it.
export class ReadCache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly now: () => number) {}

  /** ttlMs 0 only shares reads already in flight. Answers are shared: callers must not change them. */
  read<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && kept.expires > this.now()) return Promise.resolve(kept.value as T);
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const promise: Promise<T> = load()
      .then((value) => {
        if (ttlMs > 0 && this.inflight.get(key) === promise) this.entries.set(key, { value, expires: this.now() + ttlMs });
        return value;
      })
      .finally(() => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
      });
    this.inflight.set(key, promise);
    return promise;
  }

  /** Forgets every key that starts with the prefix (all keys without one). */
  invalidate(prefix = ""): void {
    for (const map of [this.entries, this.inflight]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
    }
  }
}
