// The cost ledger: one row per model call with its tokens and price, so today's spend can be checked before
// the next call.
import { and, count, gte, sql, sum } from "drizzle-orm";
import type { Db } from "./db.js";
import { costLedger } from "./schema.js";

export type CostRow = typeof costLedger.$inferSelect;
export type NewCost = Omit<typeof costLedger.$inferInsert, "id" | "createdAt">;

export class CostsRepo {
  constructor(private readonly db: Db) {}

  add(row: NewCost): CostRow {
    return this.db.insert(costLedger).values(row).returning().get();
  }

  /** USD spent since `since` (start of the local day, for the daily limit). */
  spentSince(since: Date, provider?: string): number {
    const r = this.db
      .select({ total: sum(costLedger.costUsd) })
      .from(costLedger)
      .where(and(gte(costLedger.createdAt, since), provider ? sql`${costLedger.provider} = ${provider}` : undefined))
      .get();
    return Number(r?.total ?? 0);
  }

  callsSince(since: Date, provider?: string): number {
    const r = this.db
      .select({ n: count() })
      .from(costLedger)
      .where(and(gte(costLedger.createdAt, since), provider ? sql`${costLedger.provider} = ${provider}` : undefined))
      .get();
    return r?.n ?? 0;
  }
}
