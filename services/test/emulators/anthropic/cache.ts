// Prompt-caching arithmetic: the prompt (tools, then system, then messages) up to a block marked with
// cache_control is a cacheable prefix. The first request with a prefix pays cache_creation_input_tokens;
// a later one with the same prefix gets cache_read_input_tokens; input_tokens counts only what follows the
// cached part. Prefixes shorter than the model's minimum are not cached, as the docs say.
import { createHash } from "node:crypto";
import { estimateTokens, type UsageSpec } from "../llm-script.js";

type Json = Record<string, any>;

export interface InputUsage {
  input: number;
  cacheCreation: number;
  cacheRead: number;
}

/** Tokens of each prompt block, in order, with whether it carries a breakpoint. */
function promptBlocks(body: Json): { tokens: number; key: string; breakpoint: boolean }[] {
  const system = typeof body.system === "string" ? [{ type: "text", text: body.system }] : (body.system ?? []);
  const messageBlocks = body.messages.flatMap((m: Json) =>
    typeof m.content === "string" ? [{ role: m.role, text: m.content }] : m.content.map((b: Json) => ({ role: m.role, ...b })),
  );
  return [...(body.tools ?? []), ...system, ...messageBlocks].map((block: Json) => {
    const { cache_control, ...rest } = block;
    const key = JSON.stringify(rest);
    return { tokens: estimateTokens(key), key, breakpoint: cache_control !== undefined };
  });
}

/** The emulator's cache of prefixes seen so far (it lives as long as the emulator). */
export class PromptCache {
  private readonly stored = new Set<string>();

  constructor(private readonly minTokens: number) {}

  usage(body: Json, given: UsageSpec | undefined): InputUsage {
    const blocks = promptBlocks(body);
    const total = blocks.reduce((n, b) => n + b.tokens, 0);
    let read = 0;
    let created = 0;
    let tokens = 0;
    const hash = createHash("sha256");
    for (const block of blocks) {
      tokens += block.tokens;
      hash.update(block.key);
      if (!block.breakpoint || tokens < this.minTokens) continue;
      const key = hash.copy().digest("hex");
      if (this.stored.has(key)) {
        read = tokens;
        created = 0;
      } else {
        created = tokens - read;
        this.stored.add(key);
      }
    }
    const cacheRead = given?.cacheRead ?? read;
    const cacheCreation = given?.cacheCreation ?? created;
    return { input: given?.input ?? Math.max(1, total - read - created), cacheCreation, cacheRead };
  }
}
