// Memory in tiers: conversation (what a recent conversation was about, 7 days), episodic (what happened, 30
// days), semantic (facts) and preferences (both kept). Found by relevance through the FTS5 index (bm25),
// nudged by importance and recency, so the prompt gets what matters now.
import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
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
/** How long each tier lives unless the writer says otherwise; null: until forgotten. */
export const MEMORY_TTL_DAYS: Readonly<Record<MemoryKind, number | null>> = {
  conversation: 7,
  episodic: 30,
  semantic: null,
  preference: null,
};
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
/** The common terms are read again once the store grew or shrank by this share, or after this long. */
const COMMON_REFRESH_SHARE = 0.05;
const COMMON_REFRESH_MS = 5 * 60_000;
/** Counted recalls are written once this many memories or this long have piled up. */
const ACCESS_FLUSH_IDS = 500;
const ACCESS_FLUSH_MS = 60_000;

export class MemoriesRepo {
  // Run on every turn: prepared once.
  private readonly maxId;
  /**
   * Recalls counted but not yet written (id -> times, last time). Writing them at every recall would rewrite a
   * dozen scattered pages a turn: wear on a Raspberry Pi's SD card, and a WAL checkpoint every few dozen turns.
   */
  private readonly accessed = new Map<number, { n: number; at: number }>();
  private accessedSince = 0;

  constructor(private readonly db: Db) {
    this.maxId = db.select({ n: sql<number | null>`max(${memories.id})` }).from(memories).prepare();
  }

  /** Stores a memory; its tier's lifetime applies unless expiresAt is given (null: never expires). */
  add(memory: NewMemory, now = new Date()): MemoryRow {
    const ttl = MEMORY_TTL_DAYS[memory.kind];
    const expiresAt = memory.expiresAt !== undefined ? memory.expiresAt : ttl === null ? null : new Date(now.getTime() + ttl * DAY_MS);
    return this.db.insert(memories).values({ ...memory, expiresAt }).returning().get();
  }

  /** The one conversation-tier memory of a conversation, replaced by its newest digest. */
  replaceConversationDigest(conversationId: string, content: string, tags: string, now = new Date()): MemoryRow {
    return this.db.transaction(() => {
      this.db.delete(memories).where(and(eq(memories.conversationId, conversationId), eq(memories.kind, "conversation"))).run();
      return this.add({ kind: "conversation", content, tags, conversationId, importance: 0.4, source: "jarvis" }, now);
    });
  }

  /** Deletes memories past their expiry (they are already left out of searches); returns how many. */
  purgeExpired(now = new Date()): number {
    return this.db.delete(memories).where(lte(memories.expiresAt, now)).run().changes;
  }

  get(id: number): MemoryRow | undefined {
    return this.db.select().from(memories).where(eq(memories.id, id)).get();
  }

  private notExpired(now: Date) {
    return or(isNull(memories.expiresAt), gt(memories.expiresAt, now));
  }

  private common: { total: number; at: number; terms: Set<string> } | null = null;

  /**
   * Terms in more than COMMON_SHARE of the memories. Reading the vocabulary scans it whole, so the answer is
   * kept until the store's size moved noticeably: which words are common changes slowly.
   */
  private commonTerms(total: number, now: number): Set<string> {
    const c = this.common;
    if (c && Math.abs(total - c.total) <= c.total * COMMON_REFRESH_SHARE && now - c.at < COMMON_REFRESH_MS) return c.terms;
    const rows = this.db.all<{ term: string }>(sql`SELECT term FROM memories_vocab WHERE doc > ${total * COMMON_SHARE}`);
    this.common = { total, at: now, terms: new Set(rows.map((r) => r.term)) };
    return this.common.terms;
  }

  /**
   * Words that nearly every memory contains rank nothing, yet make bm25 score the whole table. In a large
   * store they are left out; when nothing else is left, the newest matches stand in for the best.
   */
  private informativeTerms(terms: string[], now: number): { terms: string[]; byRecency: boolean } {
    // The highest id stands in for the count: cheap, and close enough to decide what is common.
    const total = this.maxId.get()?.n ?? 0;
    if (total < PRUNE_FROM) return { terms, byRecency: false };
    const common = this.commonTerms(total, now);
    const kept = terms.filter((t) => !common.has(t));
    return kept.length > 0 ? { terms: kept, byRecency: false } : { terms, byRecency: true };
  }

