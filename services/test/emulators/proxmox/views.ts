// The JSON shapes Proxmox answers with, built from the cluster state. Numbers drift with time (sine waves per
// guest) so repeated reads look like a live system. Booleans are 0/1, as Proxmox's Perl serialiser sends them.
import type { ClusterState, Guest, GuestKind, NodeState } from "./cluster.js";
import type { TaskRecord } from "./tasks.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const bit = (b: boolean) => (b ? 1 : 0);
/** 0..1, slowly varying, different per seed. */
const wave = (seed: number, periodMs = 9_000) => 0.5 + 0.5 * Math.sin(Date.now() / periodMs + seed);
const seconds = (sinceMs: number | undefined) => (sinceMs === undefined ? 0 : Math.floor((Date.now() - sinceMs) / 1000));

function guestMetrics(g: Guest) {
  const on = g.status === "running";
  const up = seconds(g.startedAt);
  return {
    cpu: on ? Number((0.01 + 0.2 * wave(g.vmid)).toFixed(4)) : 0,
    mem: on ? Math.floor(g.maxmem * (0.25 + 0.3 * wave(g.vmid * 3, 20_000))) : 0,
    disk: g.kind === "lxc" ? Math.floor(g.maxdisk * 0.4) : 0,
    uptime: up,
    netin: on ? up * 1_500 : 0,
    netout: on ? up * 900 : 0,
    diskread: on ? up * 4_000 : 0,
    diskwrite: on ? up * 2_500 : 0,
  };
}

function guestCommon(g: Guest) {
  return {
    vmid: g.vmid,
    name: g.name,
    status: g.status,
    maxmem: g.maxmem,
    maxdisk: g.maxdisk,
    ...guestMetrics(g),
    ...(g.template ? { template: 1 } : {}),
    ...(g.tags ? { tags: g.tags } : {}),
  };
}

export function guestListItem(g: Guest) {
  const on = g.status === "running";
  return g.kind === "qemu"
    ? { ...guestCommon(g), cpus: g.cores, ...(on ? { pid: 10_000 + g.vmid, qmpstatus: "running" } : {}) }
    : { ...guestCommon(g), cpus: g.cores, maxswap: 512 * MiB, type: "lxc" };
}

export function guestCurrent(g: Guest) {
  return { ...guestListItem(g), ha: { managed: 0 }, ...(g.kind === "qemu" ? { agent: 1, qmpstatus: g.status } : {}) };
}

function nodeMetrics(n: NodeState, guests: Guest[]) {
  const running = guests.filter((g) => g.node === n.name && g.status === "running");
  const mem = 3 * GiB + running.reduce((sum, g) => sum + guestMetrics(g).mem, 0);
  return {
    cpu: n.heat?.cpu ?? Number((0.03 + running.length * 0.04 * wave(n.nodeid * 11)).toFixed(4)),
    maxcpu: n.cores,
    mem: Math.min(mem, n.maxmem),
    maxmem: n.maxmem,
    disk: 21 * GiB,
    maxdisk: 94 * GiB,
    uptime: seconds(n.bootedAt),
  };
}

export function resources(c: ClusterState, type?: string) {
  const guests = [...c.guests.values()];
  const out: object[] = [];
  if (!type || type === "node") {
    for (const n of c.nodes) {
      out.push(
        n.online
          ? { id: `node/${n.name}`, type: "node", node: n.name, status: "online", level: "", "cgroup-mode": 2, ...nodeMetrics(n, guests) }
          : { id: `node/${n.name}`, type: "node", node: n.name, status: "offline" },
      );
    }
  }
  if (!type || type === "vm") {
    for (const g of guests) {
      const online = c.node(g.node).online;
      out.push({
        id: `${g.kind}/${g.vmid}`,
        type: g.kind,
        node: g.node,
        maxcpu: g.cores,
        ...guestCommon(g),
        template: bit(g.template),
        ...(online ? {} : { status: "unknown" }),
      });
    }
  }
  if (!type || type === "storage") {
    for (const n of c.nodes) {
      for (const s of c.storages) {
        out.push({
          id: `storage/${n.name}/${s.storage}`,
          type: "storage",
          storage: s.storage,
          node: n.name,
          status: n.online ? "available" : "unknown",
          content: s.content,
          plugintype: s.type,
          shared: bit(s.shared),
          disk: s.usedGiB * GiB,
          maxdisk: s.totalGiB * GiB,
        });
      }
    }
  }
  return out;
}

