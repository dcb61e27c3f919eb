// The cluster monitor: one poller that feeds every consumer (HA's DataUpdateCoordinator shape). Each poll is
// one /cluster/resources read through the Proxmox client's cache (node temperatures at a slower pace), made
// into a ClusterView; the view feeds the sparkline history, the alert conditions (stored as events, so they
// reach the live feed), the periodic snapshot in the database, and every subscribe_cluster listener. A Jarvis
// action on a guest asks for an early, debounced refresh, so the card sees the change without waiting.
import type { ClusterResource, NodeTemperature } from "../clients/proxmox/types.js";
import type { Logger } from "../log.js";
import type { EventRow, NewEvent } from "../store/events.js";
import { ClusterConditions, THRESHOLD_DEFAULTS, type ConditionChange, type Thresholds } from "./cluster-conditions.js";
import { ClusterHistory, type Sample } from "./cluster-history.js";
import { buildClusterView, sameCluster, type ClusterView } from "./cluster-view.js";

export interface ClusterMonitorOptions {
  proxmox: { resources(): Promise<ClusterResource[]>; nodeTemperature(node: string): Promise<NodeTemperature> };
  events: {
    add(event: NewEvent): EventRow;
    list(q: { types: ["action"]; since: Date; limit: number }): EventRow[];
    resolve(id: number): boolean;
    subscribe(listener: (event: EventRow) => void): () => void;
  };
  /** Where periodic snapshots go; null keeps none. */
  snapshots: { add(data: unknown, at: Date): unknown; prune(before: Date): number } | null;
  demo?: boolean;
  intervalMs?: number;
  temperatureIntervalMs?: number;
  /** How much sparkline history is kept in memory. */
  historyMs?: number;
  snapshotIntervalMs?: number;
  snapshotRetentionMs?: number;
  thresholds?: Partial<Thresholds>;
  /** A guest that stops within this long of a Jarvis action on it stopped on purpose. */
  actionWindowMs?: number;
  refreshDebounceMs?: number;
  now?: () => number;
}

export const MONITOR_DEFAULTS = {
  intervalMs: 10_000,
  temperatureIntervalMs: 60_000,
  historyMs: 3 * 3_600_000,
  snapshotIntervalMs: 5 * 60_000,
  snapshotRetentionMs: 7 * 86_400_000,
  actionWindowMs: 60_000,
  refreshDebounceMs: 500,
};

export type ClusterListener = (view: ClusterView) => void;

const vmidOf = (data: Record<string, unknown> | null): number | undefined => {
  const vmid = (data?.args as { vmid?: unknown } | undefined)?.vmid;
  return typeof vmid === "number" ? vmid : undefined;
};

/**
 * Whether a Jarvis action could have stopped the guest: reads, starts and snapshots cannot. (A guest that
 * crashes a minute after Jarvis started it did stop unexpectedly.)
 */
const couldStop = (data: Record<string, unknown> | null): boolean =>
  data?.tier !== "GREEN" && !/^start_/.test(String(data?.tool)) && data?.tool !== "create_snapshot";

export class ClusterMonitor {
  private readonly o: typeof MONITOR_DEFAULTS & ClusterMonitorOptions;
  private readonly now: () => number;
  private readonly history: ClusterHistory;
  private readonly conditions: ClusterConditions;
  private readonly listeners = new Set<ClusterListener>();
  private readonly temperatures = new Map<string, number | null>();
  /** The open alert of each raised condition, resolved when the condition clears. */
  private readonly alertIds = new Map<string, number>();
  private latest: ClusterView | null = null;
  private inFlight: Promise<ClusterView> | null = null;
  private temperaturesAt = -Infinity;
  private snapshotAt = -Infinity;
  private failing = false;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private stopWatching: (() => void) | undefined;

  constructor(
    opts: ClusterMonitorOptions,
    private readonly log: Logger,
  ) {
    this.o = { ...MONITOR_DEFAULTS, ...opts };
    this.now = opts.now ?? Date.now;
    this.history = new ClusterHistory(this.o.historyMs, this.o.intervalMs);
    this.conditions = new ClusterConditions({ ...THRESHOLD_DEFAULTS, ...opts.thresholds });
  }

