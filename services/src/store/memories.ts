// Long-term memory: episodic (what happened), semantic (facts), preferences. Found by relevance through the
// FTS5 index (bm25), nudged by importance and recency, so the prompt gets what matters now.
import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { memories, type MEMORY_KINDS } from "./schema.js";

export type MemoryKind = (typeof MEMORY_KINDS)[number];
export type MemoryRow = typeof memories.$inferSelect;
export type NewMemory = Pick<typeof memories.$inferInsert, "kind" | "content"> &
  Partial<Pick<typeof memories.$inferInsert, "tags" | "importance" | "source" | "conversationId" | "expiresAt">>;

export interface MemoryHit {
  memory: MemoryRow;
  /** Higher is better; comparable within one search only. */
  score: number;
}

const DAY_MS = 86_400_000;
/** Half-life of the recency bonus: a month-old memory counts for half as much as a new one. */
const RECENCY_HALF_LIFE_DAYS = 30;

/**
 * Turns free text into an FTS5 query that cannot be a syntax error: each word becomes a quoted term, any of
 * them may match (bm25 ranks documents with more and rarer terms first).
 */
export function toFtsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const unique = [...new Set(words)].filter((w) => w.length > 1 || /\d/.test(w)).slice(0, 32);
  return unique.length > 0 ? unique.map((w) => `"${w}"`).join(" OR ") : null;
}

export class MemoriesRepo {
  constructor(private readonly db: Db) {}

  add(memory: NewMemory): MemoryRow {
    return this.db.insert(memories).values(memory).returning().get();
  }

  get(id: number): MemoryRow | undefined {
    return this.db.select().from(memories).where(eq(memories.id, id)).get();
  }

  private notExpired(now: Date) {
    return or(isNull(memories.expiresAt), gt(memories.expiresAt, now));
  }

  search(text: string, opts: { limit?: number; kinds?: MemoryKind[]; now?: Date } = {}): MemoryHit[] {
    const query = toFtsQuery(text);
    if (!query) return [];
    const now = opts.now ?? new Date();
    const limit = opts.limit ?? 10;
    // bm25 is negative, more negative = better; content weighs twice as much as tags.
    const rank = sql<number>`bm25(memories_fts, 2.0, 1.0)`;
    const rows = this.db
      .select({ memory: memories, rank })
      .from(memories)
      .innerJoin(sql`memories_fts`, sql`memories_fts.rowid = ${memories.id}`)
      .where(
        and(
          sql`memories_fts MATCH ${query}`,
          this.notExpired(now),
          opts.kinds ? inArray(memories.kind, opts.kinds) : undefined,
        ),
      )
      .orderBy(rank)
      .limit(limit * 4)
      .all();
    const hits = rows
      .map(({ memory, rank: r }) => {
        const ageDays = Math.max(0, now.getTime() - memory.createdAt.getTime()) / DAY_MS;
        const recency = 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS);
        return { memory, score: -r * (0.5 + memory.importance) * (0.6 + 0.4 * recency) };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    this.touch(hits.map((h) => h.memory.id), now);
    return hits;
  }

  recent(opts: { limit?: number; kinds?: MemoryKind[]; now?: Date } = {}): MemoryRow[] {
    return this.db
      .select()
      .from(memories)
      .where(and(this.notExpired(opts.now ?? new Date()), opts.kinds ? inArray(memories.kind, opts.kinds) : undefined))
      .orderBy(desc(memories.createdAt), desc(memories.id))
      .limit(opts.limit ?? 10)
      .all();
  }

  forget(id: number): boolean {
    return this.db.delete(memories).where(eq(memories.id, id)).run().changes > 0;
  }

  private touch(ids: number[], now: Date): void {
    if (ids.length === 0) return;
    this.db
      .update(memories)
      .set({ lastAccessedAt: now, accessCount: sql`${memories.accessCount} + 1` })
      .where(inArray(memories.id, ids))
      .run();
  }
}