export function clusterStatus(c: ClusterState, localNode: string) {
  return [
    { type: "cluster", id: "cluster", name: c.name, nodes: c.nodes.length, quorate: 1, version: c.nodes.length + 2 },
    ...c.nodes.map((n) => ({
      type: "node",
      id: `node/${n.name}`,
      name: n.name,
      nodeid: n.nodeid,
      ip: "127.0.0.1",
      online: bit(n.online),
      local: bit(n.name === localNode),
      level: "",
    })),
  ];
}

export function nodeList(c: ClusterState, fingerprint: string) {
  const guests = [...c.guests.values()];
  return c.nodes.map((n) => ({
    id: `node/${n.name}`,
    type: "node",
    node: n.name,
    status: n.online ? "online" : "offline",
    ssl_fingerprint: fingerprint,
    level: "",
    ...(n.online ? nodeMetrics(n, guests) : {}),
  }));
}

/**
 * Proxmox has no temperature endpoint. A well-known community patch adds the output of `sensors -j` to the
 * node status as the string field "thermalstate"; the first node carries it so clients can be tested both ways.
 */
function thermalState(n: NodeState): string {
  const pkg = n.heat?.celsius ?? 42 + 12 * wave(n.nodeid * 5, 30_000);
  return JSON.stringify({
    "coretemp-isa-0000": {
      Adapter: "ISA adapter",
      "Package id 0": { temp1_input: Number(pkg.toFixed(1)), temp1_max: 80, temp1_crit: 100 },
      "Core 0": { temp2_input: Number((pkg - 2).toFixed(1)), temp2_max: 80, temp2_crit: 100 },
    },
  });
}

export function nodeStatus(c: ClusterState, n: NodeState) {
  const m = nodeMetrics(n, [...c.guests.values()]);
  const load = (k: number) => (m.cpu * n.cores * k).toFixed(2);
  return {
    cpu: m.cpu,
    cpuinfo: { model: "Intel(R) Core(TM) i5-8500T CPU @ 2.10GHz", sockets: 1, cores: n.cores / 2, cpus: n.cores, mhz: "2100.000" },
    memory: { total: m.maxmem, used: m.mem, free: m.maxmem - m.mem, available: m.maxmem - m.mem },
    swap: { total: 8 * GiB, used: 0, free: 8 * GiB },
    rootfs: { total: m.maxdisk, used: m.disk, free: m.maxdisk - m.disk, avail: m.maxdisk - m.disk },
    loadavg: [load(1), load(0.9), load(0.8)],
    uptime: m.uptime,
    idle: 0,
    wait: 0.0012,
    kversion: "Linux 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4",
    pveversion: "pve-manager/8.3.0/c1689ccb1065a83b",
    "current-kernel": { sysname: "Linux", release: "6.8.12-4-pve", version: "#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4", machine: "x86_64" },
    "boot-info": { mode: "efi", secureboot: 0 },
    ksm: { shared: 0 },
    ...(n.sensors ? { thermalstate: thermalState(n) } : {}),
  };
}

export function guestList(c: ClusterState, node: string, kind: GuestKind) {
  return [...c.guests.values()].filter((g) => g.node === node && g.kind === kind).map(guestListItem);
}

export function snapshotList(g: Guest) {
  return [
    ...g.snapshots.map((s) => ({
      name: s.name,
      description: s.description,
      snaptime: s.snaptime,
      ...(g.kind === "qemu" ? { vmstate: bit(s.vmstate) } : {}),
      ...(s.parent ? { parent: s.parent } : {}),
    })),
    { name: "current", description: "You are here!", running: bit(g.status === "running"), ...(g.parent ? { parent: g.parent } : {}) },
  ];
}

export function taskItem(t: TaskRecord) {
  return { ...t, ...(t.exitstatus !== undefined ? { status: t.exitstatus } : {}), exitstatus: undefined };
}

export function taskStatus(t: TaskRecord) {
  return { ...t, status: t.exitstatus === undefined ? "running" : "stopped", endtime: undefined };
}
