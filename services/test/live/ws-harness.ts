// A WebSocket endpoint on 127.0.0.1 serving a given command table through the real Connection class, for
// tests and the benchmark that need many clients or a fake data source; and a synthetic cluster whose every
// read differs, so each poll of a monitor over it is a change that fans out.
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { WebSocket, WebSocketServer } from "ws";
import { Auth } from "../../src/api/auth.js";
import type { CommandTable } from "../../src/api/ws/command.js";
import { Connection } from "../../src/api/ws/connection.js";
import type { ClusterResource, NodeTemperature } from "../../src/clients/proxmox/types.js";

export interface WsHarness {
  url: string;
  /** Server-side sockets, in the order clients connected. */
  sockets: WebSocket[];
  close(): Promise<void>;
}

export async function startWsHarness(commands: CommandTable, opts: { maxBacklogBytes?: number } = {}): Promise<WsHarness> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const auth = new Auth({ password: "unused-password", jwtSecret: "harness-secret-long-enough-for-hs256", ttlHours: 1, trustedIngress: [] });
  const log = pino({ level: "silent" });
  const sockets: WebSocket[] = [];
  wss.on("connection", (ws) => {
    sockets.push(ws);
    new Connection(ws, { kind: "token", userId: "jarvis" }, { auth, commands, log, authTimeoutMs: 10_000, maxBacklogBytes: opts.maxBacklogBytes });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    sockets,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A cluster of 3 nodes and `guests` guests whose CPU readings move on every read. */
export function syntheticCluster(guests: number) {
  const GiB = 1024 ** 3;
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    async resources(): Promise<ClusterResource[]> {
      reads++;
      const nodes = [1, 2, 3].map((i): ClusterResource => ({
        id: `node/pve${i}`, type: "node", node: `pve${i}`, status: "online", cpu: ((reads + i) % 50) / 100, maxcpu: 8,
        mem: 8 * GiB, maxmem: 32 * GiB, disk: 20 * GiB, maxdisk: 100 * GiB, uptime: 86_400 + reads,
      }));
      const vms = Array.from({ length: guests }, (_, i): ClusterResource => ({
        id: `qemu/${100 + i}`, type: "qemu", node: `pve${(i % 3) + 1}`, vmid: 100 + i, name: `guest-${100 + i}`, status: "running",
        cpu: ((reads * 7 + i) % 100) / 1000, maxcpu: 2, mem: 2 * GiB, maxmem: 4 * GiB, uptime: 3_600 + reads, template: 0,
      }));
      return [...nodes, ...vms];
    },
    async nodeTemperature(node: string): Promise<NodeTemperature> {
      return { node, celsius: 45, sensors: {}, note: "synthetic" };
    },
  };
}
