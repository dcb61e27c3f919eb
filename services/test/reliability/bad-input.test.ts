// A seeded fuzzer (FUZZ_SEED to replay) against the running server: random and mutated WebSocket frames,
// Wyoming events, Frigate MQTT payloads and tool arguments. The server must stay up, answer every WS frame
// and every tool call with a result, keep its heap bounded, and still do its job afterwards.
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { request } from "../helpers/http.js";
import { startTestJarvis, SUPERVISOR_ADDRESS, type TestJarvis } from "../helpers/jarvis.js";
import { freePort } from "../helpers/ports.js";
import { TestSocket } from "../helpers/ws.js";
import { Figures } from "./figures.js";
import { personAlerted } from "./person-alert.js";
import { fuzzSeed, heapUsed, Rng } from "./rng.js";

/** Scaled from the 10k per kind to 10k in all, so the suite fits its time bound on two cores. */
const COUNTS = { ws: 4_000, wyoming: 1_500, mqtt: 2_500, tools: 2_000 };
const MCP_TOKEN = "mcp-token-for-the-fuzz-suite-0123456789";
const seed = fuzzSeed();
const rng = new Rng(seed);
const prefix = `jarvis-fuzz-${randomUUID().slice(0, 8)}`;

let lab: HomeLab;
let jarvis: TestJarvis;
let wyomingPort: number;
let heapBefore: number;
const figures = new Figures(`bad-input (seed ${seed})`);
/** Listener-leak warnings Node printed while the fuzzer ran: each means something kept a listener per input. */
const leakWarnings: string[] = [];
const onWarning = (w: Error) => void (w.name === "MaxListenersExceededWarning" && leakWarnings.push(w.message));

beforeAll(async () => {
  lab = await startHomeLab({ taskMs: 10 });
  wyomingPort = await freePort();
  jarvis = await startTestJarvis({
    ...lab.env,
    MCP_API_TOKEN: MCP_TOKEN,
    WYOMING_PORT: String(wyomingPort),
    MQTT_BROKER_URL: "mqtt://127.0.0.1:1883",
    MQTT_CLIENT_ID: `jarvis-fuzz-${randomUUID()}`,
    FRIGATE_MQTT_TOPIC_PREFIX: prefix,
    // Every person may alert, so a mutated message that happens to be valid cannot hold the last one back.
    ALERT_COOLDOWN_SECONDS: "0",
    LOG_LEVEL: "warn",
  });
  heapBefore = await heapUsed();
  process.on("warning", onWarning);
}, 60_000);
afterAll(async () => {
  process.off("warning", onWarning);
  figures.print();
  await jarvis?.stop();
  await lab?.close();
});

const WS_TEMPLATES: Record<string, unknown>[] = [
  { id: 1, type: "tools/list" },
  { id: 1, type: "ping" },
  { id: 1, type: "auth", access_token: "x.y.z" },
  { id: 1, type: "action/approve", action_id: "abc" },
  { id: 1, type: "action/deny", action_id: "abc" },
  { id: 1, type: "unsubscribe", subscription: 3 },
  { id: 1, type: "conversation/process", text: "how is the cluster?" },
  { id: 1, type: "no/such/command" },
];

/** A frame for the WebSocket: random JSON, a mutated command, or broken text; ids stay unique when present. */
function wsFrame(n: number): string {
  const kind = rng.int(4);
  if (kind === 0) return JSON.stringify(rng.json());
  if (kind === 1) return rng.corrupt(JSON.stringify({ ...rng.pick(WS_TEMPLATES), id: n })).toString("latin1");
  const mutated = rng.mutate({ ...rng.pick(WS_TEMPLATES), id: n });
  if (mutated.type === "conversation/process" && typeof mutated.text !== "string") mutated.text = "how is the cluster?";
  return JSON.stringify(mutated);
}

