// What the cluster monitor's resource read cannot see, read at a slower pace: backup tasks that failed
// (Proxmox's task list) and Proxmox's services that failed on a node. Each becomes an alert event once, as the
// monitor's conditions do; a service that runs again clears its alert. Failures from before Jarvis started are
// not news: the first read only learns which tasks exist.
import type { NodeService } from "../clients/proxmox/care-types.js";
import type { ClusterResource, TaskSummary } from "../clients/proxmox/types.js";
import type { Logger } from "../log.js";
import type { EventRow, NewEvent } from "../store/events.js";

export interface NodeWatchOptions {
  proxmox: {
    resources(type: "node"): Promise<ClusterResource[]>;
    tasks(opts: { limit?: number; errorsOnly?: boolean }): Promise<TaskSummary[]>;
    nodeServices(node: string): Promise<NodeService[]>;
  };
  events: { add(event: NewEvent): EventRow; resolve(id: number): boolean };
  /** Default one minute. */
  intervalMs?: number;
}

const DEFAULT_INTERVAL_MS = 60_000;
/** Remembered task ids are pruned past this many (Proxmox's own list is shorter). */
const SEEN_MAX = 2_000;

export class NodeWatcher {
  private readonly seen = new Set<string>();
  /** service/<node>/<name> -> its open alert. */
  private readonly failed = new Map<string, number>();
  private primed = false;
  private failing = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly o: NodeWatchOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.o.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
    void this.poll();
  }

  /** One read of tasks and services (joining one under way). Never throws. */
  poll(): Promise<void> {
    this.running ??= this.read()
      .then(() => {
        if (this.failing) this.log.info("node watcher: Proxmox answers again");
        this.failing = false;
      })
      .catch((err: unknown) => {
        if (!this.failing) this.log.warn({ err }, "node watcher: Proxmox did not answer");
        this.failing = true;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async read(): Promise<void> {
    const nodes = (await this.o.proxmox.resources("node")).filter((r) => r.status === "online" && r.node).map((r) => r.node!);
    await this.readTasks();
    const lists = await Promise.allSettled(nodes.map((n) => this.o.proxmox.nodeServices(n)));
    lists.forEach((l, i) => {
      if (l.status === "fulfilled") this.readServices(nodes[i]!, l.value);
    });
  }

  private async readTasks(): Promise<void> {
    const tasks = await this.o.proxmox.tasks({ limit: 50, errorsOnly: true });
    for (const t of tasks) {
      // A running task has no status yet: it is news when it ends.
      if (t.status === undefined || this.seen.has(t.upid)) continue;
      this.seen.add(t.upid);
      if (this.primed && t.type === "vzdump" && t.status !== "OK") this.backupFailed(t);
    }
    this.primed = true;
    if (this.seen.size > SEEN_MAX) for (const upid of [...this.seen].slice(0, this.seen.size - SEEN_MAX)) this.seen.delete(upid);
  }

  private backupFailed(t: TaskSummary): void {
    const vmid = /^\d+$/.test(t.id) ? Number(t.id) : undefined;
    this.o.events.add({
      type: "alert",
      severity: "error",
      source: "monitor",
      title: vmid ? `Backup of guest ${vmid} failed on ${t.node}` : `A backup job failed on ${t.node}`,
      message: `Proxmox's vzdump task ended with "${t.status}".`,
      node: t.node,
      data: { kind: "backup_failed", condition: `task/${t.upid}`, upid: t.upid, vmid, task_type: t.type, exitstatus: t.status, user: t.user },
    });
  }

  private readServices(node: string, services: NodeService[]): void {
    for (const s of services) {
      const key = `service/${node}/${s.service}`;
      const open = this.failed.get(key);
      if (s["active-state"] === "failed" && open === undefined) {
        const row = this.o.events.add({
          type: "alert",
          severity: "warning",
          source: "monitor",
          title: `Service ${s.service} failed on ${node}`,
          message: `${s.desc ?? s.service} is in systemd state failed (${s.state}).`,
          node,
          data: { kind: "service_failed", condition: key, service: s.service },
        });
        this.failed.set(key, row.id);
      } else if (s["active-state"] === "active" && open !== undefined) {
        this.o.events.add({
          type: "status",
          source: "monitor",
          title: `Service ${s.service} on ${node} runs again`,
          node,
          data: { kind: "service_failed", condition: key, service: s.service },
        });
        this.o.events.resolve(open);
        this.failed.delete(key);
      }
    }
  }
}
