// A tool registry over a real store for tool tests, and the person's side of a conversation with it: each call
// is a new turn whose message is the only text that can approve anything.
import { pino } from "pino";
import { expect } from "vitest";
import type { Store } from "../../src/store/db.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { modelText, type ToolOutcome } from "../../src/tools/outcome.js";
import { Redactor } from "../../src/tools/redact.js";
import { ToolRegistry } from "../../src/tools/registry.js";
import type { Tier } from "../../src/tools/tiers.js";
import type { ToolDef } from "../../src/tools/tool.js";

export const KEYWORD = "JARVIS-EXECUTE";

export function testRegistry(
  tools: ToolDef[],
  store: Store,
  opts: { overrideKey?: string; protectedGuests?: number[]; protectedServices?: string[]; policy?: Record<string, Tier>; approvalTtlMs?: number } = {},
): ToolRegistry {
  return new ToolRegistry(tools, {
    approvals: store.approvals,
    events: store.events,
    words: new ApprovalWords(KEYWORD, opts.overrideKey),
    redactor: new Redactor([]),
    facts: { protectedGuests: new Set(opts.protectedGuests ?? []), protectedServices: new Set(opts.protectedServices ?? []) },
    policy: opts.policy,
    log: pino({ level: "silent" }),
    approvalTtlMs: opts.approvalTtlMs,
  });
}

/** Runs tools as a person talking in conversation "c" (created here), one turn per call. */
export function person(registry: ToolRegistry, store: Store, conversationId = "c") {
  store.conversations.ensure(conversationId, "test", "sam");
  const run = async (name: string, args: unknown, personMessage = "please"): Promise<ToolOutcome> => {
    // A moment passes between turns: actions held earlier are then older than the new message.
    await new Promise((r) => setTimeout(r, 2));
    return registry.execute({ name, args }, { actor: "sam", channel: "agent", conversationId, personMessage, messageAt: new Date() });
  };
  /** The data of a call that must succeed. */
  const ok = async (name: string, args: unknown, personMessage?: string): Promise<any> => {
    const out = await run(name, args, personMessage);
    expect(out.status, modelText(out)).toBe("ok");
    return (out as Extract<ToolOutcome, { status: "ok" }>).data;
  };
  return { run, ok };
}
