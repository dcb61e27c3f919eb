// Runbook runs: one row per run of a runbook on one subject, kept as it goes so a restart picks it up where
// it was. The partial unique index makes "one open run per runbook and subject" hold even for two triggers
// that arrive together.
import { and, asc, count, desc, eq, gt, gte, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db } from "./db.js";
import { approvals, runbookRuns } from "./schema.js";

export type RunRow = typeof runbookRuns.$inferSelect;
export type RunStatus = RunRow["status"];
export type NewRun = Pick<typeof runbookRuns.$inferInsert, "id" | "runbook" | "subject" | "status" | "trigger" | "state" | "createdAt">;
export type RunPatch = Partial<Pick<RunRow, "status" | "state" | "actionId" | "notBefore" | "actedAt" | "finishedAt">>;

export class RunbookRunsRepo {
  constructor(private readonly db: Db) {}

  /** The new run, or undefined when one is already open for this runbook and subject. */
  create(run: NewRun): RunRow | undefined {
    return this.db
      .insert(runbookRuns)
      .values({ ...run, updatedAt: run.createdAt })
      .onConflictDoNothing()
      .returning()
      .get();
  }

  get(id: string): RunRow | undefined {
    return this.db.select().from(runbookRuns).where(eq(runbookRuns.id, id)).get();
  }

  update(id: string, patch: RunPatch, at: Date): RunRow {
    return this.db.update(runbookRuns).set({ ...patch, updatedAt: at }).where(eq(runbookRuns.id, id)).returning().get()!;
  }

  /** Runs not finished yet (after a restart: the ones to pick up), oldest first. */
  unfinished(): RunRow[] {
    return this.db.select().from(runbookRuns).where(isNull(runbookRuns.finishedAt)).orderBy(asc(runbookRuns.createdAt)).all();
  }

  /** How many runs of this runbook acted on their own on this subject since then. */
  actedSince(runbook: string, subject: string, since: Date): number {
    const where = and(eq(runbookRuns.runbook, runbook), eq(runbookRuns.subject, subject), isNotNull(runbookRuns.actedAt), gte(runbookRuns.actedAt, since));
    return this.db.select({ n: count() }).from(runbookRuns).where(where).get()?.n ?? 0;
  }

  /** The newest run of this runbook on this subject that has ended. */
  lastFinished(runbook: string, subject: string): RunRow | undefined {
    return this.db
      .select()
      .from(runbookRuns)
      .where(and(eq(runbookRuns.runbook, runbook), eq(runbookRuns.subject, subject), isNotNull(runbookRuns.finishedAt)))
      .orderBy(desc(runbookRuns.finishedAt))
      .limit(1)
      .get();
  }

  /** Deletes the runs that finished before then; returns how many. */
  prune(before: Date): number {
    return this.db.delete(runbookRuns).where(and(isNotNull(runbookRuns.finishedAt), lt(runbookRuns.finishedAt, before))).run().changes;
  }

  /** Runs begun since then, oldest first (for the digest). */
  since(from: Date): RunRow[] {
    return this.db.select().from(runbookRuns).where(gte(runbookRuns.createdAt, from)).orderBy(asc(runbookRuns.createdAt)).all();
  }

  /**
   * A pending action this actor asked for with this tool since then: the one a run held but had not written
   * down when Jarvis stopped.
   */
  heldBy(actor: string, tool: string, since: Date): string | undefined {
    return this.db
      .select({ id: approvals.id })
      .from(approvals)
      .where(and(eq(approvals.requestedBy, actor), eq(approvals.tool, tool), eq(approvals.status, "pending"), gt(approvals.createdAt, since)))
      .orderBy(desc(approvals.createdAt))
      .limit(1)
      .get()?.id;
  }
}
