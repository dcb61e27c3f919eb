// The cluster as subscribe_cluster sends it: the types the server builds and the card draws. Types only, with
// no imports, so the card's bundle can import them from here instead of keeping a copy that drifts.

export interface NodeView {
  name: string;
  online: boolean;
  cpu_pct: number;
  mem_used_gib: number;
  mem_total_gib: number;
  mem_pct: number;
  disk_used_gib: number;
  disk_total_gib: number;
  disk_pct: number;
  temperature_c: number | null;
  uptime_s: number;
}

export interface GuestView {
  vmid: number;
  name: string;
  node: string;
  kind: "qemu" | "lxc";
  status: string;
  template: boolean;
  cpu_pct: number;
  mem_used_gib: number;
  mem_max_gib: number;
  uptime_s: number;
}

export interface StorageView {
  storage: string;
  node: string;
  /** Shared storage (NFS, Ceph...) is the same volume on every node. */
  shared: boolean;
  used_gib: number;
  total_gib: number;
  used_pct: number;
}

export interface ClusterView {
  updated_at: string;
  demo: boolean;
  nodes: NodeView[];
  guests: GuestView[];
  storage: StorageView[];
}

export interface Sample {
  /** Epoch ms. */
  t: number;
  cpu_pct: number;
  mem_pct: number;
}

/** Sparkline samples per node ("node/<name>") and guest ("guest/<vmid>"), oldest first. */
export type History = Record<string, Sample[]>;

/** The result of subscribe_cluster. */
export interface SubscribeResult {
  snapshot: ClusterView;
  history: History;
}
