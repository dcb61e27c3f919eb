// The emulator's route table: the subset of Proxmox VE's API that Jarvis uses, with each route's method, path
// template and declared parameters (names, types, formats, ranges as in Proxmox's own API description; the
// conformance test holds this table against that description). Anything not listed answers 501.
import type { ClusterState, GuestKind, PowerAction } from "./cluster.js";
import { PveError } from "./errors.js";
import { FLAG, NODE, SNAPNAME, STORAGE, TEXT, TIMEOUT, VMID, type ParamSpecs, type ParamValues } from "./params.js";
import { PVE_SERVICES } from "./services.js";
import { prune, pruneList, storageContent, storageList } from "./storage.js";
import * as view from "./views.js";

export type Method = "GET" | "POST" | "DELETE";

export interface RouteContext {
  p: ParamValues;
  cluster: ClusterState;
  /** The token's user, as it appears in UPIDs. */
  user: string;
  /** The node whose endpoint took the request. */
  localNode: string;
  fingerprint: string;
}

export interface Route {
  method: Method;
  path: string;
  params: ParamSpecs;
  handle: (ctx: RouteContext) => unknown;
}

const POWER_PARAMS: Record<GuestKind, Record<PowerAction, ParamSpecs>> = {
  qemu: {
    start: { timeout: TIMEOUT, skiplock: FLAG },
    shutdown: { timeout: TIMEOUT, forceStop: FLAG, keepActive: FLAG, skiplock: FLAG },
    stop: { timeout: TIMEOUT, keepActive: FLAG, skiplock: FLAG, "overrule-shutdown": FLAG },
    reboot: { timeout: TIMEOUT },
  },
  lxc: {
    start: { skiplock: FLAG, debug: FLAG },
    shutdown: { timeout: TIMEOUT, forceStop: FLAG },
    stop: { skiplock: FLAG, "overrule-shutdown": FLAG },
    reboot: { timeout: TIMEOUT },
  },
};

const str = (v: unknown) => String(v);
const num = (v: unknown) => Number(v);

function guestRoutes(kind: GuestKind): Route[] {
  const base = `/nodes/{node}/${kind}/{vmid}`;
  const ids = { node: NODE, vmid: VMID };
  const guest = ({ p, cluster }: RouteContext) => cluster.guest(str(p.node), kind, num(p.vmid));
  const power = (Object.keys(POWER_PARAMS[kind]) as PowerAction[]).map(
    (action): Route => ({
      method: "POST",
      path: `${base}/status/${action}`,
      params: { ...ids, ...POWER_PARAMS[kind][action] },
      handle: ({ p, cluster, user }) => cluster.power(str(p.node), kind, num(p.vmid), action, user),
    }),
  );
  return [
    {
      method: "GET",
      path: `/nodes/{node}/${kind}`,
      params: kind === "qemu" ? { node: NODE, full: FLAG } : { node: NODE },
      handle: ({ p, cluster }) => view.guestList(cluster, cluster.onlineNode(str(p.node)).name, kind),
    },
    { method: "GET", path: `${base}/status/current`, params: ids, handle: (ctx) => view.guestCurrent(guest(ctx)) },
    ...power,
    { method: "GET", path: `${base}/snapshot`, params: ids, handle: (ctx) => view.snapshotList(guest(ctx)) },
    {
      method: "POST",
      path: `${base}/snapshot`,
      params: { ...ids, snapname: SNAPNAME, description: TEXT, ...(kind === "qemu" ? { vmstate: FLAG } : {}) },
      handle: (ctx) =>
        ctx.cluster.snapshotCreate(guest(ctx), str(ctx.p.snapname), str(ctx.p.description ?? ""), ctx.p.vmstate === true, ctx.user),
    },
    {
      method: "DELETE",
      path: `${base}/snapshot/{snapname}`,
      params: { ...ids, snapname: SNAPNAME, force: FLAG },
      handle: (ctx) => ctx.cluster.snapshotDelete(guest(ctx), str(ctx.p.snapname), ctx.user),
    },
    {
      method: "POST",
      path: `${base}/snapshot/{snapname}/rollback`,
      params: { ...ids, snapname: SNAPNAME, start: FLAG },
      handle: (ctx) => ctx.cluster.snapshotRollback(guest(ctx), str(ctx.p.snapname), ctx.p.start === true, ctx.user),
    },
  ];
}

function nodeTasks({ p, cluster }: RouteContext) {
  cluster.onlineNode(str(p.node));
  const source = p.source ?? "archive";
  const offset = num(p.start ?? 0);
  return cluster.tasks
    .list(str(p.node))
    .filter((t) => source === "all" || (source === "active") === (t.exitstatus === undefined))
    .filter((t) => p.vmid === undefined || t.id === str(p.vmid))
    .filter((t) => p.errors !== true || (t.exitstatus !== undefined && t.exitstatus !== "OK"))
    .filter((t) => p.typefilter === undefined || t.type === p.typefilter)
    .filter((t) => p.userfilter === undefined || t.user.includes(str(p.userfilter)))
    .slice(offset, offset + num(p.limit ?? 50))
    .map(view.taskItem);
}

function taskStatus({ p, cluster }: RouteContext) {
  const upid = str(p.upid);
  if (!/^UPID:[a-zA-Z0-9-]+:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:[^:\s]+:[^:\s]*:[^:\s]+:$/i.test(upid)) {
    throw new PveError(500, `unable to parse worker upid '${upid}'`);
  }
  cluster.onlineNode(str(p.node));
  const task = cluster.tasks.get(upid);
  if (!task || task.node !== p.node) throw new PveError(500, "no such task");
  return view.taskStatus(task);
}

