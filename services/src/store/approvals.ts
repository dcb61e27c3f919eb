// Pending actions: an ORANGE or RED call held until the person approves it. Each is bound to a hash of the
// tool and its exact arguments, expires, and can be consumed once (the status flip is one atomic UPDATE).
// Those Jarvis named in its latest reply in a conversation are "offered": the only ones the person's next
// message there can approve with a keyword.
import { and, asc, eq, gt, inArray, lt, lte } from "drizzle-orm";
import type { Db } from "./db.js";
import { approvals } from "./schema.js";

export type ApprovalRow = typeof approvals.$inferSelect;
export type NewApproval = Pick<
  typeof approvals.$inferInsert,
  "id" | "tool" | "args" | "argsHash" | "tier" | "conversationId" | "requestedBy" | "expiresAt"
>;

export class ApprovalsRepo {
  constructor(private readonly db: Db) {}

  add(approval: NewApproval): ApprovalRow {
    return this.db.insert(approvals).values(approval).returning().get();
  }

  get(id: string): ApprovalRow | undefined {
    return this.db.select().from(approvals).where(eq(approvals.id, id)).get();
  }

  /** Live pending actions of a conversation, oldest first. */
  pending(conversationId: string, now = new Date()): ApprovalRow[] {
    return this.db
      .select()
      .from(approvals)
      .where(
        and(eq(approvals.conversationId, conversationId), eq(approvals.status, "pending"), gt(approvals.expiresAt, now)),
      )
      .orderBy(asc(approvals.createdAt), asc(approvals.id))
      .all();
  }

  /** Jarvis's latest reply in the conversation named exactly these pending actions (none: nothing is offered). */
  offer(conversationId: string, ids: readonly string[]): void {
    this.db.transaction((tx) => {
      tx.update(approvals).set({ offered: false }).where(and(eq(approvals.conversationId, conversationId), eq(approvals.offered, true))).run();
      if (ids.length === 0) return;
      tx.update(approvals)
        .set({ offered: true })
        .where(and(eq(approvals.conversationId, conversationId), eq(approvals.status, "pending"), inArray(approvals.id, [...ids])))
        .run();
    });
  }

  /**
   * The person's next message has arrived: what the reply before it offered (live, held before `before`),
   * oldest first; the offer ends here, whatever the message says.
   */
  takeOffered(conversationId: string, before: Date, now = new Date()): ApprovalRow[] {
    return this.db.transaction((tx) => {
      const offered = tx
        .select()
        .from(approvals)
        .where(
          and(
            eq(approvals.conversationId, conversationId),
            eq(approvals.offered, true),
            eq(approvals.status, "pending"),
            gt(approvals.expiresAt, now),
            lt(approvals.createdAt, before),
          ),
        )
        .orderBy(asc(approvals.createdAt), asc(approvals.id))
        .all();
      tx.update(approvals).set({ offered: false }).where(and(eq(approvals.conversationId, conversationId), eq(approvals.offered, true))).run();
      return offered;
    });
  }

  /**
   * Moves a live pending action to `status` once: true for the one caller that won, false when it was already
   * decided, expired or never existed.
   */
  decide(id: string, status: "approved" | "denied", by: string, now = new Date()): boolean {
    return (
      this.db
        .update(approvals)
        .set({ status, decidedAt: now, decidedBy: by })
        .where(and(eq(approvals.id, id), eq(approvals.status, "pending"), gt(approvals.expiresAt, now)))
        .run().changes === 1
    );
  }

  finish(id: string, status: "executed" | "failed", result: unknown): void {
    this.db.update(approvals).set({ status, result }).where(eq(approvals.id, id)).run();
  }

  /** Marks every lapsed pending action expired; returns how many. */
  expire(now = new Date()): number {
    return this.db
      .update(approvals)
      .set({ status: "expired" })
      .where(and(eq(approvals.status, "pending"), lte(approvals.expiresAt, now)))
      .run().changes;
  }
}
