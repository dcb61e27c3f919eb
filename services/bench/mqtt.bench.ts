// MQTT alert ingest against the real Mosquitto on 127.0.0.1:1883: a burst of Frigate person events published
// at QoS 1, timed until every one is parsed, decided on and stored as an alert (distinct events, no
// cooldown, so each message must become one row). Baseline: a bare mqtt.js subscriber receiving the same
// burst with no parsing or storing. The notes give events/s and how many were lost (must be 0).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import mqtt, { type MqttClient } from "mqtt";
import { MqttAlertService } from "../src/events/mqtt-alerts.js";
import { createLogger } from "../src/log.js";
import { Store } from "../src/store/db.js";
import { makeEvent } from "../test/emulators/frigate/data.js";
import { mqttEventMessage } from "../test/emulators/frigate/mqtt.js";
import type { Suite } from "./harness.js";

const BROKER = "mqtt://127.0.0.1:1883";
const BURST = 200;
const CAMERAS = ["front_door", "driveway", "backyard"];
const ROUND_TIMEOUT_MS = 10_000;

interface Bench {
  dir: string;
  store: Store;
  service: MqttAlertService;
  raw: MqttClient;
  pub: MqttClient;
  prefix: string;
}

type CaseName = "raw" | "service";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function createMqttSuite(): Suite {
  let bench: Bench | undefined;
  let burstNo = 0;
  let rawReceived = 0;
  let stored = 0;
  const timings: Record<CaseName, number[]> = { raw: [], service: [] };
  const lost: Record<CaseName, number> = { raw: 0, service: 0 };
  const ready = () => {
    if (!bench) throw new Error("mqtt bench: setup did not run");
    return bench;
  };

  /** BURST update messages of new person events, as Frigate sends them once a snapshot exists. */
  const burst = () => {
    const n = burstNo++;
    const t = Date.now() / 1000;
    return Array.from({ length: BURST }, (_, i) => {
      const e = makeEvent({ camera: CAMERAS[i % CAMERAS.length]!, label: "person", id: `${t.toFixed(6)}-b${n}x${i}` }, i, t);
      return JSON.stringify(mqttEventMessage(e, "update"));
    });
  };

  /** Publishes the burst and waits until `count()` has grown by BURST. */
  const timed = async (which: CaseName, topic: string, count: () => number) => {
    const b = ready();
    const messages = burst();
    const before = count();
    const start = performance.now();
    await Promise.all(messages.map((m) => b.pub.publishAsync(`${b.prefix}${topic}`, m, { qos: 1 })));
    const deadline = start + ROUND_TIMEOUT_MS;
    while (count() - before < BURST && performance.now() < deadline) await new Promise((r) => setImmediate(r));
    timings[which].push(performance.now() - start);
    lost[which] += Math.max(0, BURST - (count() - before));
  };

  return {
    name: "mqtt",
    rounds: 20,
    warmup: 2,
    async setup() {
      const dir = mkdtempSync(path.join(tmpdir(), "jarvis-bench-mqtt-"));
      const store = Store.open(path.join(dir, "j.db"));
      store.events.subscribe(() => stored++);
      const prefix = `jarvis-bench-${randomUUID().slice(0, 8)}`;
      const log = createLogger({ level: "silent" });
      const service = new MqttAlertService(
        {
          mqtt: { url: BROKER, clientId: `${prefix}-service` },
          entryCameras: [],
          topicPrefix: `${prefix}/svc`,
          cooldownMs: 0,
          events: store.events,
        },
        log,
      );
      await service.start();
      const raw = await mqtt.connectAsync(BROKER, { clientId: `${prefix}-raw` });
      raw.on("message", () => rawReceived++);
      await raw.subscribeAsync(`${prefix}/raw/events`, { qos: 1 });
      const pub = await mqtt.connectAsync(BROKER, { clientId: `${prefix}-pub` });
      bench = { dir, store, service, raw, pub, prefix };
      for (const k of ["raw", "service"] as const) {
        timings[k].length = 0;
        lost[k] = 0;
      }
    },
    async teardown() {
      const b = ready();
      bench = undefined;
      await Promise.all([b.pub.endAsync(), b.raw.endAsync(), b.service.close()]);
      b.store.close();
      rmSync(b.dir, { recursive: true, force: true });
    },
    baseline: {
      name: `${BURST} events: raw publish/receive`,
      run: () => timed("raw", "/raw/events", () => rawReceived),
    },
    cases: [
      {
        name: `${BURST} events: parsed + stored alerts`,
        run: () => timed("service", "/svc/events", () => stored),
      },
    ],
    notes: () =>
      (["raw", "service"] as const).map(
        (k) =>
          `${k}: ${Math.round(BURST / (median(timings[k]) / 1000))} events/s (median), ` +
          `${lost[k]} lost of ${timings[k].length * BURST} published`,
      ),
  };
}

export const mqttSuite: Suite = createMqttSuite();
