// The only way a tool runs. execute() validates, decides the tier in host code, applies the gate, runs with a
// timeout, caps output and records the call as an event. Approval state lives in the approvals table, bound
// to the exact call: nothing here is shared between concurrent calls.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { ClientError } from "../clients/errors.js";
import type { Logger } from "../log.js";
import type { ApprovalRow, ApprovalsRepo } from "../store/approvals.js";
import type { EventsRepo } from "../store/events.js";
import type { ApprovalWords } from "./approval-words.js";
import { anthropicTool, openaiTool } from "./format.js";
import { serialise, type ToolOutcome } from "./outcome.js";
import type { Redactor } from "./redact.js";
import { maxTier, tierRank, type Tier } from "./tiers.js";
import { WithImages, type Assessment, type TierFacts, type ToolDef } from "./tool.js";

export interface ToolCall {
  name: string;
  args: unknown;
}

export interface CallContext {
  /** Who the call is for: the identity every rule compares (an HA user id, a satellite, "mcp"). */
  actor: string;
  /** The name people know them by (HA's), when known: what events show; never compared. */
  actorName?: string;
  channel: "agent" | "fastpath" | "mcp" | "card" | "ha" | "runbook";
  conversationId?: string;
  /** The person's own message for this turn, verbatim: the only text that can carry approval words. */
  personMessage?: string | null;
  /** When that message arrived: only actions held before it can be approved by it. */
  messageAt?: Date;
  /**
   * The one approving is an admin: an HA admin (relayed with is_admin, or an ingress user), or a login with the
   * add-on's own password (the household admin). Only an admin approves RED, or someone else's action.
   */
  admin?: boolean;
  signal?: AbortSignal;
  /** Progress of long actions (task status while a guest starts), for a UI that shows it. */
  onProgress?: (tool: string, update: Record<string, unknown>) => void;
}

/** An approved held call as it runs: who approved it (and how), which held action it was, and who asked. */
interface Approval {
  by: string;
  actionId: string;
  requestedBy: string | null;
}

export interface RegistryDeps {
  approvals: ApprovalsRepo;
  events: EventsRepo;
  words: ApprovalWords;
  redactor: Redactor;
  facts: TierFacts;
  /** Household policy: a tool's tier replaced by choice (never for BLACK). */
  policy?: Readonly<Record<string, Tier>>;
  log: Logger;
  approvalTtlMs?: number;
  defaultTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_APPROVAL_TTL_MS = 10 * 60_000;

/**
 * Same tool + same arguments (key order aside) + same binding (Assessment.binding) = same hash; anything else
 * = a different action.
 */
export function callHash(tool: string, args: unknown, binding?: string): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  const parts = binding === undefined ? [tool, canonical(args)] : [tool, canonical(args), binding];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

const errorText = (err: unknown) => (err instanceof ClientError ? err.explain() : err instanceof Error ? err.message : String(err));

export class ToolRegistry {
  private readonly tools = new Map<string, ToolDef>();

  constructor(
    tools: readonly ToolDef[],
    private readonly deps: RegistryDeps,
  ) {
    for (const tool of tools) {
      if (this.tools.has(tool.name)) throw new Error(`tool ${tool.name} is declared twice`);
      this.tools.set(tool.name, tool);
    }
  }

  list(): ToolDef[] {
    return [...this.tools.values()];
  }

  get(name: string): ToolDef | undefined {
    return this.tools.get(name);
  }

  anthropicTools() {
    return this.list().map(anthropicTool);
  }

  openaiTools() {
    return this.list().map(openaiTool);
  }

  /** The tool's tier before its arguments are seen: its own, or the household's choice (BLACK stays). */
  baseTier(tool: ToolDef): Tier {
    const chosen = this.deps.policy?.[tool.name];
    return tool.tier === "BLACK" || !chosen ? tool.tier : chosen;
  }

  /** The tier a call with these (already validated) arguments gets, with what its check found. */
  async assess(tool: ToolDef, args: unknown): Promise<Assessment> {
    const raised = await tool.raise?.(args as never, this.deps.facts);
    const found: Assessment = typeof raised === "object" ? raised : { tier: raised ?? "GREEN" };
    return { ...found, tier: maxTier(this.baseTier(tool), found.tier) };
  }

