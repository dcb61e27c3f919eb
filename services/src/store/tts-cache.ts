// The TTS disk cache's index: which WAV file holds which engine's rendering of which text, and when it was
// last played, so the cache can evict the least recently used entries once it holds more than its cap.
import { asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { ttsCache } from "./schema.js";

export type TtsCacheRow = typeof ttsCache.$inferSelect;
export type NewTtsCacheRow = Pick<TtsCacheRow, "key" | "engine" | "voice" | "text" | "file" | "bytes"> & {
  createdAt: Date;
};

export class TtsCacheRepo {
  constructor(private readonly db: Db) {}

  get(key: string): TtsCacheRow | undefined {
    return this.db.select().from(ttsCache).where(eq(ttsCache.key, key)).get();
  }

  /** Adds an entry, or replaces one with the same key (a re-rendering), as used just now. */
  put(row: NewTtsCacheRow): void {
    const values = { ...row, lastUsedAt: row.createdAt, hits: 0 };
    this.db
      .insert(ttsCache)
      .values(values)
      .onConflictDoUpdate({ target: ttsCache.key, set: values })
      .run();
  }

  /** Records a hit: the entry moves to the young end of the LRU order. */
  touch(key: string, at: Date): void {
    this.db
      .update(ttsCache)
      .set({ lastUsedAt: at, hits: sql`${ttsCache.hits} + 1` })
      .where(eq(ttsCache.key, key))
      .run();
  }

  delete(key: string): void {
    this.db.delete(ttsCache).where(eq(ttsCache.key, key)).run();
  }

  count(): number {
    return this.db.select({ n: count() }).from(ttsCache).get()?.n ?? 0;
  }

  /** The `n` least recently used entries, oldest first (insertion order breaks ties). */
  leastRecentlyUsed(n: number): TtsCacheRow[] {
    if (n <= 0) return [];
    return this.db
      .select()
      .from(ttsCache)
      .orderBy(asc(ttsCache.lastUsedAt), asc(sql`rowid`))
      .limit(n)
      .all();
  }

  /** Every entry's key and file, for reconciling the index with the directory. */
  entries(): { key: string; file: string }[] {
    return this.db.select({ key: ttsCache.key, file: ttsCache.file }).from(ttsCache).all();
  }
}
