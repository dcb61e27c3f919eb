// The simulated home lab: about ten guests spread over the nodes, a few snapshots, three storages and the
// backups on them. Node names are pve1..pveN; a guest's node is its index modulo the node count.
import type { GuestKind } from "./cluster.js";

export interface GuestSeed {
  vmid: number;
  kind: GuestKind;
  name: string;
  running: boolean;
  cores: number;
  memGiB: number;
  diskGiB: number;
  template?: true;
  tags?: string;
  snapshots?: string[];
}

export const GUESTS: readonly GuestSeed[] = [
  { vmid: 100, kind: "qemu", name: "haos", running: true, cores: 2, memGiB: 4, diskGiB: 32, tags: "home", snapshots: ["pre-update"] },
  { vmid: 101, kind: "lxc", name: "jarvis", running: true, cores: 2, memGiB: 2, diskGiB: 16 },
  { vmid: 102, kind: "qemu", name: "docker-host", running: true, cores: 4, memGiB: 8, diskGiB: 64, snapshots: ["before-upgrade"] },
  { vmid: 103, kind: "lxc", name: "pihole", running: true, cores: 1, memGiB: 0.5, diskGiB: 4, tags: "dns" },
  { vmid: 104, kind: "lxc", name: "nginx-proxy", running: true, cores: 1, memGiB: 0.5, diskGiB: 8 },
  { vmid: 105, kind: "qemu", name: "win11", running: false, cores: 4, memGiB: 8, diskGiB: 128 },
  { vmid: 106, kind: "lxc", name: "media", running: false, cores: 2, memGiB: 2, diskGiB: 32 },
  { vmid: 107, kind: "qemu", name: "k3s-node", running: false, cores: 2, memGiB: 4, diskGiB: 32 },
  { vmid: 108, kind: "lxc", name: "backup-test", running: false, cores: 1, memGiB: 1, diskGiB: 8 },
  { vmid: 9000, kind: "qemu", name: "debian-12-template", running: false, cores: 2, memGiB: 2, diskGiB: 8, template: true },
];

export interface StorageSeed {
  storage: string;
  type: string;
  content: string;
  shared: boolean;
  totalGiB: number;
  usedGiB: number;
}

export const STORAGES: readonly StorageSeed[] = [
  { storage: "local", type: "dir", content: "iso,vztmpl,backup", shared: false, totalGiB: 94, usedGiB: 21 },
  { storage: "local-lvm", type: "lvmthin", content: "images,rootdir", shared: false, totalGiB: 800, usedGiB: 310 },
  { storage: "nas-backup", type: "nfs", content: "backup", shared: true, totalGiB: 3_600, usedGiB: 1_240 },
];

export interface BackupSeed {
  storage: string;
  vmid: number;
  daysAgo: number;
  sizeMiB: number;
  notes?: string;
}

/** Backups on "local" belong to the first node; those on the shared storage are seen from every node. */
export const BACKUPS: readonly BackupSeed[] = [
  { storage: "nas-backup", vmid: 100, daysAgo: 1, sizeMiB: 5_320, notes: "haos nightly" },
  { storage: "nas-backup", vmid: 100, daysAgo: 2, sizeMiB: 5_290, notes: "haos nightly" },
  { storage: "nas-backup", vmid: 101, daysAgo: 1, sizeMiB: 870 },
  { storage: "nas-backup", vmid: 102, daysAgo: 1, sizeMiB: 14_100 },
  { storage: "nas-backup", vmid: 103, daysAgo: 1, sizeMiB: 310 },
  { storage: "local", vmid: 106, daysAgo: 30, sizeMiB: 2_050, notes: "before move" },
];