  /** The search query; prepared once per ranking when no kind filter is given (the hot path of every turn). */
  /**
   * The candidates of a search: only what ranking needs, so a large candidate pool stays cheap; the full rows
   * of the few that win are read afterwards.
   */
  private candidatesQuery(byRecency: boolean, kinds?: MemoryKind[]) {
    // bm25 is negative, more negative = better; content weighs twice as much as tags. Ranking by recency
    // walks the index newest first and stops at the limit.
    const rank = byRecency ? sql<number>`-1.0` : sql<number>`bm25(memories_fts, 2.0, 1.0)`;
    return this.db
      // The creation time stays a number here: a Date per candidate costs more than the ranking uses it.
      .select({ id: memories.id, createdMs: sql<number>`${memories.createdAt}`, importance: memories.importance, rank })
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

  /** The hot path of every turn, prepared on first use (a kind filter is rare and built per call). */
  private prepared: {
    bm25: ReturnType<MemoriesRepo["prepareCandidates"]>;
    recency: ReturnType<MemoriesRepo["prepareCandidates"]>;
    rows: ReturnType<MemoriesRepo["prepareRows"]>;
  } | null = null;

  private prepareCandidates(byRecency: boolean) {
    return this.candidatesQuery(byRecency).prepare();
  }

  private prepareRows() {
    return this.db
      .select()
      .from(memories)
      .where(sql`${memories.id} IN (SELECT value FROM json_each(${sql.placeholder("ids")}))`)
      .prepare();
  }

  search(text: string, opts: { limit?: number; kinds?: MemoryKind[]; now?: Date } = {}): MemoryHit[] {
    const all = queryTerms(text);
    if (all.length === 0) return [];
    const now = opts.now ?? new Date();
    const { terms, byRecency } = this.informativeTerms(all, now.getTime());
    const limit = opts.limit ?? 10;
    // A pool of three times the limit leaves room for importance and recency to reorder bm25's best.
    const params = { query: toFtsQuery(terms)!, now: now.getTime(), limit: limit * 3 };
    this.prepared ??= { bm25: this.prepareCandidates(false), recency: this.prepareCandidates(true), rows: this.prepareRows() };
    const candidates = opts.kinds
      ? this.candidatesQuery(byRecency, opts.kinds).all(params)
      : (byRecency ? this.prepared.recency : this.prepared.bm25).all(params);
    const ranked = candidates
      .map(({ id, createdMs, importance, rank: r }) => {
        const ageDays = Math.max(0, now.getTime() - createdMs) / DAY_MS;
        const recency = 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS);
        return { id, score: -r * (0.5 + importance) * (0.6 + 0.4 * recency) };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    if (ranked.length === 0) return [];
    const ids = ranked.map((h) => h.id);
    this.touch(ids, now);
    const rows = new Map(this.prepared.rows.all({ ids: JSON.stringify(ids) }).map((m) => [m.id, m]));
    return ranked.flatMap(({ id, score }) => {
      const memory = rows.get(id);
      return memory ? [{ memory, score }] : [];
    });
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
    const at = now.getTime();
    for (const id of ids) this.accessed.set(id, { n: (this.accessed.get(id)?.n ?? 0) + 1, at });
    if (this.accessed.size === 0) return;
    this.accessedSince ||= at;
    if (this.accessed.size >= ACCESS_FLUSH_IDS || at - this.accessedSince >= ACCESS_FLUSH_MS) this.flushAccess();
  }

  /** Writes the recalls counted so far in one statement (the store does this when it closes). */
  flushAccess(): void {
    if (this.accessed.size === 0) return;
    const rows = JSON.stringify([...this.accessed].map(([id, a]) => ({ id, ...a })));
    this.accessed.clear();
    this.accessedSince = 0;
    this.db.run(sql`
      UPDATE memories SET access_count = access_count + j.n, last_accessed_at = j.at
      FROM (SELECT value ->> 'id' AS id, value ->> 'n' AS n, value ->> 'at' AS at FROM json_each(${rows})) AS j
      WHERE memories.id = j.id`);
  }
}
