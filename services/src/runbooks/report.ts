// What a run tells people. Every run ends in (or passes through) an event with the runbook as the actor and
// its reasoning; those that need a person (an alert, a held action, an escalation) are also fired into Home
// Assistant as jarvis_runbook events, which automations turn into notifications or speech. An alert may carry
// the model's short diagnosis beside the runbook's own words.
import type { Logger } from "../log.js";
import type { EventRow, EventsRepo } from "../store/events.js";
import type { Advisor } from "./advisor.js";
import type { RunbookDef, RunState, Severity, Trigger } from "./types.js";

export type Outcome = "done" | "left_alone" | "reported" | "escalated" | "held" | "deferred" | "declined" | "expired" | "failed" | "interrupted";

export interface RunReport {
  runId: string;
  def: RunbookDef;
  trigger: Trigger;
  state: RunState;
  outcome: Outcome;
  /** What happened, in a few words. */
  title: string;
  /** Why, in the runbook's own words. */
  reason: string;
  severity: Severity;
  actionId?: string;
  /** In the runbook's quiet hours: automations may choose not to speak it. */
  quiet: boolean;
}

/** Home Assistant's side: fire an event on its bus (absent when HA is not configured). */
export interface Announcer {
  fire(eventType: string, data: Record<string, unknown>): Promise<void>;
}

const QUIET_OUTCOMES = new Set<Outcome>(["left_alone", "deferred", "declined", "expired"]);

export class Reporter {
  constructor(
    private readonly deps: { events: Pick<EventsRepo, "add">; announcer: Announcer | null; advisor: Advisor | null; log: Logger },
  ) {}

  async report(r: RunReport): Promise<EventRow> {
    const alert = r.outcome === "done" ? r.severity !== "info" : !QUIET_OUTCOMES.has(r.outcome);
    const type = alert ? "alert" : r.outcome === "done" ? "action" : "status";
    const diagnosis = alert && this.deps.advisor?.available
      ? await this.deps.advisor.diagnose({ runbook: r.def.title, title: r.title, reason: r.reason, findings: r.state.findings })
      : null;
    const row = this.deps.events.add({
      type,
      severity: alert ? r.severity : "info",
      source: "jarvis",
      title: `Runbook: ${r.title}`,
      message: diagnosis ? `${r.reason}\n\nDiagnosis: ${diagnosis}` : r.reason,
      node: r.trigger.node,
      data: {
        runbook: r.def.id,
        actor: `runbook:${r.def.id}`,
        run_id: r.runId,
        subject: r.trigger.subject,
        outcome: r.outcome,
        reason: r.reason,
        trigger: { event_id: r.trigger.eventId, kind: r.trigger.kind, title: r.trigger.title },
        looked: Object.entries(r.state.findings).map(([step, f]) => ({ step, tool: f.tool, ok: f.ok, ...(f.error ? { error: f.error } : {}) })),
        acts: r.state.acts.map((a) => ({ tool: a.tool, args: a.args, status: a.status, tier: a.tier, action_id: a.actionId, result: a.result, approved_by: a.approvedBy })),
        ...(r.actionId ? { action_id: r.actionId } : {}),
        ...(diagnosis ? { diagnosis } : {}),
        quiet: r.quiet,
      },
    });
    if (alert) {
      this.announce("jarvis_runbook", {
        runbook: r.def.id,
        outcome: r.outcome,
        title: r.title,
        message: r.reason,
        severity: r.severity,
        event_id: row.id,
        ...(r.actionId ? { action_id: r.actionId } : {}),
        ...(diagnosis ? { diagnosis } : {}),
        quiet: r.quiet,
      });
    }
    return row;
  }

  /** Fire and forget: Home Assistant being away never holds up a run. */
  announce(eventType: string, data: Record<string, unknown>): void {
    this.deps.announcer?.fire(eventType, data).catch((err: unknown) => this.deps.log.warn({ err, eventType }, "Home Assistant was not told"));
  }
}
