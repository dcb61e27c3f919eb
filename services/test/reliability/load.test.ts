// Load against the emulators: 50 conversations at once through the agent (Claude emulator + home lab), 200
// WebSocket subscribers of the live event feed, and Frigate MQTT traffic at 1000 events/s. No errors, every
// subscriber gets every event, and the heap comes back to its baseline. The MQTT stream runs the full 30 s
// (the figures line prints what was actually sent).
import { randomUUID } from "node:crypto";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { request } from "../helpers/http.js";
import { startTestJarvis, SUPERVISOR_ADDRESS, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";
import { Figures } from "./figures.js";
import { personAlerted } from "./person-alert.js";
import { heapUsed } from "./rng.js";

const CONVERSATIONS = 50;
const SUBSCRIBERS = 200;
const FEED_EVENTS = 50;
const MQTT_RATE = 1_000;
const MQTT_SECONDS = 30;
const prefix = `jarvis-load-${randomUUID().slice(0, 8)}`;

let lab: HomeLab;
let claude: AnthropicEmulator;
let jarvis: TestJarvis;
let baseline: number;
const figures = new Figures("load");

beforeAll(async () => {
  // Every request is answered from its own body, so concurrent conversations cannot take each other's steps:
  // a tool call first, then, once the tool result is in, the answer.
  [lab, claude] = await Promise.all([
    startHomeLab({ taskMs: 20 }),
    startAnthropicEmulator({
      fallback: (body: any) =>
        JSON.stringify(body.messages.at(-1)).includes("tool_result") ? { text: "All your VMs are listed." } : { toolCalls: [{ name: "get_vms", input: {} }] },
    }),
  ]);
  jarvis = await startTestJarvis({
    ...lab.env,
    ANTHROPIC_API_KEY: claude.apiKey,
    ANTHROPIC_BASE_URL: claude.url,
    LLM_CALLS_PER_MINUTE: "1000",
    DAILY_COST_LIMIT: "10000",
    MQTT_BROKER_URL: "mqtt://127.0.0.1:1883",
    MQTT_CLIENT_ID: `jarvis-load-${randomUUID()}`,
    FRIGATE_MQTT_TOPIC_PREFIX: prefix,
    LOG_LEVEL: "warn",
  });
  baseline = await heapUsed();
}, 60_000);
afterAll(async () => {
  figures.print();
  await jarvis?.stop();
  await Promise.allSettled([lab?.close(), claude?.close()]);
});

describe("load", () => {
  it(`holds ${CONVERSATIONS} conversations at once`, async () => {
    const turns = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, i) => {
        const s = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS });
        try {
          return await s.call({ id: 1, type: "conversation/process", text: `conversation ${i}: list my vms and explain what each does` });
        } finally {
          s.close();
        }
      }),
    );
    const good = turns.filter((t) => t.success && t.result.data.route === "claude" && t.result.data.tools[0]?.status === "ok").length;
    figures.record(`${CONVERSATIONS} concurrent conversations: ${good} answered with their tool`, good === CONVERSATIONS);
    expect(good).toBe(CONVERSATIONS);
  }, 60_000);

  it(`feeds every event to ${SUBSCRIBERS} WebSocket subscribers`, async () => {
    const sockets = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS })));
    await Promise.all(sockets.map((s) => s.call({ id: 1, type: "subscribe_events", types: ["status"] })));
    for (let i = 0; i < FEED_EVENTS; i++) jarvis.store.events.add({ type: "status", source: "system", title: `load ${i}` });
    const got = (s: TestSocket) => s.received.filter((m) => m.type === "event" && String(m.event?.title).startsWith("load ")).length;
    await vi.waitFor(() => expect(sockets.every((s) => got(s) === FEED_EVENTS)).toBe(true), { timeout: 20_000, interval: 100 }).catch(() => undefined);
    const complete = sockets.filter((s) => got(s) === FEED_EVENTS).length;
    for (const s of sockets) s.close();
    figures.record(`${SUBSCRIBERS} subscribers x ${FEED_EVENTS} events: ${complete} got them all`, complete === SUBSCRIBERS);
    expect(complete).toBe(SUBSCRIBERS);
  }, 60_000);

  it(`takes ${MQTT_RATE} Frigate events/s for ${MQTT_SECONDS} s and still alerts`, async () => {
    const pub = await mqtt.connectAsync("mqtt://127.0.0.1:1883", { clientId: `jarvis-load-pub-${randomUUID()}` });
    // Cars and dogs on every camera, and people on cameras that are not entries: all parsed, none alerted.
    const noise = lab.frigate.addEvent({ camera: "backyard", label: "person" }).mqtt.map((m) => JSON.stringify(m));
    let sent = 0;
    const started = Date.now();
    for (let second = 0; second < MQTT_SECONDS; second++) {
      const tick = started + (second + 1) * 1000;
      for (let i = 0; i < MQTT_RATE; i++) {
        pub.publish(`${prefix}/events`, noise[i % noise.length]!, { qos: i % 10 === 0 ? 1 : 0 });
        sent++;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, tick - Date.now())));
    }
    const seconds = (Date.now() - started) / 1000;
    const alerted = await personAlerted(jarvis, lab.frigate, pub, prefix);
    figures.note(`MQTT ${sent} events in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s)`);
    figures.record("the person after the flood is alerted", alerted);
    expect(alerted).toBe(true);
  }, 90_000);

  it("is up and back near its baseline heap afterwards", async () => {
    figures.record("service up after the load", (await request(`${jarvis.url}/api/health`)).status === 200);
    const grown = (await heapUsed()) - baseline;
    figures.note(`heap ${(grown / 1048576).toFixed(1)} MiB above baseline`);
    figures.record("heap back within 64 MiB of baseline", grown < 64 * 1048576, `${(grown / 1048576).toFixed(1)} MiB`);
    expect(figures.lost).toEqual([]);
  });
});