  async execute(call: ToolCall, ctx: CallContext): Promise<ToolOutcome> {
    const tool = this.tools.get(call.name);
    if (!tool) {
      return this.record(ctx, call.args, { status: "refused", tool: call.name, tier: "BLACK", reason: `unknown tool "${call.name}"` });
    }
    const parsed = tool.input.safeParse(call.args ?? {});
    if (!parsed.success) {
      const error = `invalid arguments for ${tool.name}: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`;
      return this.record(ctx, call.args, { status: "error", tool: tool.name, tier: tool.tier, error, durationMs: 0 });
    }
    const args = parsed.data;
    let assessed: Assessment;
    try {
      assessed = await this.assess(tool, args);
    } catch (err) {
      return this.record(ctx, args, { status: "error", tool: tool.name, tier: this.baseTier(tool), error: this.deps.redactor.text(errorText(err)), durationMs: 0 });
    }
    const { tier, pin } = assessed;
    const refuse = (reason: string) => this.record(ctx, args, { status: "refused", tool: tool.name, tier, reason });

    switch (tier) {
      case "GREEN":
      case "YELLOW":
        return this.run(tool, args, tier, ctx, null, pin);
      case "BLACK":
        return refuse(assessed.why ?? "this action is never allowed (it would endanger the systems Jarvis and Home Assistant run on, or destroy data)");
      // Both are only ever held here. They run when approved: by the person's answer to the reply that named
      // them (approveFromMessage, at the start of the next turn) or by id (approveById). A key in the message
      // never unlocks a call made during that turn, which tool output may have asked for.
      case "RED":
      case "ORANGE": {
        const red = tier === "RED";
        if (red && !this.deps.words.overrideConfigured) return refuse("destructive actions are switched off: no override key is configured");
        return this.hold(tool, args, tier, ctx, red ? "override" : "keyword", assessed);
      }
    }
  }

  /**
   * At the start of a turn: the person's message answers Jarvis's reply before it. When the message is an
   * approval (ApprovalWords.answer: the keyword for ORANGE, the override key for RED, with nothing else but
   * assent), the actions that reply named run, if this person may approve each (mayApprove). Whatever the
   * message says, that reply's offer ends here: an action named two replies ago needs naming again. Returns
   * the outcomes of what ran or was refused.
   */
  async approveFromMessage(ctx: CallContext & { conversationId: string; personMessage: string }): Promise<ToolOutcome[]> {
    const offered = this.deps.approvals.takeOffered(ctx.conversationId, ctx.messageAt ?? new Date());
    const answer = this.deps.words.answer(ctx.personMessage);
    if (!answer.keyword && !answer.override) return [];
    const outcomes: ToolOutcome[] = [];
    for (const held of offered) {
      const red = held.tier === "RED";
      if (!(red ? answer.override : answer.keyword)) continue;
      const refusal = mayApprove(held, ctx);
      if (refusal) {
        outcomes.push(this.record(ctx, held.args, { status: "refused", tool: held.tool, tier: held.tier as Tier, reason: refusal, ...this.summary(held.tool, held.args) }));
        continue;
      }
      if (!this.deps.approvals.decide(held.id, "approved", ctx.actor)) continue;
      outcomes.push(await this.replay(held, ctx, `${ctx.actorName ?? ctx.actor} (${red ? "override key" : "approval keyword"})`));
    }
    return outcomes;
  }

  /**
   * The actions Jarvis's reply in this conversation named as waiting (the agent calls this as each reply ends,
   * with none when it named none): the only ones the person's next message can approve with a keyword.
   */
  offer(conversationId: string, actionIds: readonly string[]): void {
    this.deps.approvals.offer(conversationId, actionIds);
  }

  /**
   * An explicit approval by id: the card's Approve button (WS action/approve), the HA service jarvis.approve
   * (relayed with the HA user who called it), the ingress page. The person saw this very action (its id and
   * summary), so it need not have been named in a reply; who may approve it is the same rule as for the
   * keyword (mayApprove), and RED also needs the override key, passed as `overrideText`.
   */
  async approveById(id: string, ctx: CallContext, overrideText?: string): Promise<ToolOutcome | { status: "not_pending"; actionId: string }> {
    const held = this.deps.approvals.get(id);
    if (!held || held.status !== "pending") return { status: "not_pending", actionId: id };
    const tier = held.tier as Tier;
    const refusal = mayApprove(held, ctx);
    if (refusal) return this.record(ctx, held.args, { status: "refused", tool: held.tool, tier, reason: refusal, ...this.summary(held.tool, held.args) });
    if (tier === "RED" && !this.deps.words.hasOverride(overrideText)) {
      return { status: "refused", tool: held.tool, tier: "RED", reason: "a RED action needs the override key" };
    }
    if (!this.deps.approvals.decide(id, "approved", ctx.actor)) return { status: "not_pending", actionId: id };
    return this.replay(held, ctx, `${ctx.actorName ?? ctx.actor} (${ctx.channel})`);
  }

