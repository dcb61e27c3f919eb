// Shapes of the Proxmox reads and writes that looking after a cluster needs beyond the guests themselves: a
// task's log, a node's services, what a backup prune would remove.

/** One line of a task's log (GET /nodes/{node}/tasks/{upid}/log). */
export interface TaskLogLine {
  n: number;
  t: string;
}

/** One of the services Proxmox lists for a node, with systemd's states. */
export interface NodeService {
  service: string;
  name: string;
  desc?: string;
  /** systemd SubState ("running", "dead", "failed"...). */
  state: string;
  /** systemd ActiveState ("active", "inactive", "failed"...). */
  "active-state": string;
  "unit-state"?: string;
}

/** A backup as a prune would treat it (GET .../prunebackups). */
export interface PruneMark {
  volid: string;
  vmid?: number;
  type: string;
  ctime: number;
  mark: "keep" | "remove" | "protected" | "renamed";
}