function taskLog({ p, cluster }: RouteContext) {
  cluster.onlineNode(str(p.node));
  const task = cluster.tasks.get(str(p.upid));
  if (!task || task.node !== p.node) throw new PveError(500, "no such task");
  const start = num(p.start ?? 0);
  return cluster.tasks
    .log(task.upid)
    .map((t, i) => ({ n: i + 1, t }))
    .slice(start, start + num(p.limit ?? 50));
}

const PRUNE_PARAMS: ParamSpecs = {
  node: NODE,
  storage: STORAGE,
  "prune-backups": { type: "string", format: "prune-backups", optional: true },
  type: { type: "string", enum: ["qemu", "lxc"], optional: true },
  vmid: { ...VMID, optional: true },
};
const SERVICE: ParamSpecs[string] = { type: "string", enum: Object.keys(PVE_SERVICES) };

export const ROUTES: readonly Route[] = [
  { method: "GET", path: "/cluster/status", params: {}, handle: (c) => view.clusterStatus(c.cluster, c.localNode) },
  {
    method: "GET",
    path: "/cluster/resources",
    params: { type: { type: "string", enum: ["vm", "storage", "node", "sdn"], optional: true } },
    handle: ({ p, cluster }) => view.resources(cluster, p.type === undefined ? undefined : str(p.type)),
  },
  { method: "GET", path: "/cluster/tasks", params: {}, handle: ({ cluster }) => cluster.tasks.list().map(view.taskItem) },
  { method: "GET", path: "/nodes", params: {}, handle: ({ cluster, fingerprint }) => view.nodeList(cluster, fingerprint) },
  {
    method: "GET",
    path: "/nodes/{node}/status",
    params: { node: NODE },
    handle: ({ p, cluster }) => view.nodeStatus(cluster, cluster.onlineNode(str(p.node))),
  },
  ...guestRoutes("qemu"),
  ...guestRoutes("lxc"),
  {
    method: "GET",
    path: "/nodes/{node}/storage",
    params: {
      node: NODE,
      content: { type: "string", format: "pve-storage-content-list", optional: true },
      enabled: FLAG,
      storage: { ...STORAGE, optional: true },
    },
    handle: ({ p, cluster }) => storageList(cluster, str(p.node), p),
  },
  {
    method: "GET",
    path: "/nodes/{node}/storage/{storage}/content",
    params: {
      node: NODE,
      storage: STORAGE,
      content: { type: "string", format: "pve-storage-content", optional: true },
      vmid: { ...VMID, optional: true },
    },
    handle: ({ p, cluster }) => storageContent(cluster, str(p.node), str(p.storage), p),
  },
  {
    method: "GET",
    path: "/nodes/{node}/tasks",
    params: {
      node: NODE,
      limit: { type: "integer", minimum: 0, optional: true },
      start: { type: "integer", minimum: 0, optional: true },
      vmid: { ...VMID, optional: true },
      source: { type: "string", enum: ["archive", "active", "all"], optional: true },
      errors: FLAG,
      typefilter: TEXT,
      userfilter: TEXT,
    },
    handle: nodeTasks,
  },
  { method: "GET", path: "/nodes/{node}/tasks/{upid}/status", params: { node: NODE, upid: { type: "string" } }, handle: taskStatus },
  {
    method: "GET",
    path: "/nodes/{node}/tasks/{upid}/log",
    params: { node: NODE, upid: { type: "string" }, start: { type: "integer", minimum: 0, optional: true }, limit: { type: "integer", minimum: 0, optional: true }, download: FLAG },
    handle: taskLog,
  },
  {
    method: "GET",
    path: "/nodes/{node}/services",
    params: { node: NODE },
    handle: ({ p, cluster }) => cluster.services.list(cluster.onlineNode(str(p.node)).name),
  },
  {
    method: "POST",
    path: "/nodes/{node}/services/{service}/restart",
    params: { node: NODE, service: SERVICE },
    handle: ({ p, cluster, user }) => {
      const node = cluster.onlineNode(str(p.node)).name;
      return cluster.tasks.start(node, "srvrestart", str(p.service), user, () => cluster.services.restore(node, str(p.service)));
    },
  },
  {
    method: "GET",
    path: "/nodes/{node}/storage/{storage}/prunebackups",
    params: PRUNE_PARAMS,
    handle: ({ p, cluster }) => pruneList(cluster, str(p.node), str(p.storage), p),
  },
  {
    method: "DELETE",
    path: "/nodes/{node}/storage/{storage}/prunebackups",
    params: PRUNE_PARAMS,
    handle: ({ p, cluster, user }) => prune(cluster, str(p.node), str(p.storage), p, user),
  },
];

/** The route for a method and API-relative path, with the path's parameters; undefined when none matches. */
export function matchRoute(method: string, relPath: string): { route: Route; pathParams: Record<string, string> } | undefined {
  const parts = relPath.split("/").filter(Boolean);
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const tmpl = route.path.split("/").filter(Boolean);
    if (tmpl.length !== parts.length) continue;
    const pathParams: Record<string, string> = {};
    const ok = tmpl.every((seg, i) => {
      const m = /^\{(.+)\}$/.exec(seg);
      if (m) pathParams[m[1]!] = decodeURIComponent(parts[i]!);
      return m !== null || seg === parts[i];
    });
    if (ok) return { route, pathParams };
  }
  return undefined;
}
