// The Proxmox VE client tools use: cluster reads (cluster status and resources cached, every read single
// flight), guest power actions and snapshots (each returns the task's UPID), and waiting on a task. Guests
// may be named by vmid alone; their node and kind come from the cluster resources.
import type { Logger } from "../../log.js";
import { ClientError } from "../errors.js";
import type { StatusCallback } from "../http.js";
import { ReadCache } from "./cache.js";
import { ProxmoxTransport, type Params } from "./http.js";
import { waitForTask } from "./tasks.js";
import { readTemperature } from "./temperature.js";
import type {
  BackupEntry,
  ClusterResource,
  ClusterStatusEntry,
  GuestKind,
  GuestLocation,
  GuestRef,
  GuestSummary,
  NodeStatus,
  NodeTemperature,
  PowerAction,
  ProxmoxConfig,
  ResourceType,
  Snapshot,
  StorageSummary,
  TaskStatus,
  TaskSummary,
  WaitOptions,
} from "./types.js";
import type { NodeService, PruneMark, TaskLogLine } from "./care-types.js";
import { checkNode, checkSnapshotName, checkStorage, checkVmid, parseUpid, SERVICE } from "./validate.js";

export interface ProxmoxTuning {
  /** Default 60 s (the seed's). */
  clusterStatusTtlMs?: number;
  /** Default 15 s (the seed's). */
  resourcesTtlMs?: number;
  /** Clock for cache expiry (tests). */
  now?: () => number;
  /** Per-request connect/answer timeout; default 10 s. */
  timeoutMs?: number;
  /** Default poll interval when waiting on a task; default 1 s. */
  taskPollMs?: number;
}

const RESOURCES = "resources:";
const enc = encodeURIComponent;
const kindName = (k: GuestKind) => (k === "qemu" ? "VM" : "container");

export class ProxmoxClient {
  private readonly transport: ProxmoxTransport;
  private readonly cache: ReadCache;
  private readonly ttl: { clusterStatus: number; resources: number };
  private readonly taskPollMs: number;
  /**
   * The guests of the last resources read that listed them, kept past the cache's expiry and its invalidation:
   * a summary of an action names the guest without a read of its own ("Stop VM 102 (docker-host)").
   */
  private known = new Map<number, { name?: string; kind: GuestKind }>();

  constructor(config: ProxmoxConfig, logger: Logger, onStatus?: StatusCallback, tuning: ProxmoxTuning = {}) {
    if (config.insecureTls) {
      logger.warn(
        "PVE_INSECURE_TLS (proxmox_insecure_tls) is on: certificates of Proxmox nodes without a pinned fingerprint " +
          "are not verified; pin each node's SHA-256 fingerprint instead",
      );
    }
    this.transport = new ProxmoxTransport(config, logger, onStatus, tuning.timeoutMs ?? 10_000);
    this.cache = new ReadCache(tuning.now ?? Date.now);
    this.ttl = { clusterStatus: tuning.clusterStatusTtlMs ?? 60_000, resources: tuning.resourcesTtlMs ?? 15_000 };
    this.taskPollMs = tuning.taskPollMs ?? 1_000;
  }

  /** The node whose API endpoint answered last. */
  get activeNode(): string {
    return this.transport.activeNode;
  }

  // ---- reads ----

  clusterStatus(): Promise<ClusterStatusEntry[]> {
    return this.get("/cluster/status", undefined, this.ttl.clusterStatus);
  }

  async resources(type?: ResourceType): Promise<ClusterResource[]> {
    const list = await this.get<ClusterResource[]>("/cluster/resources", type ? { type } : undefined, this.ttl.resources, `${RESOURCES}${type ?? "all"}`);
    if (type === undefined || type === "vm") {
      this.known = new Map(list.flatMap((r) => ((r.type === "qemu" || r.type === "lxc") && r.vmid !== undefined ? [[r.vmid, { name: r.name, kind: r.type }]] : [])));
    }
    return list;
  }

  /** A guest as the last resources read listed it (see `known`); undefined before one, or when it was not there. */
  knownGuest(vmid: number): { name?: string; kind: GuestKind } | undefined {
    return this.known.get(vmid);
  }

