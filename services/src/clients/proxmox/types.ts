// Shapes of what the Proxmox VE API returns (only the fields Jarvis reads are typed; Proxmox sends 0/1 for
// booleans) and the client's own option types.
import type { Config } from "../../config/index.js";

export type ProxmoxConfig = NonNullable<Config["proxmox"]>;
export type GuestKind = "qemu" | "lxc";
export type PowerAction = "start" | "shutdown" | "stop" | "reboot";
export type ResourceType = "vm" | "storage" | "node";

/** A guest as the caller names it: the vmid alone is enough; node and kind are looked up when missing. */
export interface GuestRef {
  vmid: number;
  node?: string;
  kind?: GuestKind;
}

/** A guest whose node and kind are known. */
export interface GuestLocation {
  vmid: number;
  node: string;
  kind: GuestKind;
}

export interface ClusterStatusEntry {
  type: "cluster" | "node";
  id: string;
  name: string;
  nodes?: number;
  quorate?: 0 | 1;
  version?: number;
  nodeid?: number;
  ip?: string;
  online?: 0 | 1;
  local?: 0 | 1;
}

export interface ClusterResource {
  id: string;
  type: "node" | "storage" | "pool" | "qemu" | "lxc" | "openvz" | "sdn" | "network";
  node?: string;
  status?: string;
  name?: string;
  vmid?: number;
  storage?: string;
  /** Storage: the content types it holds ("images,rootdir", "backup"...) and whether every node sees it. */
  content?: string;
  shared?: 0 | 1;
  template?: 0 | 1;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  tags?: string;
}

export interface NodeStatus {
  cpu: number;
  cpuinfo: { model: string; cpus: number; cores: number; sockets: number };
  memory: { total: number; used: number; free: number; available?: number };
  rootfs: { total: number; used: number; free: number; avail: number };
  loadavg: string[];
  uptime: number;
  pveversion: string;
  [extra: string]: unknown;
}

export interface NodeTemperature {
  node: string;
  /** Highest reading in °C, or null when the node does not expose temperatures. */
  celsius: number | null;
  /** Every sensor reading found, by "chip/label". */
  sensors: Record<string, number>;
  note: string;
}

export interface GuestSummary {
  vmid: number;
  name?: string;
  status: "running" | "stopped";
  cpu?: number;
  cpus?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  template?: 0 | 1;
  tags?: string;
  qmpstatus?: string;
}

export interface StorageSummary {
  storage: string;
  type: string;
  content: string;
  shared?: 0 | 1;
  active?: 0 | 1;
  enabled?: 0 | 1;
  total?: number;
  used?: number;
  avail?: number;
  used_fraction?: number;
}

export interface BackupEntry {
  volid: string;
  format: string;
  size: number;
  ctime?: number;
  vmid?: number;
  subtype?: string;
  notes?: string;
  protected?: 0 | 1;
}

interface TaskBase {
  upid: string;
  node: string;
  type: string;
  id: string;
  user: string;
  starttime: number;
}

export interface TaskSummary extends TaskBase {
  endtime?: number;
  /** Exit status of a finished task ("OK" or an error); absent while running. */
  status?: string;
}

export interface TaskStatus extends TaskBase {
  status: "running" | "stopped";
  exitstatus?: string;
}

export interface Snapshot {
  name: string;
  description?: string;
  snaptime?: number;
  vmstate?: 0 | 1;
  parent?: string;
  /** Only on the pseudo-entry "current". */
  running?: 0 | 1;
}

export interface TaskProgress {
  upid: string;
  status: "running" | "stopped";
  elapsedMs: number;
}

export interface WaitOptions {
  /** Give up after this long (ClientError "timeout"); default 120 s. */
  timeoutMs?: number;
  /** Poll interval; default from the client's options. */
  intervalMs?: number;
  onProgress?: (p: TaskProgress) => void;
}
