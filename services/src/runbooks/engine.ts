// The runbook engine: a deterministic loop over the event stream. An alert that is a trigger (triggers.ts)
// starts a run of each runbook that is on, wants it and may act on its subject; at most one run per runbook and
// subject is open at a time. A tick moves runs that wait (a held action decided, quiet hours over) and, after a
// restart, picks up the runs that were open. The household switch stops it all at once. The model has no part
// here: it only writes diagnoses for the alerts (advisor.ts).
import { randomUUID } from "node:crypto";
import type { RunbookOptions } from "../config/index.js";
import type { EventRow, EventsRepo } from "../store/events.js";
import type { RunRow } from "../store/runbook-runs.js";
import { targeted } from "./limits.js";
import { Run, type RunDeps } from "./run.js";
import type { HouseholdSwitch } from "./switch.js";
import { triggerOf } from "./triggers.js";
import type { RunbookDef, RunbookId, RunState, Trigger } from "./types.js";

export interface EngineDeps extends RunDeps {
  events: Pick<EventsRepo, "subscribe">;
  catalog: Readonly<Record<RunbookId, RunbookDef>>;
  /** The runbooks that are on, with their limits. */
  options: readonly RunbookOptions[];
  switch: Pick<HouseholdSwitch, "enabled">;
  /** How often waiting runs are looked at; default 15 s. */
  tickMs?: number;
  /** Called on every tick (the digest hangs off it). */
  onTick?: () => void;
}

const DEFAULT_TICK_MS = 15_000;
/** Finished runs are kept this long (the digest and the hourly limits need a day at most). */
const KEEP_RUNS_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
/** The key a pending look at the waiting runs holds among the busy ones (run ids are UUIDs). */
const NUDGE = "nudge";

export class RunbookEngine {
  private readonly busy = new Map<string, Promise<void>>();
  private readonly options: Map<RunbookId, RunbookOptions>;
  private stopWatching: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private prunedAt = -Infinity;

  constructor(private readonly deps: EngineDeps) {
    this.options = new Map(deps.options.map((o) => [o.id, o]));
  }

  /** Watches the event stream, picks up the runs a restart left open, and ticks. */
  start(): void {
    if (this.stopWatching) return;
    this.stopWatching = this.deps.events.subscribe((e) => this.onEvent(e));
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? DEFAULT_TICK_MS);
    this.timer.unref();
    this.tick();
  }

  /** Moves every open run that can move, forgets old finished ones, and runs the tick's extras. */
  tick(): void {
    if (this.closed) return;
    for (const row of this.deps.runs.unfinished()) this.advance(row.id);
    const now = this.deps.now();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      this.deps.runs.prune(new Date(now - KEEP_RUNS_MS));
    }
    try {
      this.deps.onTick?.();
    } catch (err) {
      this.deps.log.error({ err }, "runbook tick failed");
    }
  }

  /** Resolves once no run is moving (tests, and close). */
  async idle(): Promise<void> {
    while (this.busy.size > 0) await Promise.allSettled([...this.busy.values()]);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.stopWatching?.();
    await this.idle();
  }

  private onEvent(e: EventRow): void {
    if (this.closed) return;
    // A person's action may be the decision on a held one (approved and run, refused, denied): the runs
    // waiting on one look now. Runbooks' own calls are not.
    if (e.type === "action" && !String(e.data?.actor).startsWith("runbook:")) return this.nudge();
    const trigger = triggerOf(e);
    if (trigger) this.begin(trigger);
  }

  /**
   * Looks at the waiting runs once the registry is done with the decision: it records the call before it
   * marks the held action executed, so the look waits for the next turn of the event loop.
   */
  private nudge(): void {
    if (this.busy.has(NUDGE)) return;
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => {
        this.busy.delete(NUDGE);
        for (const row of this.deps.runs.unfinished()) if (row.status === "waiting") this.advance(row.id);
      })
      .finally(() => this.busy.delete(NUDGE));
    this.busy.set(NUDGE, task);
  }

  /** Starts a run of each runbook that is on, wants this trigger and may act on its subject. */
  begin(trigger: Trigger): void {
    if (!this.deps.switch.enabled) {
      this.deps.log.info({ trigger: trigger.kind, subject: trigger.subject }, "runbooks are switched off: trigger ignored");
      return;
    }
    for (const opts of this.options.values()) {
      const def = this.deps.catalog[opts.id];
      if (!def.when.includes(trigger.kind) || !targeted(opts, trigger)) continue;
      const now = this.deps.now();
      const last = def.cooldownMs ? this.deps.runs.lastFinished(def.id, trigger.subject) : undefined;
      if (last && now - last.createdAt.getTime() < def.cooldownMs!) continue;
      const state: RunState = { findings: {}, acts: [] };
      const row = this.deps.runs.create({ id: randomUUID(), runbook: def.id, subject: trigger.subject, status: "looking", trigger, state, createdAt: new Date(now) });
      if (!row) continue; // one is already open for this subject
      this.deps.log.info({ runbook: def.id, subject: trigger.subject, run: row.id }, `runbook ${def.id} taken up: ${trigger.title}`);
      this.advance(row.id);
    }
  }

  /** Moves one run, unless it is already moving. */
  private advance(id: string): void {
    if (this.busy.has(id) || this.closed) return;
    const row = this.deps.runs.get(id);
    if (!row || row.finishedAt) return;
    const task = this.move(row).finally(() => this.busy.delete(id));
    this.busy.set(id, task);
  }

  private async move(row: RunRow): Promise<void> {
    const def = this.deps.catalog[row.runbook as RunbookId];
    // A runbook taken off the list since: its open run still finishes what it waits on, and begins nothing new.
    const opts = this.options.get(row.runbook as RunbookId) ?? { id: row.runbook as RunbookId, maxPerHour: 0, targets: [], quietHours: null };
    if (!def) return;
    try {
      await new Run(row, def, opts, this.deps).advance(this.deps.switch.enabled && this.options.has(def.id));
    } catch (err) {
      this.deps.log.error({ err, runbook: row.runbook, run: row.id }, "runbook run failed");
    }
  }
}
