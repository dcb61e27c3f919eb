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
export function queryTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return [...new Set(words)].filter((w) => w.length > 1 || /\d/.test(w)).slice(0, 32);
}

export function toFtsQuery(text: string | string[]): string | null {
  const terms = typeof text === "string" ? queryTerms(text) : text;
  return terms.length > 0 ? terms.map((w) => `"${w}"`).join(" OR ") : null;
}

/** Below this many memories every term is searched; above it, terms in more than COMMON_SHARE of them are dropped. */
const PRUNE_FROM = 2_000;
const COMMON_SHARE = 0.25;

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

  /**
   * Words that nearly every memory contains rank nothing, yet make bm25 score the whole table. In a large
   * store they are left out; when nothing else is left, the newest matches stand in for the best.
   */
  private informativeTerms(terms: string[]): { terms: string[]; byRecency: boolean } {
    // The highest id stands in for the count: cheap, and close enough to decide what is common.
    const total = this.db.get<{ n: number | null }>(sql`SELECT max(id) AS n FROM memories`)?.n ?? 0;
    if (total < PRUNE_FROM) return { terms, byRecency: false };
    const docs = new Map(
      this.db
        .all<{ term: string; doc: number }>(sql`SELECT term, doc FROM memories_vocab WHERE term IN ${terms}`)
        .map((r) => [r.term, r.doc]),
    );
    const kept = terms.filter((t) => (docs.get(t) ?? 0) <= total * COMMON_SHARE);
    return kept.length > 0 ? { terms: kept, byRecency: false } : { terms, byRecency: true };
  }

  /** The search query; prepared once per ranking when no kind filter is given (the hot path of every turn). */
  private searchQuery(byRecency: boolean, kinds?: MemoryKind[]) {
    // bm25 is negative, more negative = better; content weighs twice as much as tags. Ranking by recency
    // walks the index newest first and stops at the limit.
    const rank = byRecency ? sql<number>`-1.0` : sql<number>`bm25(memories_fts, 2.0, 1.0)`;
    return this.db
      .select({ memory: memories, rank })
      .from(memories)
      .innerJoin(sql`memories_fts`, sql`memories_fts.rowid = ${memories.id}`)
      .where(
        and(
          sql`memories_fts MATCH ${sql.placeholder("query")}`,
          sql`(${memories.expiresAt} IS NULL OR ${memories.expiresAt} > ${sql.placeholder("now")})`,
          kinds ? inArray(memories.kind, kinds) : undefined,
        ),
      )
      .orderBy(byRecency ? sql`memories_fts.rowid DESC` : rank)
      .limit(sql.placeholder("limit"));
  }

  private prepared: { bm25: ReturnType<MemoriesRepo["prepare"]>; recency: ReturnType<MemoriesRepo["prepare"]> } | null = null;

  private prepare(byRecency: boolean) {
    return this.searchQuery(byRecency).prepare();
  }

  search(text: string, opts: { limit?: number; kinds?: MemoryKind[]; now?: Date } = {}): MemoryHit[] {
    const all = queryTerms(text);
    if (all.length === 0) return [];
    const { terms, byRecency } = this.informativeTerms(all);
    const now = opts.now ?? new Date();
    const limit = opts.limit ?? 10;
    const params = { query: toFtsQuery(terms)!, now: now.getTime(), limit: limit * 4 };
    this.prepared ??= { bm25: this.prepare(false), recency: this.prepare(true) };
    const rows = opts.kinds
      ? this.searchQuery(byRecency, opts.kinds).all(params)
      : (byRecency ? this.prepared.recency : this.prepared.bm25).all(params);
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
