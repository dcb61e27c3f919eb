// memory: remember, recall, forget. The agent keeps facts and preferences across conversations; recall is
// ranked by relevance and recency in the store.
import { z } from "zod";
import type { MemoriesRepo } from "../store/memories.js";
import { MEMORY_KINDS } from "../store/schema.js";
import { defineTool } from "./tool.js";

export function memoryTools(memories: MemoriesRepo) {
  return [
    defineTool({
      name: "remember",
      category: "memory",
      description:
        "Store a fact, preference or event to remember across conversations. Keep identifiers (VM ids, node names, IPs) exact.",
      input: z.object({
        content: z.string().min(3).max(2000).describe("What to remember, as one self-contained sentence"),
        kind: z
          .enum(MEMORY_KINDS)
          .default("semantic")
          .describe("semantic = fact (kept), preference = what someone likes (kept), episodic = what happened (30 days), conversation = context for the next few days (7 days)"),
        tags: z.array(z.string().max(40)).max(10).default([]).describe("Names that help find it later"),
        importance: z.number().min(0).max(1).default(0.5),
      }),
      tier: "GREEN",
      handler: async (a, ctx) => {
        const row = memories.add({
          content: a.content,
          kind: a.kind,
          tags: a.tags.join(" "),
          importance: a.importance,
          source: ctx.actor,
          conversationId: ctx.conversationId ?? null,
        });
        return { remembered: row.id, kind: row.kind };
      },
    }),
    defineTool({
      name: "recall",
      category: "memory",
      description: "Search what Jarvis remembers, most relevant first.",
      input: z.object({
        query: z.string().min(1).max(500),
        kind: z.enum(MEMORY_KINDS).optional(),
        limit: z.int().min(1).max(20).default(5),
      }),
      tier: "GREEN",
      // Anyone who could call remember (an MCP client, an injected model) wrote this: data, not instructions.
      untrusted: true,
      handler: async (a) =>
        memories.search(a.query, { limit: a.limit, kinds: a.kind ? [a.kind] : undefined }).map(({ memory }) => ({
          id: memory.id,
          kind: memory.kind,
          content: memory.content,
          remembered: memory.createdAt.toISOString().slice(0, 10),
        })),
    }),
    defineTool({
      name: "forget",
      category: "memory",
      description: "Forget one memory by its id (from recall).",
      input: z.object({ id: z.int().positive() }),
      tier: "YELLOW",
      handler: async (a) => ({ forgotten: memories.forget(a.id) }),
    }),
  ];
}
