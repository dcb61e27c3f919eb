// The emulated cluster's state and what writes do to it. Guests change state only when their task ends, as on
// a real node; the checks Proxmox makes before forking a worker (LXC's "already running") fail the HTTP call,
// the ones it makes inside the worker (QEMU's) fail the task.
import { noSuchGuest, PveError } from "./errors.js";
import { BACKUPS, GUESTS, STORAGES, type BackupSeed, type StorageSeed } from "./fixture.js";
import { NodeServices } from "./services.js";
import { TaskBook } from "./tasks.js";

export type GuestKind = "qemu" | "lxc";
export type PowerAction = "start" | "shutdown" | "stop" | "reboot";

export interface Snapshot {
  name: string;
  description: string;
  snaptime: number;
  vmstate: boolean;
  parent?: string;
}

export interface Guest {
  vmid: number;
  kind: GuestKind;
  name: string;
  node: string;
  status: "running" | "stopped";
  template: boolean;
  cores: number;
  maxmem: number;
  maxdisk: number;
  tags?: string;
  /** ms timestamp of the last start, while running. */
  startedAt?: number;
  snapshots: Snapshot[];
  /** The snapshot the current state descends from. */
  parent?: string;
}

export interface NodeState {
  name: string;
  nodeid: number;
  online: boolean;
  bootedAt: number;
  cores: number;
  maxmem: number;
  /** Whether this node carries the popular "sensors in node status" patch (see views.ts). */
  sensors: boolean;
  /** Its network card, which a Wake-on-LAN packet for this MAC powers on (see wol.ts). */
  mac: string;
  /** A node running hot (Faults.heat): its CPU load (0..1) and package temperature in place of the usual wave. */
  heat?: { cpu: number; celsius: number };
}

/** What Proxmox's notification system is told (see notify.ts): the template's data for one event. */
export interface PveNotification {
  severity: "info" | "notice" | "warning" | "error" | "unknown";
  title: string;
  message: string;
  fields: Record<string, string>;
}

const GiB = 1024 ** 3;