describe("bad input", () => {
  it("answers every random or mutated WebSocket frame and keeps serving", async () => {
    const socket = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS });
    for (let n = 1; n <= COUNTS.ws; n++) {
      const before = socket.received.length;
      socket.send(wsFrame(n));
      // One answer per frame (a result, an error result or a pong); events of a streamed turn may come first.
      const reply = await socket.next((m) => m.type === "result" || m.type === "pong", 10_000).catch(() => null);
      socket.received.splice(0, socket.received.length - Math.max(0, socket.received.length - before));
      figures.record(`WS frame ${n}`, reply !== null && !socket.closed);
      if (socket.closed) break;
    }
    expect((await socket.call({ id: COUNTS.ws + 1, type: "tools/list" })).success).toBe(true);
    socket.close();
  }, 120_000);

  it("answers or drops every random Wyoming event, and still describes itself", async () => {
    const types = ["describe", "transcribe", "audio-start", "audio-chunk", "audio-stop", "synthesize", "transcript", "x"];
    let handled = 0;
    for (let n = 0; n < COUNTS.wyoming; n++) {
      const data = rng.chance(0.5) ? JSON.stringify(rng.mutate({ text: "how is the cluster?", rate: 16000, width: 2, channels: 1 })) : rng.string(50);
      const header: Record<string, unknown> = { type: rng.pick(types), data_length: Buffer.byteLength(data) };
      if (rng.chance(0.3)) header.payload_length = rng.int(4096);
      const line = rng.chance(0.2) ? rng.corrupt(JSON.stringify(header)) : Buffer.from(JSON.stringify(header));
      const bytes = Buffer.concat([line, Buffer.from("\n"), Buffer.from(data), rng.bytes(Number(header.payload_length ?? 0))]);
      const ok = await wyomingExchange(bytes);
      figures.record(`Wyoming event ${n}: ${line.toString("latin1").slice(0, 60)}`, ok);
      handled += ok ? 1 : 0;
    }
    expect(handled).toBe(COUNTS.wyoming);
    expect(await wyomingExchange(Buffer.from('{"type":"describe"}\n'), "info")).toBe(true);
  }, 120_000);

  it("skips random and mutated Frigate MQTT payloads and still alerts on the next real person", async () => {
    const pub = await mqtt.connectAsync("mqtt://127.0.0.1:1883", { clientId: `jarvis-fuzz-pub-${randomUUID()}` });
    const valid = lab.frigate.addEvent({ camera: "front_door", label: "person" }).mqtt[1]!;
    for (let n = 0; n < COUNTS.mqtt; n++) {
      const payload = rng.chance(0.3) ? rng.bytes(rng.int(300)) : rng.chance(0.5) ? JSON.stringify(rng.json()) : JSON.stringify(rng.mutate(valid as unknown as Record<string, unknown>));
      await pub.publishAsync(`${prefix}/events`, payload, { qos: rng.chance(0.5) ? 1 : 0 });
    }
    const alerted = await personAlerted(jarvis, lab.frigate, pub, prefix);
    // Each payload held if the service was still consuming afterwards (no single payload has a reply to see).
    for (let n = 0; n < COUNTS.mqtt; n++) figures.record(`MQTT payload ${n}`, alerted);
    expect(alerted).toBe(true);
  }, 120_000);

  it("returns a result for every random tool call over MCP", async () => {
    const client = new Client({ name: "fuzz", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${jarvis.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${MCP_TOKEN}` } } }));
    const { tools } = await client.listTools();
    let results = 0;
    for (let n = 0; n < COUNTS.tools; n++) {
      const tool = rng.pick(tools);
      const example = Object.fromEntries(Object.keys((tool.inputSchema.properties ?? {}) as object).map((k) => [k, rng.json(1)]));
      const args = rng.chance(0.5) ? rng.mutate(example) : (rng.json(2) as Record<string, unknown>);
      const name = rng.chance(0.05) ? rng.string(20) : tool.name;
      const r = await client.callTool({ name, arguments: args && typeof args === "object" && !Array.isArray(args) ? args : { value: args } }).catch(() => null);
      const ok = r !== null && Array.isArray(r.content);
      figures.record(`tool call ${n}: ${name}`, ok);
      results += ok ? 1 : 0;
    }
    await client.close();
    expect(results).toBe(COUNTS.tools);
  }, 120_000);

  it("is still up, healthy and within its memory bound", async () => {
    const health = await request(`${jarvis.url}/api/health`);
    figures.record("server up after the fuzzing", health.status === 200);
    const grown = (await heapUsed()) - heapBefore;
    figures.note(`heap grew ${(grown / 1048576).toFixed(1)} MiB`);
    figures.record("heap within 128 MiB of where it started", grown < 128 * 1048576, `${(grown / 1048576).toFixed(1)} MiB`);
    figures.record("no listener piled up per input", leakWarnings.length === 0, `${leakWarnings.length} warnings, e.g. ${leakWarnings[0]}`);
    expect(figures.lost).toEqual([]);
  });
});

/** Sends one Wyoming event on a fresh connection: true when the server answered (or `want`) or closed it. */
function wyomingExchange(bytes: Buffer, want?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port: wyomingPort, host: "127.0.0.1" });
    let text = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    // An event the server waits on (audio-start expects chunks) is fine too: it just stays quiet.
    const timer = setTimeout(() => done(want === undefined), 100);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
      if (text.includes("\n")) done(want === undefined || text.startsWith(`{"type":"${want}"`));
    });
    socket.on("close", () => done(want === undefined));
    socket.on("error", () => done(want === undefined));
    socket.on("connect", () => socket.write(bytes));
  });
}
