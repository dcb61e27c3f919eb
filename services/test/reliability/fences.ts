// Where a marker word appears in what Jarvis sent a model, outside any <untrusted_data> fence: the system
// prompt and every text or tool result, with the fenced parts cut out first.
const FENCED = /<untrusted_data[^>]*>[\s\S]*?<\/untrusted_data>/g;

function texts(value: unknown, out: string[]): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) texts(v, out);
  else if (value && typeof value === "object") {
    const block = value as Record<string, unknown>;
    // Tool calls the model made are its own words, not outside data shown to it.
    if (block.type === "tool_use") return out;
    for (const [key, v] of Object.entries(block)) if (key !== "tools") texts(v, out);
  }
  return out;
}

/** Snippets around each unfenced mention of `marker` in the request bodies (system prompt and messages). */
export function unfencedMentions(bodies: readonly unknown[], marker: string): string[] {
  const found: string[] = [];
  for (const body of bodies) {
    const { system, messages } = (body ?? {}) as { system?: unknown; messages?: unknown };
    for (const text of texts([system, messages], [])) {
      const loose = text.replace(FENCED, "");
      const at = loose.indexOf(marker);
      if (at >= 0) found.push(loose.slice(Math.max(0, at - 60), at + 40).replace(/\s+/g, " "));
    }
  }
  return found;
}
