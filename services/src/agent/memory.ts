// Memory in a turn: what is recalled into the prompt (most relevant and recent first, within a token budget),
// and the cheap rules that store an explicit "remember that ..." or "I prefer ..." without asking the model.
import type { MemoriesRepo, MemoryKind } from "../store/memories.js";
import { estimateTokens } from "./context.js";

export const RECALL_BUDGET = { claude: 600, local: 200 } as const;

export function recall(memories: MemoriesRepo, text: string, budgetTokens: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const { memory } of memories.search(text, { limit: 12 })) {
    const cost = estimateTokens(memory.content) + 2;
    if (used + cost > budgetTokens) continue;
    out.push(memory.content);
    used += cost;
  }
  return out;
}

const RULES: [RegExp, MemoryKind][] = [
  [/^(?:please\s+)?remember\s+(?:that\s+)?(.{3,500}?)[.!]?$/i, "semantic"],
  [/^(?:note\s+that|fyi[,:]?)\s+(.{3,500}?)[.!]?$/i, "semantic"],
  [/^(i\s+(?:prefer|like|want|always|never)\s+.{3,500}?)[.!]?$/i, "preference"],
];

const THIRD_PERSON: Record<string, string> = { prefer: "prefers", like: "likes", want: "wants", always: "always", never: "never" };

/**
 * Stores an explicit memory request; returns what was stored, or null when the message is not one. "I prefer
 * X" is kept as "Sam prefers X", so it still makes sense when someone else is talking.
 */
export function rememberExplicit(memories: MemoriesRepo, text: string, who: string, conversationId: string | null) {
  for (const [pattern, kind] of RULES) {
    const m = pattern.exec(text.trim());
    if (!m) continue;
    const content = m[1]!.trim().replace(/^i\s+(\w+)/i, (_all, verb: string) => `${who} ${THIRD_PERSON[verb.toLowerCase()] ?? verb}`);
    return memories.add({ kind, content, source: who, conversationId, importance: kind === "preference" ? 0.7 : 0.6 });
  }
  return null;
}
