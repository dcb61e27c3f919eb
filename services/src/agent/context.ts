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

const INTERRUPTED = "No result: the turn was interrupted before this call finished.";

/**
 * Every tool_use answered by a tool_result in the very next message, and no result without its call, as the
 * APIs demand. A turn cut off while its tools ran (a restart, a crash) leaves gaps that later turns bury in the
 * middle of the history; unrepaired, every request of that conversation would be refused. A call that lost
 * its result gets one saying so; a trailing call still waiting for its tools is left out.
 */
export function repairToolPairs(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const previous = out.at(-1);
    const asked = new Set(previous?.role === "assistant" ? previous.content.flatMap((b) => (b.type === "tool_use" ? [b.id] : [])) : []);
    if (m.role === "user") {
      const answered = new Set(m.content.flatMap((b) => (b.type === "tool_result" && asked.has(b.tool_use_id) ? [b.tool_use_id] : [])));
      const missing: ContentBlock[] = [...asked].filter((id) => !answered.has(id)).map((id) => ({ type: "tool_result", tool_use_id: id, content: INTERRUPTED, is_error: true }));
      const content = [...missing, ...m.content.filter((b) => b.type !== "tool_result" || asked.has(b.tool_use_id))];
      if (content.length > 0) out.push({ ...m, content });
      continue;
    }
    if (m.content.some((b) => b.type === "tool_use") && i === messages.length - 1) break;
    out.push(m);
  }
  return out;
}
