// The states the cluster monitor alerts on, decided from successive ClusterViews: a node offline, a guest
// that stopped behind Jarvis's back, storage filling up, CPU or memory high for a sustained time, a node
// running hot. Each condition is raised once when it starts and cleared once when it ends (with a little
// hysteresis so a value hovering at the threshold does not flap); nothing repeats while a state holds.
import type { ClusterView, GuestView, NodeView } from "./cluster-view.js";

export interface Thresholds {
  storagePct: number;
  cpuPct: number;
  memPct: number;
  /** How long CPU or memory must stay high before it is an alert. */
  sustainMs: number;
  temperatureC: number;
}

export const THRESHOLD_DEFAULTS: Thresholds = {
  storagePct: 85,
  cpuPct: 90,
  memPct: 90,
  sustainMs: 5 * 60_000,
  temperatureC: 80,
};

/** How far below the threshold a value must fall before the condition counts as over. */
const MARGIN = { storagePct: 2, cpuPct: 5, memPct: 5, temperatureC: 5 };

export type ConditionKind = "node_offline" | "guest_stopped" | "storage_full" | "cpu_high" | "memory_high" | "temperature_high";

export interface ConditionChange {
  key: string;
  kind: ConditionKind;
  change: "raised" | "cleared";
  severity: "info" | "warning" | "critical";
  title: string;
  message: string;
  node: string | null;
  data: Record<string, unknown>;
}

interface Check {
  key: string;
  kind: ConditionKind;
  /** The bad state holds now. */
  bad: boolean;
  /** The state is good again (bad may be false while clear is too: inside the hysteresis band). */
  clear: boolean;
  sustainMs?: number;
  severity: "warning" | "critical";
  node: string | null;
  raised: () => { title: string; message: string };
  cleared: () => { title: string; message: string };
  data: Record<string, unknown>;
}

const guestLabel = (g: GuestView) => `${g.kind === "qemu" ? "VM" : "Container"} ${g.vmid} (${g.name})`;
const whole = (n: number) => Math.round(n);

export class ClusterConditions {
  private readonly active = new Set<string>();
  /** Since when a sustained condition has been bad, while it is not yet raised. */
  private readonly badSince = new Map<string, number>();
  private previous: ClusterView | null = null;

  constructor(private readonly t: Thresholds = THRESHOLD_DEFAULTS) {}

  /** Conditions raised right now (keys), for diagnostics and tests. */
  get raised(): string[] {
    return [...this.active];
  }

  /**
   * The changes this view brings. `actedOn(vmid)` says whether a Jarvis action touched the guest recently:
   * a guest Jarvis stopped did not stop unexpectedly.
   */
  evaluate(view: ClusterView, now: number, actedOn: (vmid: number) => boolean): ConditionChange[] {
    const checks = [
      ...view.nodes.flatMap((n) => this.nodeChecks(n)),
      ...this.guestChecks(view, actedOn),
      ...this.storageChecks(view),
    ];
    this.previous = view;
    const changes: ConditionChange[] = [];
    for (const c of checks) {
      const change = this.step(c, now);
      if (change) changes.push(change);
    }
    // A guest that is gone (deleted or migrated away) takes its condition with it, silently.
    const vmids = new Set(view.guests.map((g) => `guest/${g.vmid}`));
    for (const key of this.active) if (key.startsWith("guest/") && !vmids.has(key.split(":")[0]!)) this.active.delete(key);
    return changes;
  }

  private step(c: Check, now: number): ConditionChange | null {
    const base = { key: c.key, kind: c.kind, node: c.node, data: { condition: c.key, kind: c.kind, ...c.data } };
    if (this.active.has(c.key)) {
      if (!c.clear) return null;
      this.active.delete(c.key);
      return { ...base, change: "cleared", severity: "info", ...c.cleared() };
    }
    if (!c.bad) {
      this.badSince.delete(c.key);
      return null;
    }
    if (c.sustainMs) {
      const since = this.badSince.get(c.key) ?? now;
      this.badSince.set(c.key, since);
      if (now - since < c.sustainMs) return null;
    }
    this.badSince.delete(c.key);
    this.active.add(c.key);
    return { ...base, change: "raised", severity: c.severity, ...c.raised() };
  }

