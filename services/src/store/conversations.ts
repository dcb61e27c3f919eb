// Conversations and their messages. HA's conversation_id (or the card's) names a conversation; the first
// message creates it, later ones continue it. A long conversation keeps a summary of its older turns.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { conversations, messages } from "./schema.js";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = Omit<typeof messages.$inferInsert, "id" | "createdAt" | "conversationId">;

const nowMs = sql`(CAST(unixepoch('subsecond') * 1000 AS INTEGER))`;

export class ConversationsRepo {
  // Every turn runs these: prepared once (preparing costs more than running them).
  private readonly insertConversation;
  private readonly selectConversation;
  private readonly insertMessage;
  private readonly touchConversation;
  private readonly selectMessages;

  constructor(private readonly db: Db) {
    this.insertConversation = db
      .insert(conversations)
      .values({ id: sql.placeholder("id"), channel: sql.placeholder("channel"), userId: sql.placeholder("userId") })
      .onConflictDoNothing()
      .prepare();
    this.selectConversation = db.select().from(conversations).where(eq(conversations.id, sql.placeholder("id"))).prepare();
    this.insertMessage = db
      .insert(messages)
      .values({
        conversationId: sql.placeholder("conversationId"),
        role: sql.placeholder("role"),
        content: sql.placeholder("content"),
        provider: sql.placeholder("provider"),
        model: sql.placeholder("model"),
      })
      .returning()
      .prepare();
    this.touchConversation = db.update(conversations).set({ updatedAt: nowMs }).where(eq(conversations.id, sql.placeholder("id"))).prepare();
    this.selectMessages = db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, sql.placeholder("id")), gt(messages.id, sql.placeholder("after"))))
      .orderBy(asc(messages.id))
      .prepare();
  }

  /** The conversation with this id, created on first use. */
  ensure(id: string, channel: string, userId: string | null = null): ConversationRow {
    this.insertConversation.run({ id, channel, userId });
    return this.get(id)!;
  }

  get(id: string): ConversationRow | undefined {
    return this.selectConversation.get({ id });
  }

  addMessage(conversationId: string, message: NewMessage): MessageRow {
    return this.db.transaction(() => {
      const row = this.insertMessage.get({ conversationId, role: message.role, content: message.content, provider: message.provider ?? null, model: message.model ?? null });
      this.touchConversation.run({ id: conversationId });
      return row;
    });
  }

  /** Keeps HA's extra system prompt with the conversation (null forgets it): HA sends it on the first turn only. */
  setExtraSystemPrompt(conversationId: string, prompt: string | null): void {
    this.db.update(conversations).set({ extraSystemPrompt: prompt }).where(eq(conversations.id, conversationId)).run();
  }

  /** The messages in order; with `after`, only those with a higher id (the ones a summary does not cover). */
  messages(conversationId: string, after = 0): MessageRow[] {
    return this.selectMessages.all({ id: conversationId, after });
  }

  /**
   * Replaces the summary, provided nobody else moved it since `expectedThrough` was read (a summary is made in
   * the background while turns go on); returns whether it was stored.
   */
  setSummary(conversationId: string, summary: string, through: number, expectedThrough: number | null): boolean {
    const unchanged = expectedThrough === null ? isNull(conversations.summarizedThrough) : eq(conversations.summarizedThrough, expectedThrough);
    return (
      this.db
        .update(conversations)
        .set({ summary, summarizedThrough: through })
        .where(and(eq(conversations.id, conversationId), unchanged))
        .run().changes > 0
    );
  }
}
