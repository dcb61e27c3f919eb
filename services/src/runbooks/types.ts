// Runbooks as data: what sets one off (a trigger), what it looks at (read-only tool calls), how it decides from
// what it found (a pure function), and what it does (tool calls). Every call goes through the tool registry,
// so tiers apply unchanged; the engine (engine.ts) runs them within the runbook's limits.
import type { RunbookOptions } from "../config/index.js";

export type RunbookId = RunbookOptions["id"];

export const TRIGGER_KINDS = [
  "guest_stopped",
  "node_offline",
  "storage_full",
  "node_hot",
  "service_failed",
  "backup_failed",
  "node_fenced",
  "replication_failed",
  "updates_available",
  "person_seen",
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** A condition from the cluster monitor, a Proxmox notification, or a camera or Home Assistant event. */
export interface Trigger {
  kind: TriggerKind;
  /** What it is about; a runbook has one run at a time per subject ("guest/101", "node/pve2", "backup/pve3"). */
  subject: string;
  node: string | null;
  vmid?: number;
  storage?: string;
  service?: string;
  /** The Proxmox task it is about, when one is known. */
  upid?: string;
  /** The event that set it off. */
  eventId: number;
  title: string;
  /** When that event happened (ms). */
  at: number;
  data: Record<string, unknown>;
}

/** One tool call a runbook makes: to look (GREEN only) or to act. */
export interface Call {
  tool: string;
  args: Record<string, unknown>;
}

export interface Look extends Call {
  /** The name its finding goes under. */
  step: string;
}

/** What one look found: the tool's data, or why there is none. */
export interface Finding {
  tool: string;
  args: Record<string, unknown>;
  ok: boolean;
  data?: unknown;
  error?: string;
}

export type Findings = Readonly<Record<string, Finding>>;

export type Severity = "info" | "warning" | "error" | "critical";

export type Decision =
  /** Nothing to do: a person or a task did it, or it has mended itself. */
  | { verdict: "leave"; reason: string }
  /** Tell the household; nothing to do on its own. */
  | { verdict: "report"; summary: string; reason: string; severity: Severity }
  /**
   * Do these, in order. `summary` says what it will do ("Start VM 101 (web) again"); `done` what it did. With
   * `severity` the finished run is an alert for the household, not only an action in the log.
   */
  | { verdict: "act"; summary: string; done: string; reason: string; acts: Call[]; severity?: Severity };

export interface DecideContext {
  /** Whether a tool is on offer (its integration is on). */
  has(tool: string): boolean;
}

export interface RunbookDef {
  id: RunbookId;
  /** What it does, in a few words ("Start a guest that stopped unexpectedly"). */
  title: string;
  when: readonly TriggerKind[];
  /**
   * What to look at next, given what was found so far: the engine runs each look whose step has no finding
   * yet, in order, until none is left (a second look may depend on the first's answer).
   */
  looks(t: Trigger, found: Findings): Look[];
  decide(t: Trigger, found: Findings, ctx: DecideContext): Decision;
  /** A subject whose last run began within this long is not taken up again (one report per failure). */
  cooldownMs?: number;
}

/** What a run's acts look like as it goes (kept in the run's state). */
export interface ActRecord extends Call {
  /**
   * pending: not begun; started: running on its own (a restart finding it so does not repeat it); holding:
   * asked the registry, which holds it; held: waiting for approval; done, failed, refused: how it ended.
   */
  status: "pending" | "started" | "holding" | "held" | "done" | "failed" | "refused";
  tier?: string;
  actionId?: string;
  /** Real time (ms) it was handed to the registry. */
  at?: number;
  result?: string;
  approvedBy?: string;
}

/** A run's state as stored: what it found, what it decided and what it did, so a restart can carry on. */
export interface RunState {
  findings: Record<string, Finding>;
  decision?: Decision;
  acts: ActRecord[];
}
