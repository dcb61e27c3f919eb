// One run of a runbook, moved forward a state at a time: looking (read-only calls), deciding (the runbook's
// pure function), acting (each call through the registry, within the runbook's limits), waiting on a held
// action, or deferred to the end of quiet hours. Every step is written down before it runs: a restart finds
// an act marked started and does not repeat it, and finds a held action by its id and keeps waiting.
import { inQuietHours, quietHoursEnd, clock } from "./limits.js";
import type { RunbookOptions } from "../config/index.js";
import type { Logger } from "../log.js";
import type { ApprovalRow } from "../store/approvals.js";
import type { RunbookRunsRepo, RunRow, RunStatus } from "../store/runbook-runs.js";
import type { ToolOutcome } from "../tools/outcome.js";
import type { CallContext, ToolRegistry } from "../tools/registry.js";
import type { Outcome, Reporter } from "./report.js";
import type { ActRecord, Call, Decision, Finding, RunbookDef, RunState, Severity, Trigger } from "./types.js";

const HOUR_MS = 3_600_000;
/** An approved action still "approved" (not executed or failed) after this long was cut short by a restart. */
const APPROVED_RUNNING_MS = 15 * 60_000;
/** Looks a runbook may ask for in one run, however its looks() answers: a loop guard. */
const MAX_LOOKS = 12;

export interface RunDeps {
  registry: Pick<ToolRegistry, "execute" | "get" | "assess">;
  runs: RunbookRunsRepo;
  approvals: { get(id: string): ApprovalRow | undefined };
  reporter: Reporter;
  log: Logger;
  now: () => number;
}

const outcomeText = (o: ToolOutcome): string =>
  o.status === "ok" ? JSON.stringify(o.data).slice(0, 300) : o.status === "error" ? o.error : o.status === "refused" ? o.reason : `held as ${o.actionId}`;

const FINAL: Partial<Record<Outcome, RunStatus>> = {
  done: "done",
  left_alone: "left_alone",
  reported: "reported",
  escalated: "escalated",
  declined: "declined",
  expired: "expired",
  failed: "failed",
  interrupted: "interrupted",
};

export class Run {
  private row: RunRow;
  private readonly state: RunState;
  private readonly trigger: Trigger;

  constructor(
    row: RunRow,
    private readonly def: RunbookDef,
    private readonly opts: RunbookOptions,
    private readonly deps: RunDeps,
  ) {
    this.row = row;
    this.state = structuredClone(row.state as RunState);
    this.trigger = row.trigger as Trigger;
  }

  private get actor(): string {
    return `runbook:${this.def.id}`;
  }

  private ctx(): CallContext {
    return { actor: this.actor, channel: "runbook" };
  }

  private get now(): Date {
    return new Date(this.deps.now());
  }

  /**
   * Moves the run as far as it can go now. `enabled`: the household switch is on and the runbook still listed.
   * Off, a run that has not acted yet (looking, or deferred to the end of quiet hours) ends here rather than
   * act later on what is by then old news; one waiting on a held action still follows what a person decides.
   */
  async advance(enabled: boolean): Promise<void> {
    if (!enabled && (this.row.status === "looking" || this.row.status === "deferred")) {
      return this.finish("left_alone", `Left ${this.trigger.subject} alone`, "Runbooks were switched off before it acted.", "info");
    }
    switch (this.row.status) {
      case "looking":
        return this.look();
      case "acting":
        return this.act(true);
      case "waiting":
        return this.checkHeld();
      case "deferred":
        if (this.row.notBefore && this.row.notBefore.getTime() <= this.deps.now()) {
          this.state.findings = {};
          delete this.state.decision;
          this.state.acts = [];
          this.save({ status: "looking", notBefore: null });
          return this.look();
        }
        return;
      default:
        return;
    }
  }

  private save(patch: Parameters<RunbookRunsRepo["update"]>[1] = {}): void {
    this.row = this.deps.runs.update(this.row.id, { ...patch, state: this.state }, this.now);
  }

  private async finish(outcome: Outcome, title: string, reason: string, severity: Severity, actionId?: string): Promise<void> {
    this.save({ status: FINAL[outcome]!, finishedAt: this.now, actionId: actionId ?? this.row.actionId });
    await this.report(outcome, title, reason, severity, actionId);
  }

  private report(outcome: Outcome, title: string, reason: string, severity: Severity, actionId?: string) {
    const quiet = inQuietHours(this.opts.quietHours, this.now);
    return this.deps.reporter.report({ runId: this.row.id, def: this.def, trigger: this.trigger, state: this.state, outcome, title, reason, severity, actionId, quiet });
  }

  // ---- looking and deciding ----

