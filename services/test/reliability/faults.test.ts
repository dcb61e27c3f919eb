// Faults around Jarvis: Proxmox down, slow, answering 500 or with the wrong certificate; Home Assistant's
// WebSocket dropped mid-call; Claude answering 429/529; Mosquitto restarted under a stream of QoS 1 events;
// the server process SIGKILLed during a burst of writes. Jarvis must stay up, take its fallbacks, lose no QoS 1
// event, and open its database clean with every committed row. (Speech and LLM timeouts: faults-speech.)
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import Database from "better-sqlite3";
import mqtt from "mqtt";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MqttAlertService } from "../../src/events/mqtt-alerts.js";
import { Store } from "../../src/store/db.js";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startFrigateEmulator } from "../emulators/frigate/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startOpenAIEmulator, type OpenAIEmulator } from "../emulators/openai/index.js";
import { startBroker } from "../events/mosquitto.js";
import { request } from "../helpers/http.js";
import { startTestJarvis, tempDir, type TestJarvis } from "../helpers/jarvis.js";
import { SOURCE_MAIN, startServerProcess, type ServerProcess } from "../helpers/server-process.js";
import { TestSocket } from "../helpers/ws.js";
import { converse, up } from "./faults-shared.js";
import { Figures } from "./figures.js";

/** The write burst the server is SIGKILLed in: its size, the confirmed rows to wait for, how far ahead the publisher may run. */
const SIGKILL_BURST = 10_000;
const SIGKILL_AT = 3_000;
const SIGKILL_WINDOW = 500;
const MCP_TOKEN = "mcp-token-for-the-faults-suite-0123456789";
let lab: HomeLab;
let claude: AnthropicEmulator;
let local: OpenAIEmulator;
let jarvis: TestJarvis;
let mcp: Client;
const figures = new Figures("faults");

beforeAll(async () => {
  [lab, claude, local] = await Promise.all([
    startHomeLab({ taskMs: 20 }),
    startAnthropicEmulator(),
    startOpenAIEmulator({ flavor: "llama-server", apiKey: null, tools: "rejected" }),
  ]);
  jarvis = await startTestJarvis({ ...lab.env, MCP_API_TOKEN: MCP_TOKEN, ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.url, LOCAL_LLM_ENDPOINT: local.url, LOG_LEVEL: "warn" });
  mcp = await mcpClient(jarvis.url);
}, 60_000);
afterAll(async () => {
  figures.print();
  await mcp?.close();
  await jarvis?.stop();
  await Promise.allSettled([lab?.close(), claude?.close(), local?.close()]);
});

