// cluster (GREEN): the Proxmox cluster as a person asks about it: which nodes are up, how loaded, which
// guests run where, storage filling up, temperatures, recent tasks and backups. Reads go through the
// client's cache, so asking often costs the cluster nothing.
import { z } from "zod";
import type { ClusterResource, GuestKind } from "../clients/proxmox/types.js";
import type { ProxmoxClient } from "../clients/proxmox/client.js";
import { defineTool } from "./tool.js";
import { duration, gib, isoTime, pct, share } from "./units.js";

function guestView(r: ClusterResource) {
  return {
    vmid: r.vmid,
    name: r.name,
    node: r.node,
    status: r.status,
    template: r.template === 1 || undefined,
    cpu_pct: r.status === "running" ? pct(r.cpu) : undefined,
    cpus: r.maxcpu,
    mem_used_gib: r.status === "running" ? gib(r.mem) : undefined,
    mem_max_gib: gib(r.maxmem),
    uptime: duration(r.uptime),
    tags: r.tags || undefined,
  };
}

export function clusterTools(pve: ProxmoxClient, nodeNames: readonly string[]) {
  const node = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/).describe(`Node name (${nodeNames.join(", ")})`);
  const guestsOf = async (kind: GuestKind, onNode?: string) =>
    (await pve.resources("vm"))
      .filter((r) => r.type === kind && (!onNode || r.node === onNode))
      .sort((a, b) => (a.vmid ?? 0) - (b.vmid ?? 0))
      .map(guestView);

  return [
    defineTool({
      name: "get_cluster_status",
      category: "cluster",
      description: "The cluster at a glance: quorum, which nodes are online, and how many guests run.",
      input: z.object({}),
      tier: "GREEN",
      handler: async () => {
        const [status, resources] = await Promise.all([pve.clusterStatus(), pve.resources()]);
        const cluster = status.find((s) => s.type === "cluster");
        const guests = resources.filter((r) => r.type === "qemu" || r.type === "lxc");
        return {
          cluster: cluster?.name,
          quorate: cluster ? cluster.quorate === 1 : undefined,
          nodes: resources
            .filter((r) => r.type === "node")
            .map((n) => ({
              name: n.node,
              online: n.status === "online",
              cpu_pct: pct(n.cpu),
              mem_pct: share(n.mem, n.maxmem),
              uptime: duration(n.uptime),
            })),
          guests: {
            running: guests.filter((g) => g.status === "running").length,
            stopped: guests.filter((g) => g.status !== "running" && g.template !== 1).length,
          },
        };
      },
    }),
    defineTool({
      name: "get_node_status",
      category: "cluster",
      description: "One node's CPU, memory, root disk, load and uptime.",
      input: z.object({ node }),
      tier: "GREEN",
      handler: async (a) => {
        const s = await pve.nodeStatus(a.node);
        return {
          node: a.node,
          cpu_pct: pct(s.cpu),
          cpus: s.cpuinfo.cpus,
          cpu_model: s.cpuinfo.model,
          mem_used_gib: gib(s.memory.used),
          mem_total_gib: gib(s.memory.total),
          mem_pct: share(s.memory.used, s.memory.total),
          root_used_gib: gib(s.rootfs.used),
          root_total_gib: gib(s.rootfs.total),
          root_pct: share(s.rootfs.used, s.rootfs.total),
          load: s.loadavg.join(" "),
          uptime: duration(s.uptime),
          version: s.pveversion,
        };
      },
    }),
    defineTool({
      name: "get_vms",
      category: "cluster",
      description: "Virtual machines (QEMU) with status, CPU and memory; optionally on one node.",
      input: z.object({ node: node.optional() }),
      tier: "GREEN",
      untrusted: true,
      handler: (a) => guestsOf("qemu", a.node),
    }),
    defineTool({
      name: "get_containers",
      category: "cluster",
      description: "LXC containers with status, CPU and memory; optionally on one node.",
      input: z.object({ node: node.optional() }),
      tier: "GREEN",
      untrusted: true,
      handler: (a) => guestsOf("lxc", a.node),
    }),
    defineTool({
      name: "get_storage",
      category: "cluster",
      description: "Storage pools with used and total space, fullest first.",
      input: z.object({ node: node.optional() }),
      tier: "GREEN",
      handler: async (a) =>
        (await pve.resources("storage"))
          .filter((r) => !a.node || r.node === a.node)
          .map((r) => ({ storage: r.storage, node: r.node, status: r.status, used_gib: gib(r.disk), total_gib: gib(r.maxdisk), used_pct: share(r.disk, r.maxdisk) }))
          .sort((x, y) => (y.used_pct ?? 0) - (x.used_pct ?? 0)),
    }),
    defineTool({
      name: "get_cluster_resources",
      category: "cluster",
      description: "Everything in the cluster (nodes, guests, storage) in one list; optionally one type.",
      input: z.object({ type: z.enum(["vm", "storage", "node"]).optional() }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) =>
        (await pve.resources(a.type)).map((r) =>
          r.type === "qemu" || r.type === "lxc"
            ? { type: r.type, ...guestView(r) }
            : { type: r.type, id: r.id, node: r.node, status: r.status, used_pct: share(r.type === "node" ? r.mem : r.disk, r.type === "node" ? r.maxmem : r.maxdisk) },
        ),
    }),
    defineTool({
      name: "get_node_temperature",
      category: "cluster",
      description: "A node's hottest temperature sensor, when the node exposes its sensors.",
      input: z.object({ node }),
      tier: "GREEN",
      handler: (a) => pve.nodeTemperature(a.node),
    }),
    defineTool({
      name: "get_recent_tasks",
      category: "cluster",
      description: "Recent Proxmox tasks (backups, starts, migrations) with their result; optionally only failures.",
      input: z.object({ node: node.optional(), limit: z.int().min(1).max(100).default(15), errors_only: z.boolean().default(false) }),
      tier: "GREEN",
      handler: async (a) =>
        (await pve.tasks({ node: a.node, limit: a.limit, errorsOnly: a.errors_only })).map((t) => ({
          type: t.type,
          id: t.id || undefined,
          node: t.node,
          user: t.user,
          started: isoTime(t.starttime),
          took: t.endtime ? duration(t.endtime - t.starttime) ?? "<1m" : "running",
          result: t.status ?? "running",
        })),
    }),
    defineTool({
      name: "get_backups",
      category: "cluster",
      description: "Backups on a storage (newest first), optionally of one guest.",
      input: z.object({ node, storage: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/), vmid: z.int().min(100).optional() }),
      tier: "GREEN",
      handler: async (a) =>
        (await pve.backups(a.node, a.storage))
          .filter((b) => a.vmid === undefined || b.vmid === a.vmid)
          .sort((x, y) => (y.ctime ?? 0) - (x.ctime ?? 0))
          .map((b) => ({ vmid: b.vmid, created: isoTime(b.ctime), size_gib: gib(b.size), format: b.format, volid: b.volid, notes: b.notes || undefined, protected: b.protected === 1 || undefined })),
    }),
  ];
}