  /** The last view, or null before the first successful poll. */
  get view(): ClusterView | null {
    return this.latest;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.o.intervalMs);
    this.timer.unref();
    this.stopWatching = this.o.events.subscribe((e) => {
      if (e.type === "action" && e.source === "jarvis" && e.data?.decision === "ok" && vmidOf(e.data) !== undefined) this.requestRefresh();
    });
    void this.refresh().catch(() => undefined);
  }

  /** Polls now (joining a poll already running) and resolves with the new view. */
  refresh(): Promise<ClusterView> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Asks for a refresh soon; calls close together make one poll. */
  requestRefresh(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.refresh().catch(() => undefined), this.o.refreshDebounceMs);
    this.debounce.unref();
  }

  /** The current view, polling for it when there is none yet. */
  async current(): Promise<ClusterView> {
    return this.latest ?? this.refresh();
  }

  historySince(since: number): Record<string, Sample[]> {
    return this.history.since(since);
  }

  /** Calls `listener` with each view that differs from the one before, until the returned function is called. */
  subscribe(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.timer = undefined;
    this.stopWatching?.();
    this.listeners.clear();
    await this.inFlight?.catch(() => undefined);
  }

  private async poll(): Promise<ClusterView> {
    const now = this.now();
    let resources: ClusterResource[];
    try {
      resources = await this.o.proxmox.resources();
    } catch (err) {
      // Availability follows the last success: the last view stays, and the failure is logged once.
      if (!this.failing) this.log.warn({ err }, "cluster monitor: Proxmox did not answer; keeping the last view");
      this.failing = true;
      throw err;
    }
    if (this.failing) this.log.info("cluster monitor: Proxmox answers again");
    this.failing = false;
    await this.readTemperatures(resources, now);
    const view = buildClusterView(resources, this.temperatures, { demo: this.o.demo ?? false, at: new Date(now) });
    this.history.record(view, now);
    for (const change of this.conditions.evaluate(view, now, (vmid) => this.actedOn(vmid, now))) this.report(change);
    this.saveSnapshot(view, now);
    const changed = !this.latest || !sameCluster(this.latest, view);
    this.latest = view;
    if (changed) {
      for (const listener of this.listeners) {
        try {
          listener(view);
        } catch (err) {
          this.log.error({ err }, "cluster listener failed");
        }
      }
    }
    return view;
  }

  private async readTemperatures(resources: ClusterResource[], now: number): Promise<void> {
    if (now - this.temperaturesAt < this.o.temperatureIntervalMs) return;
    this.temperaturesAt = now;
    const online = resources.filter((r) => r.type === "node" && r.status === "online" && r.node).map((r) => r.node!);
    const readings = await Promise.allSettled(online.map((node) => this.o.proxmox.nodeTemperature(node)));
    this.temperatures.clear();
    readings.forEach((r, i) => this.temperatures.set(online[i]!, r.status === "fulfilled" ? r.value.celsius : null));
  }

  private actedOn(vmid: number, now: number): boolean {
    const since = new Date(now - this.o.actionWindowMs);
    return this.o.events.list({ types: ["action"], since, limit: 500 }).some((e) => vmidOf(e.data) === vmid && couldStop(e.data));
  }

  private report(c: ConditionChange): void {
    const event = { source: "monitor", severity: c.severity, title: c.title, message: c.message, node: c.node, data: c.data } as const;
    try {
      if (c.change === "raised") {
        this.alertIds.set(c.key, this.o.events.add({ type: "alert", ...event }).id);
      } else {
        this.o.events.add({ type: "status", ...event });
        const id = this.alertIds.get(c.key);
        if (id !== undefined) this.o.events.resolve(id);
        this.alertIds.delete(c.key);
      }
    } catch (err) {
      this.log.error({ err, condition: c.key }, "cluster monitor could not store an event");
    }
    this.log.info({ condition: c.key, change: c.change }, c.title);
  }

  private saveSnapshot(view: ClusterView, now: number): void {
    const store = this.o.snapshots;
    if (!store || now - this.snapshotAt < this.o.snapshotIntervalMs) return;
    this.snapshotAt = now;
    try {
      store.add(view, new Date(now));
      store.prune(new Date(now - this.o.snapshotRetentionMs));
    } catch (err) {
      this.log.error({ err }, "cluster monitor could not save a snapshot");
    }
  }
}
