// The tool-use conversation rules of the Messages API: every tool_use in an assistant turn is answered by a
// tool_result with the same id in the very next user turn, every tool_result answers a tool_use of the turn
// just before it, and tool_use ids are unique. Messages follow the API's own wording.
type Json = Record<string, any>;

function blocksOf(message: Json | undefined, type: string): Json[] {
  if (message === undefined || !Array.isArray(message.content)) return [];
  return message.content.filter((b: Json) => b?.type === type);
}

export function checkToolTurns(messages: Json[]): string | undefined {
  const seen = new Set<string>();
  for (const [i, message] of messages.entries()) {
    if (message.role === "assistant") {
      const ids: string[] = blocksOf(message, "tool_use").map((b) => b.id);
      for (const id of ids) {
        if (seen.has(id)) return "messages: `tool_use` ids must be unique";
        seen.add(id);
      }
      const next = messages[i + 1];
      const answered = new Set(next?.role === "user" ? blocksOf(next, "tool_result").map((b) => b.tool_use_id) : []);
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return (
          `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ` +
          `${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
        );
      }
      continue;
    }
    const previous = messages[i - 1];
    const asked = new Set(previous?.role === "assistant" ? blocksOf(previous, "tool_use").map((b) => b.id) : []);
    for (const [j, block] of (Array.isArray(message.content) ? message.content : []).entries()) {
      if (block?.type === "tool_result" && !asked.has(block.tool_use_id)) {
        return (
          `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. ` +
          "Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
        );
      }
    }
  }
  return undefined;
}
