// The daily digest (opt-in: DIGEST_TIME): once a day at that local time, what happened in the last 24 hours,
// what Jarvis did on its own, what waits for approval, and the day's spend. Delivered as an event (the card
// shows it) and fired into Home Assistant as jarvis_digest, for an automation to speak or notify. The day it
// was sent is kept, so a restart does not send it twice; one missed by less than two hours is sent late.
import type { EventsRepo } from "../store/events.js";
import type { RunRow } from "../store/runbook-runs.js";
import type { Reporter } from "./report.js";

export const DIGEST_PREFERENCE = "runbooks.digest.last";
const DAY_MS = 86_400_000;
const LATE_MS = 2 * 3_600_000;

/** An action held for approval, as the digest lists it. */
export interface WaitingAction {
  action_id: string;
  summary: string;
  requested_by: string | null;
}

export interface DigestDeps {
  /** Minutes after local midnight. */
  at: number;
  events: Pick<EventsRepo, "add" | "list">;
  runs: { since(from: Date): RunRow[] };
  prefs: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void };
  pending: () => WaitingAction[];
  /** USD spent on models since then. */
  spentSince: (since: Date) => number;
  dailyCostLimit: number;
  reporter: Pick<Reporter, "announce">;
  now: () => number;
}

const localDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

export class Digest {
  constructor(private readonly deps: DigestDeps) {}

  /** Sends today's digest if its time has come and it has not gone out yet; true when it was sent now. */
  maybeSend(): boolean {
    const now = new Date(this.deps.now());
    const due = new Date(now);
    due.setHours(Math.floor(this.deps.at / 60), this.deps.at % 60, 0, 0);
    const late = now.getTime() - due.getTime();
    if (late < 0 || late > LATE_MS || this.deps.prefs.get<string>(DIGEST_PREFERENCE) === localDate(now)) return false;
    this.deps.prefs.set(DIGEST_PREFERENCE, localDate(now));
    this.send(now);
    return true;
  }

  private send(now: Date): void {
    const since = new Date(now.getTime() - DAY_MS);
    const alerts = this.deps.events.list({ types: ["alert"], since, limit: 500 }).filter((e) => e.source !== "jarvis");
    const runs = this.deps.runs.since(since);
    const acted = runs.filter((r) => r.status === "done");
    const leftAlone = runs.filter((r) => r.status === "left_alone").length;
    const waiting = this.deps.pending();
    const spent = this.deps.spentSince(since);

    const counts = ["critical", "error", "warning", "info"]
      .map((s) => [s, alerts.filter((a) => a.severity === s).length] as const)
      .filter(([, n]) => n > 0);
    const bySeverity = counts.map(([s, n]) => `${n} ${s}`);
    const doneTitles = count(acted.map((r) => doneText(r)));
    const lines = [
      alerts.length === 0
        ? "What happened: no alerts."
        : `What happened: ${alerts.length} alert${alerts.length === 1 ? "" : "s"} (${bySeverity.join(", ")}): ${alerts.slice(0, 5).map((a) => a.title).join("; ")}${alerts.length > 5 ? "; ..." : ""}.`,
      acted.length === 0
        ? `What Jarvis did on its own: nothing${leftAlone > 0 ? ` (it looked ${leftAlone} time${leftAlone === 1 ? "" : "s"} and left things alone)` : ""}.`
        : `What Jarvis did on its own: ${doneTitles.join("; ")}${leftAlone > 0 ? `; left ${leftAlone} alone` : ""}.`,
      waiting.length === 0 ? "Waiting for approval: nothing." : `Waiting for approval: ${waiting.map((w) => w.summary).join("; ")}.`,
      `Spend: $${spent.toFixed(2)} on models in the last 24 hours (daily limit $${this.deps.dailyCostLimit.toFixed(2)}).`,
    ];
    const title = `Daily digest for ${localDate(now)}`;
    const message = lines.join("\n");
    const row = this.deps.events.add({
      type: "status",
      source: "jarvis",
      title,
      message,
      data: {
        digest: {
          since: since.toISOString(),
          alerts: alerts.length,
          alerts_by_severity: Object.fromEntries(counts),
          acted: acted.map((r) => ({ runbook: r.runbook, subject: r.subject, done: doneText(r) })),
          left_alone: leftAlone,
          waiting,
          spent_usd: Math.round(spent * 100) / 100,
        },
      },
    });
    this.deps.reporter.announce("jarvis_digest", { title, message, event_id: row.id });
  }
}

/** What a finished run did, in its runbook's words. */
function doneText(r: RunRow): string {
  const d = (r.state as { decision?: { verdict: string; done?: string } }).decision;
  return d?.verdict === "act" && d.done ? d.done : `${r.runbook} on ${r.subject}`;
}

/** "Started VM 107 again (2 times)" for repeats. */
function count(texts: string[]): string[] {
  const n = new Map<string, number>();
  for (const t of texts) n.set(t, (n.get(t) ?? 0) + 1);
  return [...n].map(([t, k]) => (k > 1 ? `${t} (${k} times)` : t));
}