async function mcpClient(url: string): Promise<Client> {
  const client = new Client({ name: "faults", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${MCP_TOKEN}` } } }));
  return client;
}

/** Waits until the server's health says its MQTT link is up (subscribed). */
async function mqttUp(url: string): Promise<void> {
  await vi.waitFor(async () => expect((await request(`${url}/api/health`)).json?.integrations?.mqtt?.state).toBe("up"), { timeout: 15_000, interval: 100 });
}

interface Burst {
  /** Alert rows the live feed showed (row id -> Frigate event id): committed ones. */
  confirmed: Map<number, string>;
  /** Payloads the broker acknowledged. */
  sent: number;
  /** Whether `stop` ended the burst before every payload went out. */
  stopped: boolean;
}

/**
 * Publishes Frigate payloads at the server's pace while a WS client subscribed to alerts confirms each stored
 * row: EventsRepo.add emits a row only after its INSERT returned, and an autocommit INSERT has committed by
 * then, so an alert on the live feed is a committed row. The publisher stays at most SIGKILL_WINDOW ahead of
 * the feed (Mosquitto drops QoS 1 messages queued beyond max_queued_messages, 1000, for a slow subscriber).
 * `stop` is asked after each confirmed row; once it says yes nothing more is published.
 */
async function burstInto(server: ServerProcess, password: string, publish: (payload: string) => Promise<void>, payloads: readonly string[], stop: (b: Burst) => boolean = () => false): Promise<Burst> {
  await mqttUp(server.url);
  const token = (await request(`${server.url}/api/auth/login`, { method: "POST", body: { password } })).json.token as string;
  const feed = await TestSocket.open(`ws://127.0.0.1:${server.port}/api/ws`, { headers: { authorization: `Bearer ${token}` } });
  await feed.call({ id: 1, type: "subscribe_events", event_types: ["alert"] });
  const b: Burst = { confirmed: new Map(), sent: 0, stopped: false };
  feed.ws.on("message", (raw) => {
    const m = JSON.parse(String(raw));
    if (m.type !== "event" || m.event?.type !== "alert") return;
    b.confirmed.set(m.event.id, String(m.event.data?.event_id));
    if (!b.stopped && stop(b)) b.stopped = true;
  });
  for (const payload of payloads) {
    while (!b.stopped && b.sent - b.confirmed.size >= SIGKILL_WINDOW) await new Promise((r) => setTimeout(r, 1));
    if (b.stopped) break;
    await publish(payload);
    b.sent++;
  }
  await vi.waitFor(() => expect(b.stopped || b.confirmed.size >= payloads.length).toBe(true), { timeout: 20_000, interval: 50 }).catch(() => undefined);
  feed.close();
  return b;
}

/** The killed database as SQLite itself sees it: integrity, and each alert row's Frigate event id. */
function readAlerts(file: string): { integrity: string; byId: Map<number, string> } {
  const db = new Database(file);
  try {
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const rows = db.prepare("SELECT id, json_extract(data, '$.event_id') AS eventId FROM events WHERE type = 'alert'").all() as { id: number; eventId: string }[];
    return { integrity, byId: new Map(rows.map((r) => [r.id, r.eventId])) };
  } finally {
    db.close();
  }
}

const tool = async (client: Client, name: string, args: Record<string, unknown> = {}) => {
  const r = await client.callTool({ name, arguments: args });
  return { ok: r.isError !== true, text: (r.content as { text: string }[])[0]?.text ?? "" };
};

describe("faults", () => {
  it("answers from another node while one is down, and while all are slow", async () => {
    await lab.proxmox.nodeDown("pve1");
    // A per-node read: the cluster-wide list may still be in the client's 15 s cache and ask no node at all.
    const down = await tool(mcp, "get_vms", { node: "pve2" });
    figures.record("Proxmox node down: another node answers (fallback)", down.ok, down.text.slice(0, 120));
    await lab.proxmox.nodeUp("pve1");
    lab.proxmox.setLatency(400);
    const slow = await tool(mcp, "get_node_status", { node: "pve2" });
    lab.proxmox.setLatency(0);
    figures.record("Proxmox slow (400 ms a request): still answers", slow.ok, slow.text.slice(0, 120));
    figures.record("service up after Proxmox faults", await up(jarvis.url));
    expect(figures.lost).toEqual([]);
  });

  it("reads from a healthy node while one answers 500, and explains the failure when every node does", async () => {
    const mark = figures.lost.length;
    const nodes = lab.proxmox.nodes.map((n) => n.name);
    const failovers = () => jarvis.logs.filter((l) => l.includes("Proxmox node answered 500, trying the next")).length;
    const before = failovers();
    // Each node in turn, so the one the client prefers (the last to answer) is among the broken ones.
    const single = [];
    for (const name of nodes) {
      lab.proxmox.nodeError(name);
      single.push(await tool(mcp, "get_node_status", { node: "pve2" }));
      lab.proxmox.nodeError(name, null);
    }
    figures.record("one Proxmox node answering 500: a healthy node answers", single.every((r) => r.ok), single.map((r) => r.text.slice(0, 80)).join(" | "));
    figures.record("a 500 from the preferred node moves the read to the next node", failovers() > before, `${failovers() - before} failovers logged`);
    for (const name of nodes) lab.proxmox.nodeError(name);
    const all = await tool(mcp, "get_node_status", { node: "pve2" });
    const named = nodes.every((n) => all.text.includes(`${n}: ipcc_send_rec[1] failed: Connection refused`));
    figures.record("every node answering 500: an error result naming each node and its error", !all.ok && /Proxmox VE reported an error: every node failed/.test(all.text) && named, all.text.slice(0, 240));
    figures.record("service up while every Proxmox node answers 500", await up(jarvis.url));
    const proxmoxState = async () => (await request(`${jarvis.url}/api/health`)).json.integrations.proxmox;
    const sick = await proxmoxState();
    figures.record("/api/health shows Proxmox down while every node answers 500", sick.state === "down" && /every node failed/.test(sick.detail), JSON.stringify(sick));
    for (const name of nodes) lab.proxmox.nodeError(name, null);
    const healed = await tool(mcp, "get_node_status", { node: "pve2" });
    figures.record("Proxmox well again: the same read answers", healed.ok, healed.text.slice(0, 120));
    const well = await proxmoxState();
    figures.record("/api/health shows Proxmox up again", well.state === "up", JSON.stringify(well));
    expect(figures.lost.slice(mark)).toEqual([]);
  });

  it("refuses a Proxmox endpoint with the wrong certificate fingerprint, and stays up", async () => {
    const nodes = (JSON.parse(lab.env.PVE_NODES!) as Record<string, unknown>[]).map((n) => ({ ...n, fingerprint: "AB:".repeat(31) + "AB" }));
    const pinned = await startTestJarvis({ ...lab.env, PVE_NODES: JSON.stringify(nodes), MCP_API_TOKEN: MCP_TOKEN, LOG_LEVEL: "warn" });
    try {
      const client = await mcpClient(pinned.url);
      const r = await tool(client, "get_vms");
      await client.close();
      figures.record("wrong TLS fingerprint: refused with an error result", !r.ok && /certificate|fingerprint|tls/i.test(r.text), r.text.slice(0, 160));
      figures.record("service up with a mis-pinned Proxmox", await up(pinned.url));
    } finally {
      await pinned.stop();
    }
    expect(figures.lost).toEqual([]);
  });

  it("ends a Home Assistant call cut off mid-way with an error, and works again after reconnecting", async () => {
    lab.homeAssistant.silence("call_service", true);
    const pending = tool(mcp, "control_device", { entity_id: "light.kitchen", action: "turn_on" });
    await new Promise((r) => setTimeout(r, 200));
    lab.homeAssistant.dropAll();
    lab.homeAssistant.silence("call_service", false);
    const cut = await pending;
    figures.record("HA WS dropped mid-call: the call ends with an error", !cut.ok, cut.text.slice(0, 120));
    const again = await vi
      .waitFor(async () => expect((await tool(mcp, "get_home_state", { domain: "light" })).ok).toBe(true), { timeout: 15_000, interval: 250 })
      .then(() => true, () => false);
    figures.record("HA reconnects and answers again", again);
    expect(figures.lost).toEqual([]);
  }, 40_000);

  it("falls back to the local model when Claude answers 429 or 529", async () => {
    for (const status of [429, 529]) {
      claude.script([{ error: { status, retryAfter: 0 }, times: 3 }]);
      local.script([{ text: `Local answer after ${status}.` }]);
      const { reply: r } = await converse(jarvis, "why is my storage filling up? explain");
      figures.record(`Claude ${status}: answered by the local model`, r.success && r.result.data.route === "local", JSON.stringify(r.error ?? r.result?.data?.route));
    }
    expect(figures.lost).toEqual([]);
  }, 60_000);

  it("loses no QoS 1 event while Mosquitto restarts under a stream of them", async () => {
    const broker = await startBroker();
    const frigate = await startFrigateEmulator();
    const dir = tempDir("jarvis-faults-");
    const store = Store.open(path.join(dir, "j.db"));
    const prefix = `jarvis-faults-${randomUUID().slice(0, 8)}`;
    const service = new MqttAlertService(
      { mqtt: { url: broker.url, clientId: `jarvis-faults-${randomUUID()}` }, entryCameras: [], topicPrefix: prefix, cooldownMs: 0, backoffMinMs: 50, backoffMaxMs: 300, events: store.events, frigate: null },
      pino({ level: "silent" }),
    );
    await service.start();
    const pub = await mqtt.connectAsync(broker.url, { clientId: `jarvis-faults-pub-${randomUUID()}`, reconnectPeriod: 100 });
    const sent: string[] = [];
    const total = 300;
    for (let i = 0; i < total; i++) {
      if (i === total / 2) await broker.restart();
      const { event, mqtt: lifecycle } = frigate.addEvent({ camera: i % 2 ? "front_door" : "driveway", label: "person", sub_label: `visitor${i}` });
      // The publisher retries until the broker acknowledges: only acknowledged events count as sent.
      for (;;) {
        try {
          await pub.publishAsync(`${prefix}/events`, JSON.stringify(lifecycle[1]), { qos: 1 });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      sent.push(event.id);
    }
    const alerted = () => new Set(store.events.list({ types: ["alert"], limit: 500 }).map((e) => String(e.data?.event_id)));
    await vi.waitFor(() => expect(alerted().size).toBeGreaterThanOrEqual(total), { timeout: 20_000, interval: 100 }).catch(() => undefined);
    const lost = sent.filter((id) => !alerted().has(id));
    figures.note(`${total} QoS 1 events across a broker restart, ${lost.length} lost`);
    figures.record("QoS 1 events lost across a Mosquitto restart = 0", lost.length === 0, `${lost.length} lost`);
    await pub.endAsync();
    await service.close();
    store.close();
    await frigate.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
    expect(lost).toEqual([]);
  }, 60_000);

  it("opens the database clean with every committed row after the server is SIGKILLed mid-burst", async () => {
    const broker = await startBroker();
    const frigate = await startFrigateEmulator();
    const dataDir = tempDir("jarvis-sigkill-");
    const dbPath = path.join(dataDir, "db", "jarvis.db");
    const prefix = `jarvis-sigkill-${randomUUID().slice(0, 8)}`;
    // Every camera is an entry (no Frigate URL, so no entry list and no snapshot fetch) and there is no
    // cooldown: each named person is one alert row, written as the message arrives.
    const env = {
      DATA_DIR: dataDir,
      DB_PATH: dbPath,
      JARVIS_PASSWORD: "pw-for-the-sigkill-burst",
      JWT_SECRET: "sigkill-burst-jwt-secret-0123456789",
      MQTT_BROKER_URL: broker.url,
      MQTT_CLIENT_ID: `jarvis-sigkill-${randomUUID()}`,
      FRIGATE_MQTT_TOPIC_PREFIX: prefix,
      ALERT_COOLDOWN_SECONDS: "0",
    };
    const burst = Array.from({ length: SIGKILL_BURST }, (_, i) => frigate.addEvent({ camera: i % 2 ? "front_door" : "driveway", label: "person", sub_label: `visitor${i}` }));
    const payloads = burst.map(({ mqtt: lifecycle }) => JSON.stringify(lifecycle[1]));
    let server = await startServerProcess(env, SOURCE_MAIN);
    const pub = await mqtt.connectAsync(broker.url, { clientId: `jarvis-sigkill-pub-${randomUUID()}` });
    const publish = (payload: string) => pub.publishAsync(`${prefix}/events`, payload, { qos: 1 }).then(() => undefined);
    try {
      const first = await burstInto(server, env.JARVIS_PASSWORD, publish, payloads, (b) => b.confirmed.size >= SIGKILL_AT && server.child.kill("SIGKILL"));
      if (!first.stopped) server.child.kill("SIGTERM"); // the burst ended first: recorded as lost below
      const exit = await server.exited;
      figures.note(`SIGKILL after ${first.confirmed.size} confirmed alerts (${first.sent} of ${SIGKILL_BURST} sent)`);
      const rows = readAlerts(dbPath);
      const missing = [...first.confirmed].filter(([id, eventId]) => rows.byId.get(id) !== eventId);
      figures.record(
        "the server was SIGKILLed mid-burst",
        exit.signal === "SIGKILL" && first.stopped && first.sent < SIGKILL_BURST && rows.byId.size < SIGKILL_BURST,
        `signal ${exit.signal}, ${first.sent} sent, ${rows.byId.size} rows of ${SIGKILL_BURST}`,
      );
      figures.record("DB integrity_check ok after SIGKILL", rows.integrity === "ok", rows.integrity);
      figures.record("every committed row is there after SIGKILL", missing.length === 0, `${missing.length} of ${first.confirmed.size} missing`);
      // The server's own open (WAL recovery, migrations run again) works on it.
      const reopened = Store.open(dbPath);
      const newest = reopened.events.list({ types: ["alert"], limit: 1 })[0];
      reopened.close();
      figures.record("Store opens the killed database", newest !== undefined && rows.byId.get(newest.id) === newest.data?.event_id);

      // The server starts again on that data dir, gets what the broker kept for its session, and takes the rest.
      server = await startServerProcess(env, SOURCE_MAIN);
      const health = await request(`${server.url}/api/health`);
      figures.record("the server starts again on the killed data dir and answers /api/health", health.status === 200 && health.json.database === "up", `${health.status}`);
      await burstInto(server, env.JARVIS_PASSWORD, publish, payloads.slice(first.sent));
      const stored = [...readAlerts(dbPath).byId.values()];
      const distinct = new Set(stored);
      const lost = burst.filter(({ event }) => !distinct.has(event.id)).length;
      figures.note(`after the restart ${stored.length} alert rows for ${SIGKILL_BURST} events (${stored.length - distinct.size} delivered twice)`);
      figures.record("QoS 1 events lost across the SIGKILL = 0", lost === 0, `${lost} of ${SIGKILL_BURST} lost`);
      // What the killed server stored but never acknowledged comes again; the restarted one knows it already.
      figures.record("no alert stored twice across the SIGKILL", stored.length === distinct.size, `${stored.length - distinct.size} twice`);
    } finally {
      await pub.endAsync();
      server.child.kill("SIGTERM");
      await server.exited;
      await frigate.close();
      await broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(figures.lost).toEqual([]);
  }, 90_000);
});
