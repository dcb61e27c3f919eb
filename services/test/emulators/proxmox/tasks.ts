// Proxmox worker tasks: every write answers at once with a UPID and the work finishes later. A task stays
// "running" for the configured duration, then runs its effect and ends "stopped" with exitstatus "OK" or the
// error text the effect returned (what Proxmox records when a worker dies). Each task keeps a log, as a
// worker's log file, ending in "TASK OK" or "TASK ERROR: ..." as Proxmox writes it.
export interface TaskRecord {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  endtime?: number;
  exitstatus?: string;
}

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, "0");

/** "UPID:node:pid:pstart:starttime:type:id:user:" with the numbers in 8-digit upper-case hex. */
export function formatUpid(t: Omit<TaskRecord, "upid">): string {
  return `UPID:${t.node}:${hex8(t.pid)}:${hex8(t.pstart)}:${hex8(t.starttime)}:${t.type}:${t.id}:${t.user}:`;
}

export class TaskBook {
  private readonly tasks = new Map<string, TaskRecord>();
  /** A worker's log lines, kept apart from the record (the API serves them from /log, not in task lists). */
  private readonly logs = new Map<string, string[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextPid = 0x1a2b0;

  constructor(private readonly durationMs: () => number) {}

  /**
   * Starts a task; `effect` runs when it ends and returns an error text, or nothing for OK. `lines` are what
   * the worker logged before it ended (the end line is added).
   */
  start(node: string, type: string, id: string, user: string, effect: () => string | void, lines: () => string[] = () => []): string {
    const now = Date.now();
    const record = { node, pid: this.nextPid++, pstart: 4_200_000 + (now % 100_000), starttime: Math.floor(now / 1000), type, id, user };
    const upid = formatUpid(record);
    const task: TaskRecord = { upid, ...record };
    this.tasks.set(upid, task);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      let failure: string | void;
      try {
        failure = effect();
      } catch (err) {
        failure = err instanceof Error ? err.message : String(err);
      }
      task.exitstatus = failure ?? "OK";
      task.endtime = Math.floor(Date.now() / 1000);
      this.logs.set(upid, [...lines(), failure === undefined ? "TASK OK" : `TASK ERROR: ${failure}`]);
    }, this.durationMs());
    timer.unref();
    this.timers.add(timer);
    return upid;
  }

  /** Adds a finished task from the past (the history a fresh cluster shows), with its log when given. */
  seed(node: string, type: string, id: string, agoS: number, tookS: number, exitstatus: string, lines: string[] = []): string {
    const starttime = Math.floor(Date.now() / 1000) - agoS;
    const record = { node, pid: this.nextPid++, pstart: 3_900_000 + agoS, starttime, type, id, user: "root@pam" };
    const upid = formatUpid(record);
    this.tasks.set(upid, { upid, ...record, endtime: starttime + tookS, exitstatus });
    this.logs.set(upid, [...lines, exitstatus === "OK" ? "TASK OK" : `TASK ERROR: ${exitstatus}`]);
    return upid;
  }

  /** A task's log lines so far (a running task's are not written yet: Proxmox shows "no content"). */
  log(upid: string): string[] {
    return this.logs.get(upid) ?? [];
  }

  get(upid: string): TaskRecord | undefined {
    return this.tasks.get(upid);
  }

  /** Newest first, optionally one node's. */
  list(node?: string): TaskRecord[] {
    return [...this.tasks.values()]
      .filter((t) => node === undefined || t.node === node)
      .sort((a, b) => b.starttime - a.starttime || b.pid - a.pid);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
