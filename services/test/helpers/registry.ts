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

/**
 * Runs tools as a person talking in conversation "c" (created here), one turn per call, as the agent does it:
 * a call held in one turn is named in that turn's reply, and the next turn's message approves it when it is the
 * approval answer (ApprovalWords.answer) and the call is the same again; the person is an admin unless `admin`
 * says otherwise.
 */
export function person(registry: ToolRegistry, store: Store, conversationId = "c", opts: { actor?: string; admin?: boolean } = {}) {
  store.conversations.ensure(conversationId, "test", "sam");
  let named: { call: string; actionId: string } | null = null;
  const run = async (name: string, args: unknown, personMessage = "please"): Promise<ToolOutcome> => {
    // A moment passes between turns: actions held earlier are then older than the new message.
    await new Promise((r) => setTimeout(r, 2));
    const ctx = { actor: opts.actor ?? "sam", admin: opts.admin ?? true, channel: "agent" as const, conversationId, personMessage, messageAt: new Date() };
    const call = JSON.stringify([name, args]);
    // The reply before this message named the call held then; the person answers about that call only.
    registry.offer(conversationId, named?.call === call ? [named.actionId] : []);
    named = null;
    const [approved] = await registry.approveFromMessage(ctx);
    const out = approved ?? (await registry.execute({ name, args }, ctx));
    if (out.status === "approval_required") {
      named = { call, actionId: out.actionId };
      registry.offer(conversationId, [out.actionId]);
    }
    return out;
  };
  /** The data of a call that must succeed. */
  const ok = async (name: string, args: unknown, personMessage?: string): Promise<any> => {
    const out = await run(name, args, personMessage);
    expect(out.status, modelText(out)).toBe("ok");
    return (out as Extract<ToolOutcome, { status: "ok" }>).data;
  };
  return { run, ok };
}