  /**
   * Drops a held action; its event names what was denied and for whom, as the call's own events do. The person
   * who asked or an admin may: anyone else signed in would cancel what is not theirs to cancel.
   */
  deny(id: string, who: Pick<CallContext, "actor" | "actorName" | "admin">): "denied" | "not_pending" | { refused: string } {
    const held = this.deps.approvals.get(id);
    if (!held || held.status !== "pending") return "not_pending";
    if (who.admin !== true && held.requestedBy !== who.actor) return { refused: "only the person who asked for this action or a Home Assistant admin can deny it" };
    if (!this.deps.approvals.decide(id, "denied", who.actor)) return "not_pending";
    const summary = this.deps.redactor.text(this.summary(held.tool, held.args).summary ?? held.tool);
    this.deps.events.add({
      type: "action",
      source: "user",
      title: `Denied: ${summary}`,
      data: { actionId: id, by: who.actorName ?? who.actor, tool: held.tool, tier: held.tier, args: this.deps.redactor.value(held.args), summary, requestedBy: held.requestedBy },
    });
    return "denied";
  }

  /** The call in words (its tool's summarize), as a spread: nothing for a tool without one or arguments it rejects. */
  private summary(name: string, args: unknown): { summary?: string } {
    const tool = this.tools.get(name);
    const parsed = tool?.summarize ? tool.input.safeParse(args) : undefined;
    return parsed?.success ? { summary: tool!.summarize!(parsed.data as never) } : {};
  }

  /** Runs an approved held call again from its stored arguments, after re-checking them and their tier. */
  private async replay(held: ApprovalRow, ctx: CallContext, approver: string): Promise<ToolOutcome> {
    const tool = this.tools.get(held.tool);
    const parsed = tool?.input.safeParse(held.args);
    if (!tool || !parsed?.success) {
      this.deps.approvals.finish(held.id, "failed", { error: "tool or arguments no longer valid" });
      return { status: "refused", tool: held.tool, tier: "BLACK", reason: "the held action is no longer valid" };
    }
    let assessed: Assessment;
    try {
      assessed = await this.assess(tool, parsed.data);
    } catch (err) {
      const error = this.deps.redactor.text(errorText(err));
      this.deps.approvals.finish(held.id, "failed", { error });
      return this.record(ctx, parsed.data, { status: "error", tool: tool.name, tier: held.tier as Tier, error, durationMs: 0 });
    }
    const { tier } = assessed;
    if (tier === "BLACK") {
      this.deps.approvals.finish(held.id, "failed", { error: "now BLACK" });
      return this.record(ctx, parsed.data, { status: "refused", tool: tool.name, tier, reason: assessed.why ?? "this action is never allowed" });
    }
    // Approved for the tier it was held at: a call whose tier has risen since needs asking again.
    if (tierRank(tier) > tierRank(held.tier as Tier)) {
      this.deps.approvals.finish(held.id, "failed", { error: `now ${tier}` });
      return this.record(ctx, parsed.data, { status: "refused", tool: tool.name, tier, reason: `this action is ${tier} now (it was ${held.tier} when held): ask for it again` });
    }
    // Checked again just now: what it found (a URL's home addresses, a file's content) must be what was held.
    if (callHash(tool.name, parsed.data, assessed.binding) !== held.argsHash) {
      this.deps.approvals.finish(held.id, "failed", { error: "changed since it was held" });
      const now = assessed.why ? ` (now: ${assessed.why})` : "";
      return this.record(ctx, parsed.data, { status: "refused", tool: tool.name, tier, reason: `what this action would act on has changed since it was approved${now}; ask for it again` });
    }
    return this.runHeld(held, tool, parsed.data, tier, ctx, { by: approver, actionId: held.id, requestedBy: held.requestedBy }, assessed.pin);
  }

  private async runHeld(held: ApprovalRow, tool: ToolDef, args: unknown, tier: Tier, ctx: CallContext, approval: Approval, pin?: unknown) {
    const outcome = await this.run(tool, args, tier, ctx, approval, pin);
    this.deps.approvals.finish(held.id, outcome.status === "ok" ? "executed" : "failed", outcome.status === "ok" ? { ok: true } : outcome);
    return outcome;
  }