  async nodeStatus(node: string): Promise<NodeStatus> {
    return this.get(`/nodes/${enc(checkNode(node))}/status`);
  }

  async nodeTemperature(node: string): Promise<NodeTemperature> {
    return readTemperature(node, await this.nodeStatus(node));
  }

  async guests(node: string, kind: GuestKind): Promise<GuestSummary[]> {
    return this.get(`/nodes/${enc(checkNode(node))}/${kind}`);
  }

  async guestStatus(ref: GuestRef): Promise<GuestSummary & GuestLocation> {
    const at = await this.locate(ref);
    const status = await this.get<GuestSummary>(`${guestPath(at)}/status/current`);
    return { ...status, ...at };
  }

  async storage(node: string): Promise<StorageSummary[]> {
    return this.get(`/nodes/${enc(checkNode(node))}/storage`);
  }

  async backups(node: string, storage: string): Promise<BackupEntry[]> {
    return this.get(`/nodes/${enc(checkNode(node))}/storage/${enc(checkStorage(storage))}/content`, { content: "backup" });
  }

  /** Recent tasks, newest first, cluster-wide or of one node (errorsOnly: only those that did not end OK). */
  async tasks(opts: { node?: string; limit?: number; errorsOnly?: boolean } = {}): Promise<TaskSummary[]> {
    if (opts.node !== undefined) return this.nodeTasks(checkNode(opts.node), opts);
    if (!opts.errorsOnly) return (await this.get<TaskSummary[]>("/cluster/tasks")).slice(0, opts.limit);
    // /cluster/tasks takes no filter, and its recent window can be all successes: failures come from each
    // online node's own task log, which Proxmox filters (errors=1), merged newest first.
    const nodes = (await this.resources("node")).filter((r) => r.type === "node" && r.status === "online" && r.node).map((r) => r.node!);
    const lists = await Promise.allSettled(nodes.map((n) => this.nodeTasks(n, opts)));
    const read = lists.flatMap((l) => (l.status === "fulfilled" ? [l.value] : []));
    const failed = lists.find((l): l is PromiseRejectedResult => l.status === "rejected");
    if (read.length === 0 && failed) throw failed.reason;
    return read
      .flat()
      .sort((a, b) => b.starttime - a.starttime)
      .slice(0, opts.limit);
  }

  private nodeTasks(node: string, opts: { limit?: number; errorsOnly?: boolean }): Promise<TaskSummary[]> {
    return this.get(`/nodes/${enc(node)}/tasks`, { limit: opts.limit, errors: opts.errorsOnly || undefined });
  }

  /** The last lines of a task's log (its node comes from the UPID). */
  async taskLog(upid: string, opts: { start?: number; limit?: number } = {}): Promise<TaskLogLine[]> {
    const { node } = parseUpid(upid);
    return this.get(`/nodes/${enc(node)}/tasks/${enc(upid)}/log`, { start: opts.start, limit: opts.limit });
  }

  /** The services Proxmox runs on a node, with their systemd states. */
  async nodeServices(node: string): Promise<NodeService[]> {
    return this.get(`/nodes/${enc(checkNode(node))}/services`);
  }

  /** What pruning a storage's backups down to the newest `keepLast` per guest would keep and remove. */
  async prunePreview(node: string, storage: string, keepLast: number): Promise<PruneMark[]> {
    return this.get(`/nodes/${enc(checkNode(node))}/storage/${enc(checkStorage(storage))}/prunebackups`, { "prune-backups": keepLastSpec(keepLast) });
  }

  async snapshots(ref: GuestRef): Promise<Snapshot[]> {
    return this.get(`${guestPath(await this.locate(ref))}/snapshot`);
  }

  /** Where a guest lives: taken from the caller when complete, else from the cluster resources. */
  async locate(ref: GuestRef): Promise<GuestLocation> {
    const vmid = checkVmid(ref.vmid);
    if (ref.node !== undefined && ref.kind !== undefined) return { vmid, node: checkNode(ref.node), kind: ref.kind };
    const found = (await this.resources("vm")).find((r) => r.vmid === vmid && (r.type === "qemu" || r.type === "lxc"));
    if (!found || !found.node) throw new ClientError(SERVICE, "not_found", `there is no guest ${vmid} in the cluster`);
    const kind = found.type as GuestKind;
    if (ref.kind !== undefined && ref.kind !== kind) {
      throw new ClientError(SERVICE, "not_found", `guest ${vmid} is a ${kindName(kind)}, not a ${kindName(ref.kind)}`);
    }
    return { vmid, node: ref.node === undefined ? found.node : checkNode(ref.node), kind };
  }

