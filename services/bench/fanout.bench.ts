// subscribe_cluster fan-out: one cluster update delivered over real WebSockets to 200 subscribers through the
// monitor and the Connection class (serialised once, spliced per client). Baseline: serialising the same
// event and sending it to one socket. Before the timed rounds, a 10 s phase publishes at 1 Hz, the rate the
// monitor runs at, for the notes: p99 delivery latency and CPU. The 200 clients live in this process, so the
// CPU figures include their receiving too (an upper bound for the server's share).
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { WebSocket } from "ws";
import { clusterCommands } from "../src/api/ws/cluster-commands.js";
import { ClusterMonitor } from "../src/events/cluster-monitor.js";
import { startWsHarness, syntheticCluster, type WsHarness } from "../test/live/ws-harness.js";
import type { Suite } from "./harness.js";

const SUBSCRIBERS = 200;
const GUESTS = 30;
const PACED_UPDATES = 10;

interface Client {
  ws: WebSocket;
  received: number;
  /** Delivery latency of each update, from the moment it was published. */
  latencies: number[];
}

interface Bench {
  harness: WsHarness;
  monitor: ClusterMonitor;
  clients: Client[];
  baseline: { client: Client; server: WebSocket };
  publishedAt: number;
  waiters: Set<() => void>;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

export function createFanoutSuite(): Suite {
  let bench: Bench | undefined;
  let clock = Date.parse("2025-01-01T00:00:00Z");
  const paced = { p50: NaN, p99: NaN, cpuPct: NaN, bytes: 0 };
  const rounds = { cpuMs: [] as number[], p99: [] as number[] };
  const ready = () => {
    if (!bench) throw new Error("fanout bench: setup did not run");
    return bench;
  };

  async function connect(b: Bench, subscribe: boolean): Promise<Client> {
    const ws = new WebSocket(b.harness.url);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const client: Client = { ws, received: 0, latencies: [] };
    let subscribed!: () => void;
    const done = new Promise<void>((resolve) => (subscribed = resolve));
    ws.on("message", (data: Buffer) => {
      // Results start `{"id":1,"type":"result"`; everything else here is a pushed event. Nothing is parsed.
      if (data.subarray(0, 30).includes("result")) return subscribed();
      client.received++;
      client.latencies.push(performance.now() - b.publishedAt);
      for (const wake of b.waiters) wake();
    });
    if (subscribe) {
      ws.send(JSON.stringify({ id: 1, type: "subscribe_cluster", history_minutes: 1 }));
      await done;
    }
    return client;
  }

  /** Resolves when every given client has received `count` events. */
  function delivered(b: Bench, clients: Client[], count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (clients.every((c) => c.received >= count)) {
          b.waiters.delete(check);
          resolve();
        }
      };
      b.waiters.add(check);
      check();
    });
  }

  async function publish(b: Bench): Promise<void> {
    const target = b.clients[0]!.received + 1;
    for (const c of b.clients) c.latencies.length = 0;
    clock += 10_000;
    b.publishedAt = performance.now();
    await b.monitor.refresh();
    await delivered(b, b.clients, target);
  }

  return {
    name: "ws fan-out",
    rounds: 30,
    warmup: 3,
    async setup() {
      const log = pino({ level: "silent" });
      const noEvents = { add: () => ({ id: 0 }) as never, list: () => [], resolve: () => true, subscribe: () => () => {} };
      const monitor = new ClusterMonitor({ proxmox: syntheticCluster(GUESTS), events: noEvents, snapshots: null, now: () => clock }, log);
      await monitor.refresh();
      const harness = await startWsHarness(clusterCommands(monitor, () => clock));
      const partial = { harness, monitor, clients: [], publishedAt: 0, waiters: new Set<() => void>() } as unknown as Bench;
      for (let i = 0; i < SUBSCRIBERS; i++) partial.clients.push(await connect(partial, true));
      const client = await connect(partial, false);
      partial.baseline = { client, server: harness.sockets.at(-1)! };
      bench = partial;
      paced.bytes = JSON.stringify(monitor.view).length;

      // 1 Hz for PACED_UPDATES seconds: CPU over the whole wall time, latency of every delivery.
      const latencies: number[] = [];
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < PACED_UPDATES; i++) {
        await publish(partial);
        latencies.push(...partial.clients.flatMap((c) => c.latencies));
        await new Promise((r) => setTimeout(r, Math.max(0, started + (i + 1) * 1_000 - performance.now())));
      }
      const used = process.cpuUsage(cpu);
      paced.cpuPct = (100 * (used.user + used.system)) / 1_000 / (performance.now() - started);
      paced.p50 = quantile(latencies, 0.5);
      paced.p99 = quantile(latencies, 0.99);
      rounds.cpuMs.length = 0;
      rounds.p99.length = 0;
    },
    async teardown() {
      const b = ready();
      bench = undefined;
      for (const c of [...b.clients, b.baseline.client]) c.ws.terminate();
      await b.monitor.close();
      await b.harness.close();
    },
    baseline: {
      name: "serialise + send to 1 socket",
      run: async () => {
        const b = ready();
        const { client, server } = b.baseline;
        const target = client.received + 1;
        b.publishedAt = performance.now();
        server.send(JSON.stringify({ id: 1, type: "event", event: { type: "cluster", snapshot: b.monitor.view } }));
        await delivered(b, [client], target);
      },
    },
    cases: [
      {
        name: `update -> ${SUBSCRIBERS} subscribers`,
        run: async () => {
          const b = ready();
          const cpu = process.cpuUsage();
          await publish(b);
          const used = process.cpuUsage(cpu);
          rounds.cpuMs.push((used.user + used.system) / 1_000);
          rounds.p99.push(quantile(b.clients.flatMap((c) => c.latencies), 0.99));
        },
      },
    ],
    notes: () => [
      `view ${Math.round(paced.bytes / 1024)} KiB (${GUESTS} guests, 3 nodes, 0 storages) to ${SUBSCRIBERS} subscribers`,
      `at 1 Hz for ${PACED_UPDATES} s: delivery p50 ${paced.p50.toFixed(2)} ms, p99 ${paced.p99.toFixed(2)} ms; CPU ${paced.cpuPct.toFixed(1)}% of one core`,
      `timed rounds: CPU per update median ${quantile(rounds.cpuMs, 0.5).toFixed(2)} ms; per-round delivery p99 median ${quantile(rounds.p99, 0.5).toFixed(2)} ms`,
    ],
  };
}

export const fanoutSuite = createFanoutSuite();
