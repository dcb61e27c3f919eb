// Keeping a conversation inside a model's context window. Tokens are estimated (about four characters
// each), the oldest turns go first, and a tool call is never separated from its result.
import type { ChatMessage, ContentBlock } from "./providers/types.js";

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

function blockTokens(b: ContentBlock): number {
  switch (b.type) {
    case "text":
      return estimateTokens(b.text);
    case "tool_use":
      return estimateTokens(b.name + JSON.stringify(b.input)) + 10;
    case "tool_result":
      return estimateTokens(b.content) + 10 + (b.images?.length ?? 0) * 1_500;
  }
}

export const messageTokens = (m: ChatMessage): number => m.content.reduce((n, b) => n + blockTokens(b), 4);

/** Where a conversation may be cut: before a user message that carries no tool results. */
const isTurnStart = (m: ChatMessage) => m.role === "user" && m.content.every((b) => b.type !== "tool_result");

/**
 * The newest messages that fit in `budget` tokens, starting at a turn boundary. The last turn is always
 * kept; when it alone is too big, its longest tool results are shortened to fit.
 */
export function fitToBudget(messages: readonly ChatMessage[], budget: number): ChatMessage[] {
  const starts = messages.flatMap((m, i) => (isTurnStart(m) ? [i] : []));
  let total = messages.reduce((n, m) => n + messageTokens(m), 0);
  let from = starts[0] ?? 0;
  for (const start of starts.slice(1)) {
    if (total <= budget) break;
    total -= messages.slice(from, start).reduce((n, m) => n + messageTokens(m), 0);
    from = start;
  }
  const kept = messages.slice(from);
  return total <= budget ? kept : shortenResults(kept, budget);
}

function shortenResults(messages: ChatMessage[], budget: number): ChatMessage[] {
  const fixed = messages.reduce((n, m) => n + m.content.reduce((k, b) => k + (b.type === "tool_result" ? 10 : blockTokens(b)), 4), 0);
  const results = messages.flatMap((m) => m.content.filter((b) => b.type === "tool_result")).length;
  const perResult = Math.max(50, Math.floor((budget - fixed) / Math.max(1, results)));
  return messages.map((m) => ({
    ...m,
    content: m.content.map((b) =>
      b.type === "tool_result" && estimateTokens(b.content) > perResult
        ? { ...b, content: `${b.content.slice(0, perResult * 4)}... [shortened to fit the model's context]`, images: undefined }
        : b,
    ),
  }));
}