  private async look(): Promise<void> {
    const found = this.state.findings;
    for (let n = 0; n < MAX_LOOKS; n++) {
      const next = this.def.looks(this.trigger, found).find((l) => !(l.step in found));
      if (!next) break;
      found[next.step] = await this.lookOnce(next);
      this.save();
    }
    const decision = this.def.decide(this.trigger, found, { has: (tool) => this.deps.registry.get(tool) !== undefined });
    this.state.decision = decision;
    this.save();
    return this.follow(decision);
  }

  /** A read through the registry; a runbook never looks with a tool that is more than GREEN for these arguments. */
  private async lookOnce(call: Call): Promise<Finding> {
    const base = { tool: call.tool, args: call.args };
    const tool = this.deps.registry.get(call.tool);
    if (!tool) return { ...base, ok: false, error: `${call.tool} is not available (its integration is off)` };
    const parsed = tool.input.safeParse(call.args);
    if (!parsed.success) return { ...base, ok: false, error: `bad arguments for ${call.tool}` };
    try {
      const { tier } = await this.deps.registry.assess(tool, parsed.data);
      if (tier !== "GREEN") return { ...base, ok: false, error: `${call.tool} is ${tier} here, and a runbook only looks with read-only calls` };
    } catch (err) {
      return { ...base, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    const out = await this.deps.registry.execute({ name: call.tool, args: call.args }, this.ctx());
    return out.status === "ok" ? { ...base, ok: true, data: out.data } : { ...base, ok: false, error: outcomeText(out) };
  }

  private async follow(d: Decision): Promise<void> {
    if (d.verdict === "leave") return this.finish("left_alone", `Left ${this.trigger.subject} alone`, d.reason, "info");
    if (d.verdict === "report") return this.finish("reported", d.summary, d.reason, d.severity);
    const now = this.now;
    const acted = this.deps.runs.actedSince(this.def.id, this.trigger.subject, new Date(now.getTime() - HOUR_MS));
    if (acted >= this.opts.maxPerHour) return this.escalate(d, acted);
    if (inQuietHours(this.opts.quietHours, now)) {
      const until = quietHoursEnd(this.opts.quietHours, now);
      this.save({ status: "deferred", notBefore: until });
      await this.report("deferred", `${d.summary} waits until ${clock(until)} (quiet hours)`, d.reason, "info");
      return;
    }
    this.state.acts = d.acts.map((a): ActRecord => ({ ...a, status: "pending" }));
    this.save({ status: "acting" });
    return this.act(false);
  }

  /** Past the hourly limit: the household hears of it once an hour; the runbook does nothing more on its own. */
  private async escalate(d: Extract<Decision, { verdict: "act" }>, acted: number): Promise<void> {
    const last = this.deps.runs.lastFinished(this.def.id, this.trigger.subject);
    const told = last?.status === "escalated" && last.finishedAt && this.deps.now() - last.finishedAt.getTime() < HOUR_MS;
    const limit = `It has acted on ${this.trigger.subject} ${acted} times in the last hour, its limit (${this.opts.maxPerHour}).`;
    if (told) return this.finish("left_alone", `Left ${this.trigger.subject} to you`, `${limit} The household was told at ${clock(last.finishedAt!)}.`, "info");
    return this.finish("escalated", `${this.trigger.title}: over to you`, `${d.reason} ${limit} Jarvis will not "${d.summary}" again on its own; please look at it.`, "error");
  }

  // ---- acting ----

  private async act(resumed: boolean): Promise<void> {
    const d = this.state.decision as Extract<Decision, { verdict: "act" }>;
    for (const a of this.state.acts) {
      if (a.status === "done") continue;
      if (a.status === "held") {
        this.save({ status: "waiting", actionId: a.actionId ?? null });
        return this.checkHeld();
      }
      if (a.status === "started" || a.status === "holding") {
        if (!resumed) throw new Error(`act ${a.tool} is ${a.status} in a run that was not resumed`);
        return this.recover(a, d);
      }
      if (a.status !== "pending") return;
      const tool = this.deps.registry.get(a.tool);
      const parsed = tool?.input.safeParse(a.args);
      if (!tool || !parsed?.success) {
        a.status = "refused";
        return this.finish("failed", `Could not ${d.summary.toLowerCase()}`, `${d.reason} ${a.tool} is not available with these arguments.`, "error");
      }
      let tier: string;
      try {
        tier = (await this.deps.registry.assess(tool, parsed.data)).tier;
      } catch (err) {
        a.status = "failed";
        a.result = err instanceof Error ? err.message : String(err);
        return this.finish("failed", `Could not ${d.summary.toLowerCase()}`, `${d.reason} Checking ${a.tool} failed: ${a.result}`, "error");
      }
      a.tier = tier;
      if (tier === "RED" || tier === "BLACK") {
        a.status = "refused";
        return this.finish("escalated", `${d.summary}: needs a person`, `${d.reason} ${a.tool} is ${tier} here, and a runbook never runs RED or BLACK actions: over to you.`, "error");
      }
      const held = tier === "ORANGE";
      a.status = held ? "holding" : "started";
      a.at = Date.now();
      this.save(held || this.row.actedAt ? {} : { actedAt: this.now });
      const out = await this.deps.registry.execute({ name: a.tool, args: a.args }, this.ctx());
      if (out.status === "approval_required") {
        a.status = "held";
        a.actionId = out.actionId;
        this.save({ status: "waiting", actionId: out.actionId });
        await this.report("held", `Waiting for approval: ${d.summary}`, `${d.reason} This is ${out.tier}: an admin approves it in the card or with jarvis.approve (action ${out.actionId}).`, d.severity ?? "warning", out.actionId);
        return;
      }
      a.result = outcomeText(out);
      if (out.status !== "ok") {
        a.status = out.status === "refused" ? "refused" : "failed";
        return this.finish("failed", `Could not ${d.summary.toLowerCase()}`, `${d.reason} ${a.tool}: ${a.result}`, "error");
      }
      a.status = "done";
      this.save();
    }
    return this.finish("done", d.done, `${d.reason}${this.approvals()}`, d.severity ?? "info");
  }

  private approvals(): string {
    const approved = this.state.acts.filter((a) => a.approvedBy);
    return approved.length === 0 ? "" : ` Approved by ${approved.map((a) => `${a.approvedBy} (${a.tool})`).join(", ")}.`;
  }

  /**
   * Jarvis stopped while an act was under way. One that was running on its own is not repeated: whether it
   * happened is for a person to check. One that was being held is found among the pending actions and waited
   * on as if nothing had happened.
   */
  private async recover(a: ActRecord, d: Extract<Decision, { verdict: "act" }>): Promise<void> {
    if (a.status === "holding") {
      const id = this.deps.runs.heldBy(this.actor, a.tool, new Date((a.at ?? 0) - 1_000));
      if (id) {
        a.status = "held";
        a.actionId = id;
        this.save({ status: "waiting", actionId: id });
        await this.report("held", `Waiting for approval: ${d.summary}`, `${d.reason} An admin approves it in the card or with jarvis.approve (action ${id}).`, d.severity ?? "warning", id);
        return;
      }
    }
    const what = a.status === "holding" ? "asking for approval to" : "about to";
    a.status = "failed";
    a.result = "interrupted by a restart of Jarvis";
    return this.finish("interrupted", `${d.summary}: not repeated after a restart`, `Jarvis restarted while it was ${what} ${d.summary.charAt(0).toLowerCase()}${d.summary.slice(1)}. It does not repeat an action that may already have run: please check ${this.trigger.subject}.`, "warning");
  }

  /** A run waiting on a held action follows what became of it. */
  private async checkHeld(): Promise<void> {
    const d = this.state.decision as Extract<Decision, { verdict: "act" }>;
    const a = this.state.acts.find((x) => x.status === "held");
    const held = a?.actionId ? this.deps.approvals.get(a.actionId) : undefined;
    if (!a || !held) return this.finish("failed", `Lost track of: ${d.summary}`, "The held action is no longer known.", "warning");
    const by = held.decidedBy ?? "someone";
    switch (held.status) {
      case "pending":
        if (held.expiresAt.getTime() > Date.now()) return;
        a.status = "failed";
        return this.finish("expired", `Not approved in time: ${d.summary}`, `${d.reason} Nobody approved it before it expired, so it was dropped.`, "info", held.id);
      case "approved":
        // Running now; its end is seen on a later check. One approved long ago was cut short by a restart.
        if (held.decidedAt && Date.now() - held.decidedAt.getTime() < APPROVED_RUNNING_MS) return;
        a.status = "failed";
        return this.finish("interrupted", `${d.summary}: unknown after a restart`, `It was approved by ${by}, but Jarvis restarted while it ran: please check ${this.trigger.subject}.`, "warning", held.id);
      case "executed":
        a.status = "done";
        a.approvedBy = by;
        a.result = JSON.stringify(held.result ?? null).slice(0, 300);
        this.save({ status: "acting" });
        return this.act(false);
      case "denied":
        a.status = "refused";
        a.result = `denied by ${by}`;
        return this.finish("declined", `Declined: ${d.summary}`, `${by} declined it.`, "info", held.id);
      case "expired":
        a.status = "failed";
        return this.finish("expired", `Not approved in time: ${d.summary}`, `${d.reason} Nobody approved it before it expired, so it was dropped.`, "info", held.id);
      case "failed":
        a.status = "failed";
        a.approvedBy = by;
        a.result = JSON.stringify(held.result ?? null).slice(0, 300);
        return this.finish("failed", `${d.summary} failed`, `${d.reason} It was approved by ${by} but did not succeed: ${a.result}`, "error", held.id);
    }
  }
}
