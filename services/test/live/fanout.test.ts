// subscribe_cluster fan-out over real WebSockets: many subscribers fed by one monitor, and one client that
// stops reading (its socket paused) is dropped once its backlog passes the limit, while the others keep
// receiving every update.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { clusterCommands } from "../../src/api/ws/cluster-commands.js";
import { CLOSE_TOO_SLOW } from "../../src/api/ws/connection.js";
import { ClusterMonitor } from "../../src/events/cluster-monitor.js";
import { startWsHarness, syntheticCluster, type WsHarness } from "./ws-harness.js";

const FAST = 12;
const BACKLOG = 256 * 1024;

/** A subscriber that only counts the cluster events it gets (keeping them would cost hundreds of MB). */
class Counter {
  events = 0;
  lastUpdatedAt = "";
  subscribed!: Promise<any>;
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once("close", (code) => resolve(code)));
  }

  static async open(url: string): Promise<Counter> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const c = new Counter(ws);
    c.subscribed = new Promise((resolve) => {
      ws.on("message", (data) => {
        const msg = JSON.parse(data.toString());
        if (msg.type === "result") resolve(msg);
        else if (msg.event?.type === "cluster") {
          c.events++;
          c.lastUpdatedAt = msg.event.snapshot.updated_at;
        }
      });
    });
    ws.send(JSON.stringify({ id: 1, type: "subscribe_cluster", history_minutes: 5 }));
    return c;
  }
}

let harness: WsHarness;
let monitor: ClusterMonitor;
let clock = Date.parse("2025-01-01T00:00:00Z");

beforeAll(async () => {
  monitor = new ClusterMonitor({ proxmox: syntheticCluster(150), events: { add: () => ({ id: 1 }) as never, list: () => [], resolve: () => true, subscribe: () => () => {} }, snapshots: null, now: () => clock }, pino({ level: "silent" }));
  harness = await startWsHarness(clusterCommands(monitor, () => clock), { maxBacklogBytes: BACKLOG });
});
afterAll(async () => {
  await monitor.close();
  await harness.close();
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("cluster fan-out", () => {
  it("drops the subscriber that stopped reading and keeps serving the others", async () => {
    const fast = await Promise.all(Array.from({ length: FAST }, () => Counter.open(harness.url)));
    const slow = await Counter.open(harness.url);
    for (const c of [...fast, slow]) {
      const res = await c.subscribed;
      expect(res).toMatchObject({ id: 1, success: true, result: { snapshot: { nodes: expect.any(Array) } } });
      expect(res.result.snapshot.guests).toHaveLength(150);
    }
    expect(monitor.subscribers).toBe(FAST + 1);
    const slowOnServer = harness.sockets[FAST]!;
    // The slow client stops reading: the kernel buffers fill, then the server's queue for it grows.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    let updates = 0;
    while (slowOnServer.readyState === WebSocket.OPEN && updates < 2_000) {
      clock += 10_000;
      await monitor.refresh();
      updates++;
      await tick();
    }
    expect(slowOnServer.readyState).not.toBe(WebSocket.OPEN);
    expect(updates).toBeLessThan(2_000);
    // Its subscription is gone with it: the monitor no longer holds the dropped client.
    await new Promise<void>((resolve) => slowOnServer.once("close", () => resolve()));
    expect(monitor.subscribers).toBe(FAST);

    // The others got every update, and still get the next ones.
    for (let i = 0; i < 3; i++) {
      clock += 10_000;
      await monitor.refresh();
      updates++;
    }
    const last = new Date(clock).toISOString();
    await Promise.all(fast.map((c) => new Promise<void>((resolve) => {
      const check = () => (c.lastUpdatedAt === last ? resolve() : setTimeout(check, 10));
      check();
    })));
    expect(fast.map((c) => c.events)).toEqual(fast.map(() => updates));
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect([CLOSE_TOO_SLOW, 1006]).toContain(await slow.closed);
    for (const c of fast) c.ws.close();
  });
});
