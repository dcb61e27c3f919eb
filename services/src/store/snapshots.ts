// The cluster_snapshots table: the cluster monitor's periodic ClusterView, for "how did it look yesterday"
// and for history longer than the in-memory sparklines. Old rows are pruned by age.
import { and, asc, desc, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";
import { clusterSnapshots } from "./schema.js";

export type SnapshotRow = typeof clusterSnapshots.$inferSelect;

export class SnapshotsRepo {
  constructor(private readonly db: Db) {}

  /** Stores one snapshot; `at` defaults to now (the monitor passes its own clock). */
  add(data: unknown, at?: Date): SnapshotRow {
    return this.db
      .insert(clusterSnapshots)
      .values({ data, ...(at ? { createdAt: at } : {}) })
      .returning()
      .get();
  }

  /** Oldest first within the range. */
  list(q: { since?: Date; before?: Date; limit?: number } = {}): SnapshotRow[] {
    const where: SQL[] = [];
    if (q.since) where.push(gte(clusterSnapshots.createdAt, q.since));
    if (q.before) where.push(lt(clusterSnapshots.createdAt, q.before));
    return this.db
      .select()
      .from(clusterSnapshots)
      .where(and(...where))
      .orderBy(asc(clusterSnapshots.createdAt), asc(clusterSnapshots.id))
      .limit(Math.min(q.limit ?? 1_000, 10_000))
      .all();
  }

  latest(): SnapshotRow | undefined {
    return this.db.select().from(clusterSnapshots).orderBy(desc(clusterSnapshots.createdAt), desc(clusterSnapshots.id)).limit(1).get();
  }

  /** Deletes the snapshots taken before `before`; returns how many went. */
  prune(before: Date): number {
    return this.db.delete(clusterSnapshots).where(lt(clusterSnapshots.createdAt, before)).run().changes;
  }
}