  private nodeChecks(n: NodeView): Check[] {
    const down: Check = {
      key: `node/${n.name}:offline`,
      kind: "node_offline",
      bad: !n.online,
      clear: n.online,
      severity: "critical",
      node: n.name,
      data: {},
      raised: () => ({ title: `Node ${n.name} is offline`, message: `Proxmox reports node ${n.name} offline: its guests cannot be reached.` }),
      cleared: () => ({ title: `Node ${n.name} is back online`, message: `Node ${n.name} answers again.` }),
    };
    // An offline node has no readings: its other conditions keep their state until it is back.
    if (!n.online) return [down];
    const t = this.t;
    const level = (key: string, kind: ConditionKind, what: string, value: number, limit: number, margin: number, unit: string, sustainMs?: number): Check => ({
      key: `node/${n.name}:${key}`,
      kind,
      bad: value >= limit,
      clear: value < limit - margin,
      sustainMs,
      severity: "warning",
      node: n.name,
      data: { value, threshold: limit },
      raised: () => ({
        title: `High ${what} on ${n.name}: ${whole(value)}${unit}`,
        message: sustainMs
          ? `${what} on ${n.name} has been at or above ${limit}${unit} for ${Math.round(sustainMs / 60_000)} minutes.`
          : `${what} on ${n.name} is at or above ${limit}${unit}.`,
      }),
      cleared: () => ({ title: `${what} on ${n.name} is back to normal (${whole(value)}${unit})`, message: `${what} is below ${limit}${unit} again.` }),
    });
    const checks = [down, level("cpu", "cpu_high", "CPU", n.cpu_pct, t.cpuPct, MARGIN.cpuPct, "%", t.sustainMs)];
    checks.push(level("memory", "memory_high", "Memory", n.mem_pct, t.memPct, MARGIN.memPct, "%", t.sustainMs));
    if (n.temperature_c !== null) {
      checks.push(level("temperature", "temperature_high", "Temperature", n.temperature_c, t.temperatureC, MARGIN.temperatureC, " °C"));
    }
    return checks;
  }

  private guestChecks(view: ClusterView, actedOn: (vmid: number) => boolean): Check[] {
    const before = new Map((this.previous?.guests ?? []).map((g) => [g.vmid, g.status]));
    const online = new Set(view.nodes.filter((n) => n.online).map((n) => n.name));
    return view.guests.map((g) => ({
      key: `guest/${g.vmid}:stopped`,
      kind: "guest_stopped",
      bad: before.get(g.vmid) === "running" && g.status === "stopped" && online.has(g.node) && !actedOn(g.vmid),
      clear: g.status === "running",
      severity: "warning",
      node: g.node,
      data: { vmid: g.vmid, name: g.name },
      raised: () => ({
        title: `${guestLabel(g)} stopped unexpectedly`,
        message: `${guestLabel(g)} on ${g.node} was running at the last check and has stopped; no Jarvis action touched it.`,
      }),
      cleared: () => ({ title: `${guestLabel(g)} is running again`, message: `${guestLabel(g)} on ${g.node} is running.` }),
    }));
  }

  private storageChecks(view: ClusterView): Check[] {
    const limit = this.t.storagePct;
    const seen = new Set<string>();
    const checks: Check[] = [];
    for (const s of view.storage) {
      // A shared volume looks the same from every node: one condition, not one per node.
      const key = s.shared ? `storage/${s.storage}:full` : `storage/${s.node}/${s.storage}:full`;
      if (s.total_gib <= 0 || seen.has(key)) continue;
      seen.add(key);
      const where = s.shared ? `Shared storage ${s.storage}` : `Storage ${s.storage} on ${s.node}`;
      checks.push({
        key,
        kind: "storage_full",
        bad: s.used_pct >= limit,
        clear: s.used_pct < limit - MARGIN.storagePct,
        severity: s.used_pct >= 95 ? "critical" : "warning",
        node: s.shared ? null : s.node,
        data: { storage: s.storage, value: s.used_pct, threshold: limit, used_gib: s.used_gib, total_gib: s.total_gib },
        raised: () => ({
          title: `${where} is ${whole(s.used_pct)}% full`,
          message: `${whole(s.used_gib)} of ${whole(s.total_gib)} GiB used, at or above the ${limit}% threshold.`,
        }),
        cleared: () => ({ title: `${where} is below ${limit}% again`, message: `${whole(s.used_pct)}% used.` }),
      });
    }
    return checks;
  }
}
