// Conversations and their messages. HA's conversation_id (or the card's) names a conversation; the first
// message creates it, later ones continue it.
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { conversations, messages } from "./schema.js";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = Omit<typeof messages.$inferInsert, "id" | "createdAt" | "conversationId">;

export class ConversationsRepo {
  constructor(private readonly db: Db) {}

  /** The conversation with this id, created on first use. */
  ensure(id: string, channel: string, userId: string | null = null): ConversationRow {
    this.db.insert(conversations).values({ id, channel, userId }).onConflictDoNothing().run();
    return this.get(id)!;
  }

  get(id: string): ConversationRow | undefined {
    return this.db.select().from(conversations).where(eq(conversations.id, id)).get();
  }

  addMessage(conversationId: string, message: NewMessage): MessageRow {
    return this.db.transaction((tx) => {
      const row = tx.insert(messages).values({ ...message, conversationId }).returning().get();
      tx.update(conversations)
        .set({ updatedAt: sql`(CAST(unixepoch('subsecond') * 1000 AS INTEGER))` })
        .where(eq(conversations.id, conversationId))
        .run();
      return row;
    });
  }

  messages(conversationId: string): MessageRow[] {
    return this.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.id)).all();
  }
}
