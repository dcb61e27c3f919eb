// The Proxmox VE emulator: a simulated three-node cluster behind real HTTPS endpoints with a self-signed
// certificate. Tests pin its fingerprint; the demo mode runs it as the cluster. No vitest here.
import { randomUUID } from "node:crypto";
import { makeSelfSignedCert } from "./cert.js";
import { ClusterState } from "./cluster.js";
import { PveError } from "./errors.js";
import { Faults } from "./faults.js";
import { WebhookSender, type Delivery, type WebhookTarget } from "./notify.js";
import { NodeEndpoint } from "./server.js";
import { WolListener } from "./wol.js";

export { ROUTES } from "./routes.js";
export type { ClusterState, Guest, GuestKind, PveNotification } from "./cluster.js";
export type { Faults } from "./faults.js";
export type { Delivery, WebhookTarget } from "./notify.js";

export interface ProxmoxEmulatorOptions {
  /** Number of nodes (pve1..pveN), each with its own endpoint. Default 3. */
  nodes?: number;
  /** How long a task stays "running". Default 300 ms. */
  taskMs?: number;
  /** How long a node takes to boot after a Wake-on-LAN packet. Default 500 ms. */
  bootMs?: number;
  tokenId?: string;
  tokenSecret?: string;
}

export interface EmulatedNode {
  name: string;
  host: string;
  port: number;
  url: string;
}

export interface ProxmoxEmulator {
  /** Base URL of the first node, "https://127.0.0.1:PORT". */
  url: string;
  nodes: EmulatedNode[];
  /** SHA-256 fingerprint of the certificate every endpoint presents ("AB:CD:..."). */
  fingerprint: string;
  /** PEM file of that certificate (usable as a CA file). */
  certFile: string;
  tokenId: string;
  tokenSecret: string;
  cluster: ClusterState;
  /** Requests received for "METHOD /path" (API-relative, without the query). */
  count(method: string, path: string): number;
  resetCounts(): void;
  /** Delay before every answer, to simulate a slow node. */
  setLatency(ms: number): void;
  setTaskMs(ms: number): void;
  /** Stops a node's listener and marks it offline in the cluster; nodeUp brings it back on the same port. */
  nodeDown(name: string): Promise<void>;
  nodeUp(name: string): Promise<void>;
  /**
   * Makes a node answer every API request with this HTTP error (500 by default, with what Proxmox says when
   * the node's pve-cluster is down), while it stays up and online; null makes it well again.
   */
  nodeError(name: string, status?: number | null, message?: string): void;
  /** Trouble the way a real cluster shows it: crashes, stops by a person, failed backups and services, heat. */
  faults: Faults;
  /** Where Proxmox's webhook notification target posts (null: no target, as on a fresh install). */
  setWebhook(target: WebhookTarget | null): void;
  /** Every notification posted so far, with the HTTP status it got. */
  deliveries: Delivery[];
  /** Resolves once every notification posted so far has been answered. */
  notificationsSettled(): Promise<void>;
  /** UDP port on 127.0.0.1 where the nodes' network cards hear Wake-on-LAN packets. */
  wolPort: number;
  /** MACs of the magic packets heard so far. */
  wolReceived: string[];
  close(): Promise<void>;
}

export async function startProxmoxEmulator(opts: ProxmoxEmulatorOptions = {}): Promise<ProxmoxEmulator> {
  const cert = await makeSelfSignedCert();
  let taskMs = opts.taskMs ?? 300;
  let latencyMs = 0;
  const counts = new Map<string, number>();
  const faults = new Map<string, PveError>();
  const cluster = new ClusterState(Math.max(1, opts.nodes ?? 3), () => taskMs);
  const tokenId = opts.tokenId ?? "root@pam!jarvis";
  const tokenSecret = opts.tokenSecret ?? randomUUID();
  const settings = {
    cluster,
    cert,
    tokenId,
    tokenSecret,
    latencyMs: () => latencyMs,
    fault: (node: string) => faults.get(node),
    count: (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1),
  };
  const endpoints = cluster.nodes.map((n) => new NodeEndpoint(n.name, settings));
  await Promise.all(endpoints.map((e) => e.start()));
  const webhook = new WebhookSender();
  cluster.notify = (n) => webhook.send(n);
  const bootMs = opts.bootMs ?? 500;
  // A powered-off node wakes when its MAC comes in a magic packet; one that is up ignores it.
  const wol = new WolListener((mac) => {
    const node = cluster.nodes.find((n) => n.mac === mac);
    if (node && !node.online) cluster.later(bootMs, () => void nodeUp(node.name));
  });
  await wol.start();
  const endpoint = (name: string) => {
    const e = endpoints.find((x) => x.name === name);
    if (!e) throw new Error(`no emulated node ${name}`);
    return e;
  };
  const nodes = endpoints.map((e) => ({ name: e.name, host: "127.0.0.1", port: e.port, url: `https://127.0.0.1:${e.port}` }));
  const nodeUp = async (name: string) => {
    await endpoint(name).start();
    Object.assign(cluster.node(name), { online: true, bootedAt: Date.now() });
  };

  return {
    url: nodes[0]!.url,
    nodes,
    fingerprint: cert.fingerprint,
    certFile: cert.certFile,
    tokenId,
    tokenSecret,
    cluster,
    count: (method, path) => counts.get(`${method} ${path}`) ?? 0,
    resetCounts: () => counts.clear(),
    setLatency: (ms) => void (latencyMs = ms),
    setTaskMs: (ms) => void (taskMs = ms),
    async nodeDown(name) {
      cluster.node(name).online = false;
      await endpoint(name).stop();
    },
    nodeUp,
    nodeError(name, status = 500, message = "ipcc_send_rec[1] failed: Connection refused") {
      endpoint(name);
      if (status === null) faults.delete(name);
      else faults.set(name, new PveError(status, message));
    },
    faults: new Faults(cluster),
    setWebhook: (target) => webhook.configure(target),
    deliveries: webhook.deliveries,
    notificationsSettled: () => webhook.settled(),
    wolPort: wol.port,
    wolReceived: wol.received,
    async close() {
      cluster.close();
      await Promise.all([...endpoints.map((e) => e.stop()), wol.close(), webhook.settled()]);
      cert.remove();
    },
  };
}