  // ---- writes: each returns the task's UPID ----

  async power(ref: GuestRef, action: PowerAction): Promise<string> {
    const at = await this.locate(ref);
    return this.write("POST", `${guestPath(at)}/status/${action}`);
  }

  async createSnapshot(ref: GuestRef, name: string, opts: { description?: string; vmstate?: boolean } = {}): Promise<string> {
    const snapname = checkSnapshotName(name);
    const at = await this.locate(ref);
    const vmstate = at.kind === "qemu" ? opts.vmstate : undefined;
    return this.write("POST", `${guestPath(at)}/snapshot`, { snapname, description: opts.description, vmstate });
  }

  async rollbackSnapshot(ref: GuestRef, name: string, opts: { start?: boolean } = {}): Promise<string> {
    const snapname = checkSnapshotName(name);
    const at = await this.locate(ref);
    return this.write("POST", `${guestPath(at)}/snapshot/${enc(snapname)}/rollback`, { start: opts.start });
  }

  async deleteSnapshot(ref: GuestRef, name: string): Promise<string> {
    const snapname = checkSnapshotName(name);
    const at = await this.locate(ref);
    return this.write("DELETE", `${guestPath(at)}/snapshot/${enc(snapname)}`);
  }

  /** Restarts one of Proxmox's own services on a node. */
  async restartNodeService(node: string, service: string): Promise<string> {
    if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new ClientError(SERVICE, "bad_request", `"${service}" is not a Proxmox service name`);
    return this.write("POST", `/nodes/${enc(checkNode(node))}/services/${enc(service)}/restart`);
  }

  /** Removes a storage's backups beyond the newest `keepLast` per guest (what prunePreview marks "remove"). */
  async pruneBackups(node: string, storage: string, keepLast: number): Promise<string> {
    return this.write("DELETE", `/nodes/${enc(checkNode(node))}/storage/${enc(checkStorage(storage))}/prunebackups`, { "prune-backups": keepLastSpec(keepLast) });
  }

  /** Polls a task until it ends; resolves on OK, throws a ClientError with Proxmox's exit status otherwise. */
  async waitForTask(upid: string, opts: WaitOptions = {}): Promise<TaskStatus> {
    try {
      return await waitForTask(
        (node, id) => this.get<TaskStatus>(`/nodes/${enc(node)}/tasks/${enc(id)}/status`),
        upid,
        { ...opts, intervalMs: opts.intervalMs ?? this.taskPollMs },
      );
    } finally {
      // The guest's state changes when the task ends, not when it was started.
      this.cache.invalidate(RESOURCES);
    }
  }

  /** Drops every cached answer (the next reads go upstream). */
  invalidateCache(): void {
    this.cache.invalidate();
  }

  async close(): Promise<void> {
    this.cache.invalidate();
    await this.transport.close();
  }

  private get<T>(path: string, params?: Params, ttlMs = 0, key = `${path}?${JSON.stringify(params ?? {})}`): Promise<T> {
    return this.cache.read(key, ttlMs, () => this.transport.call<T>("GET", path, params));
  }

  private async write(method: "POST" | "DELETE", path: string, params?: Params): Promise<string> {
    try {
      return await this.transport.call<string>(method, path, params);
    } finally {
      this.cache.invalidate(RESOURCES);
    }
  }
}

/** Proxmox's prune-backups property string; keeping none is never asked for. */
function keepLastSpec(keepLast: number): string {
  if (!Number.isInteger(keepLast) || keepLast < 1) throw new ClientError(SERVICE, "bad_request", "a prune must keep at least the newest backup of each guest");
  return `keep-last=${keepLast}`;
}

function guestPath(at: GuestLocation): string {
  return `/nodes/${enc(at.node)}/${at.kind}/${at.vmid}`;
}