export class ClusterState {
  readonly name = "homelab";
  readonly nodes: NodeState[];
  readonly guests = new Map<number, Guest>();
  // Copies per cluster: a test that fills a storage or prunes backups leaves the seeds alone.
  readonly storages: readonly StorageSeed[] = STORAGES.map((s) => ({ ...s }));
  readonly backups: BackupSeed[] = BACKUPS.map((b) => ({ ...b }));
  readonly tasks: TaskBook;
  readonly services = new NodeServices();
  /** Where notifications go (the emulator's webhook target); none by default. */
  notify: (n: PveNotification) => void = () => {};
  /** Guests that crash this long after a start, how many more times (Faults.crashAfterStart). */
  readonly crashPlans = new Map<number, { afterMs: number; times: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(nodeCount: number, taskMs: () => number) {
    const now = Date.now();
    this.tasks = new TaskBook(taskMs);
    this.nodes = Array.from({ length: nodeCount }, (_, i) => ({
      name: `pve${i + 1}`,
      nodeid: i + 1,
      online: true,
      bootedAt: now - (12 + 5 * i) * 86_400_000,
      cores: 8,
      maxmem: 32 * GiB,
      sensors: i === 0,
      mac: `52:54:00:a0:00:${(i + 1).toString(16).padStart(2, "0")}`,
    }));
    GUESTS.forEach((seed, i) => {
      const node = this.nodes[i % nodeCount]!.name;
      const snapshots = (seed.snapshots ?? []).map((name, j) => ({
        name,
        description: `${name} (emulator seed)`,
        snaptime: Math.floor(now / 1000) - 86_400 * (7 - j),
        vmstate: false,
      }));
      this.guests.set(seed.vmid, {
        vmid: seed.vmid,
        kind: seed.kind,
        name: seed.name,
        node,
        status: seed.running ? "running" : "stopped",
        template: seed.template ?? false,
        cores: seed.cores,
        maxmem: seed.memGiB * GiB,
        maxdisk: seed.diskGiB * GiB,
        tags: seed.tags,
        startedAt: seed.running ? now - (3 + seed.vmid % 7) * 3_600_000 : undefined,
        snapshots,
        parent: snapshots.at(-1)?.name,
      });
      if (seed.running) this.tasks.seed(node, "vzdump", String(seed.vmid), 86_400, 120, "OK");
    });
    this.tasks.seed(this.nodes[0]!.name, "aptupdate", "", 43_200, 20, "OK");
    this.tasks.seed(this.nodes[nodeCount - 1]!.name, "vzdump", "108", 80_000, 5, "job errors");
  }

  node(name: string): NodeState {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new PveError(500, `no such cluster node '${name}'`);
    return node;
  }

  /** A node's data can only be had while it is up; Proxmox's proxy answers 595 otherwise. */
  onlineNode(name: string): NodeState {
    const node = this.node(name);
    if (!node.online) throw new PveError(595, "No route to host");
    return node;
  }

  guest(node: string, kind: GuestKind, vmid: number): Guest {
    this.onlineNode(node);
    const g = this.guests.get(vmid);
    if (!g || g.node !== node || g.kind !== kind) throw noSuchGuest(node, kind, vmid);
    return g;
  }

  power(node: string, kind: GuestKind, vmid: number, action: PowerAction, user: string): string {
    const g = this.guest(node, kind, vmid);
    const label = kind === "qemu" ? "VM" : "CT";
    if (kind === "lxc" && action === "start" && g.status === "running") throw new PveError(500, `CT ${vmid} already running`);
    if (kind === "lxc" && action !== "start" && g.status !== "running") throw new PveError(500, `CT ${vmid} not running`);
    return this.tasks.start(node, `${kind === "qemu" ? "qm" : "vz"}${action}`, String(vmid), user, () => {
      if (action === "start") {
        if (g.template) return "you can't start a vm if it's a template";
        if (g.status === "running") return `${label} ${vmid} already running`;
        return this.setRunning(g, true);
      }
      if (action === "stop") return this.setRunning(g, false);
      if (g.status !== "running") return `${label} ${vmid} not running`;
      if (action === "shutdown") return this.setRunning(g, false);
      g.startedAt = Date.now();
    });
  }

  snapshotCreate(g: Guest, name: string, description: string, vmstate: boolean, user: string): string {
    if (name === "current") throw new PveError(500, "unable to use snapshot name 'current' (reserved name)");
    return this.tasks.start(g.node, `${g.kind === "qemu" ? "qm" : "vz"}snapshot`, String(g.vmid), user, () => {
      if (g.snapshots.some((s) => s.name === name)) return `snapshot name '${name}' already used`;
      g.snapshots.push({
        name,
        description,
        snaptime: Math.floor(Date.now() / 1000),
        vmstate: vmstate && g.status === "running",
        parent: g.parent,
      });
      g.parent = name;
    });
  }

  snapshotDelete(g: Guest, name: string, user: string): string {
    return this.tasks.start(g.node, `${g.kind === "qemu" ? "qm" : "vz"}delsnapshot`, String(g.vmid), user, () => {
      const snap = g.snapshots.find((s) => s.name === name);
      if (!snap) return `snapshot '${name}' does not exist`;
      g.snapshots = g.snapshots.filter((s) => s !== snap);
      for (const s of g.snapshots) if (s.parent === name) s.parent = snap.parent;
      if (g.parent === name) g.parent = snap.parent;
    });
  }

  snapshotRollback(g: Guest, name: string, start: boolean, user: string): string {
    return this.tasks.start(g.node, `${g.kind === "qemu" ? "qm" : "vz"}rollback`, String(g.vmid), user, () => {
      const snap = g.snapshots.find((s) => s.name === name);
      if (!snap) return `snapshot '${name}' does not exist`;
      g.parent = name;
      this.setRunning(g, snap.vmstate || start);
    });
  }

  /** Runs `fn` after `ms` unless the cluster is closed first. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  close(): void {
    this.tasks.close();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  setRunning(g: Guest, running: boolean): void {
    g.status = running ? "running" : "stopped";
    g.startedAt = running ? Date.now() : undefined;
    const plan = this.crashPlans.get(g.vmid);
    if (!running || !plan) return;
    const started = g.startedAt;
    // The guest dies on its own: no task, as when QEMU or the container's init exits (Faults.crash).
    this.later(plan.afterMs, () => {
      if (g.status !== "running" || g.startedAt !== started || this.crashPlans.get(g.vmid) !== plan) return;
      if (--plan.times <= 0) this.crashPlans.delete(g.vmid);
      this.setRunning(g, false);
    });
  }
}
