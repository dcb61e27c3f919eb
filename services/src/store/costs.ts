// The cost ledger: one row per model call with its tokens and price, so today's spend can be checked before
// the next call.
import { and, count, desc, eq, gte, sql, sum } from "drizzle-orm";
import type { Db } from "./db.js";
import { costLedger } from "./schema.js";

export type CostRow = typeof costLedger.$inferSelect;
export type NewCost = Omit<typeof costLedger.$inferInsert, "id" | "createdAt">;

export class CostsRepo {
  add(row: NewCost): CostRow {
    return this.insert.get({ cacheReadTokens: 0, cacheWriteTokens: 0, inputTokens: 0, outputTokens: 0, conversationId: null, ...row });
  }

  // All three run around every model call: prepared once.
  private readonly insert;
  private readonly spent;
  private readonly calls;

  constructor(private readonly db: Db) {
    this.insert = this.prepareInsert();
    this.spent = this.prepareSum();
    this.calls = this.prepareCount();
  }

  private prepareInsert() {
    const p = (name: keyof NewCost) => sql.placeholder(name);
    return this.db
      .insert(costLedger)
      .values({
        provider: p("provider"),
        model: p("model"),
        inputTokens: p("inputTokens"),
        outputTokens: p("outputTokens"),
        cacheReadTokens: p("cacheReadTokens"),
        cacheWriteTokens: p("cacheWriteTokens"),
        costUsd: p("costUsd"),
        conversationId: p("conversationId"),
      })
      .returning()
      .prepare();
  }

  private prepareSum() {
    return this.db
    .select({ total: sum(costLedger.costUsd) })
    .from(costLedger)
    .where(and(gte(costLedger.createdAt, sql.placeholder("since")), eq(costLedger.provider, sql.placeholder("provider"))))
    .prepare();
  }

  private prepareCount() {
    return this.db
    .select({ n: count() })
    .from(costLedger)
    .where(and(gte(costLedger.createdAt, sql.placeholder("since")), eq(costLedger.provider, sql.placeholder("provider"))))
    .prepare();
  }

  /** The newest ledger rows, newest first. */
  recent(limit = 10): CostRow[] {
    return this.db.select().from(costLedger).orderBy(desc(costLedger.id)).limit(limit).all();
  }

  /** USD spent on a provider since `since` (start of the local day, for the daily limit). */
  spentSince(since: Date, provider: string): number {
    return Number(this.spent.get({ since: since.getTime(), provider })?.total ?? 0);
  }

  callsSince(since: Date, provider: string): number {
    return this.calls.get({ since: since.getTime(), provider })?.n ?? 0;
  }
}