  private hold(tool: ToolDef, args: unknown, tier: Tier, ctx: CallContext, needs: "keyword" | "override", assessed: Assessment): ToolOutcome {
    const hash = callHash(tool.name, args, assessed.binding);
    const said = this.summary(tool.name, args).summary ?? `${tool.name} ${JSON.stringify(this.deps.redactor.value(args))}`;
    // The same call asked twice before a decision is one pending action, not two.
    const existing = ctx.conversationId
      ? this.deps.approvals.pending(ctx.conversationId).find((a) => a.argsHash === hash)
      : undefined;
    const row =
      existing ??
      this.deps.approvals.add({
        id: randomUUID(),
        tool: tool.name,
        args,
        argsHash: hash,
        tier,
        conversationId: ctx.conversationId ?? null,
        requestedBy: ctx.actor,
        expiresAt: new Date(Date.now() + (this.deps.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS)),
      });
    return this.record(ctx, args, {
      status: "approval_required",
      tool: tool.name,
      tier,
      actionId: row.id,
      expiresAt: row.expiresAt.toISOString(),
      summary: assessed.why ? `${said} (${assessed.why})` : said,
      needs,
    });
  }

  private async run(tool: ToolDef, args: unknown, tier: Tier, ctx: CallContext, approval: Approval | null, pin?: unknown): Promise<ToolOutcome> {
    // Worded before it runs: what it acts on may be gone after (a deleted snapshot).
    const said = this.summary(tool.name, args);
    const started = performance.now();
    const timeoutMs = tool.timeoutMs ?? this.deps.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    const onAbort = () => controller.abort(ctx.signal?.reason);
    ctx.signal?.addEventListener("abort", onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Reject before aborting: a handler that settles on abort must not win the race.
        reject(new Error(`${tool.name} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
        controller.abort(new Error("timeout"));
      }, timeoutMs);
    });
    let outcome: ToolOutcome;
    try {
      const result = await Promise.race([
        tool.handler(args as never, {
          signal: controller.signal,
          actor: ctx.actor,
          conversationId: ctx.conversationId,
          progress: (update) => ctx.onProgress?.(tool.name, update),
          pin,
        }),
        timedOut,
      ]);
      const [data, images] = result instanceof WithImages ? [result.data, result.images] : [result, undefined];
      const { truncated } = serialise(data);
      const durationMs = Math.round(performance.now() - started);
      outcome = { status: "ok", tool: tool.name, tier, ...said, data, ...(images ? { images } : {}), untrusted: tool.untrusted === true, truncated, durationMs };
    } catch (err) {
      const durationMs = Math.round(performance.now() - started);
      outcome = { status: "error", tool: tool.name, tier, ...said, error: this.deps.redactor.text(errorText(err)), durationMs };
    } finally {
      clearTimeout(timer);
      ctx.signal?.removeEventListener("abort", onAbort);
    }
    return this.record(ctx, args, outcome, approval);
  }

  /** Every call, whatever became of it, goes to the events table (source jarvis, type action). */
  private record(ctx: CallContext, args: unknown, outcome: ToolOutcome, approval: Approval | null = null): ToolOutcome {
    const decision = outcome.status;
    const detail =
      outcome.status === "ok"
        ? { result: this.deps.redactor.text(serialise(outcome.data).text.slice(0, 500)) }
        : outcome.status === "error"
          ? { error: outcome.error }
          : outcome.status === "refused"
            ? { reason: outcome.reason }
            : { actionId: outcome.actionId };
    this.deps.events.add({
      type: "action",
      source: "jarvis",
      severity: decision === "refused" || decision === "error" ? "warning" : "info",
      title: `${outcome.tool}: ${decision.replace("_", " ")}`,
      data: {
        tool: outcome.tool,
        tier: outcome.tier,
        decision,
        args: this.deps.redactor.value(args),
        ...(outcome.summary ? { summary: this.deps.redactor.text(outcome.summary) } : {}),
        actor: ctx.actor,
        ...(ctx.actorName ? { actorName: ctx.actorName } : {}),
        channel: ctx.channel,
        conversationId: ctx.conversationId ?? null,
        approver: approval?.by ?? null,
        // The held call's id and asker: whoever approved it, the action was theirs (its own event has their name).
        ...(approval ? { actionId: approval.actionId, requestedBy: approval.requestedBy } : {}),
        durationMs: "durationMs" in outcome ? outcome.durationMs : null,
        ...detail,
      },
    });
    this.deps.log.debug({ tool: outcome.tool, tier: outcome.tier, decision }, "tool call");
    return outcome;
  }
}

/**
 * Who may approve a held action, whichever way the approval comes (keyword, card, HA service): the person who
 * asked for it, or an admin; a RED action an admin only. Null when `ctx` may; else why not, in words.
 */
export function mayApprove(held: Pick<ApprovalRow, "tier" | "requestedBy">, ctx: Pick<CallContext, "actor" | "admin">): string | null {
  if (held.tier === "RED" && ctx.admin !== true) return "only a Home Assistant admin can approve a destructive (RED) action";
  if (ctx.admin !== true && held.requestedBy !== ctx.actor) return "only the person who asked for this action or a Home Assistant admin can approve it";
  return null;
}
