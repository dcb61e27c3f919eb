// The Frigate MQTT alert service against the real Mosquitto on 127.0.0.1:1883 (topics under a random prefix
// per test), the Frigate emulator (snapshots, REST fallback) and the Home Assistant emulator; the broker
// restart test runs a private Mosquitto behind a relay that can cut our client off.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrigateClient } from "../../src/clients/frigate.js";
import { HomeAssistantClient } from "../../src/clients/homeassistant/client.js";
import { MqttAlertService, type MqttAlertOptions } from "../../src/events/mqtt-alerts.js";
import { Store } from "../../src/store/db.js";
import type { EventRow } from "../../src/store/events.js";
import { startFrigateEmulator, type FrigateEmulator, type MqttEventMessage, type NewEvent } from "../emulators/frigate/index.js";
import { startHomeAssistantEmulator } from "../emulators/homeassistant/index.js";
import { tempDir } from "../helpers/jarvis.js";
import { startBroker, startRelay } from "./mosquitto.js";
import { freePort } from "../helpers/ports.js";

const SHARED_BROKER = "mqtt://127.0.0.1:1883";
const log = pino({ level: "silent" });

let dir: string;
let store: Store;
let frigate: FrigateEmulator;
let prefix: string;
let clock: number;
const cleanup: (() => Promise<unknown> | unknown)[] = [];

beforeEach(async () => {
  dir = tempDir("jarvis-alerts-");
  store = Store.open(path.join(dir, "j.db"));
  frigate = await startFrigateEmulator();
  prefix = `jarvis-test-${randomUUID().slice(0, 8)}`;
  clock = Date.now();
});

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  await frigate.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function service(overrides: Partial<MqttAlertOptions> = {}, onStatus?: (s: "up" | "down", d: string) => void) {
  const frigateClient = new FrigateClient({ url: frigate.url }, log);
  const s = new MqttAlertService(
    {
      mqtt: { url: SHARED_BROKER, clientId: `jarvis-test-${randomUUID()}` },
      entryCameras: ["front_door"],
      topicPrefix: prefix,
      backoffMinMs: 50,
      backoffMaxMs: 400,
      pollIntervalMs: 100,
      now: () => clock,
      events: store.events,
      frigate: frigateClient,
      ...overrides,
    },
    log,
    onStatus,
  );
  cleanup.push(() => frigateClient.close(), () => s.close());
  return s;
}

async function publisher(url = SHARED_BROKER): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { clientId: `jarvis-test-pub-${randomUUID()}` });
  cleanup.push(() => client.endAsync());
  return client;
}

const publish = (pub: MqttClient, messages: readonly (MqttEventMessage | string)[]) =>
  messages.reduce(
    (done, m) => done.then(() => pub.publishAsync(`${prefix}/events`, typeof m === "string" ? m : JSON.stringify(m), { qos: 1 })),
    Promise.resolve() as Promise<unknown>,
  );

/** A person (or other object) that just walked past a camera: its full MQTT lifecycle. */
const sighting = (input: Partial<NewEvent> & Pick<NewEvent, "camera">) => frigate.addEvent({ label: "person", ...input });

const alerts = (): EventRow[] => store.events.list({ types: ["alert"] }).reverse();

async function alertCount(n: number): Promise<EventRow[]> {
  await vi.waitFor(() => expect(alerts()).toHaveLength(n), { timeout: 10_000, interval: 20 });
  return alerts();
}

describe("person alerts over MQTT", () => {
  it("alerts once per Frigate event across new/update/end, names a known face, fires jarvis_alert and speaks", async () => {
    const ha = await startHomeAssistantEmulator({ token: "ha-token-for-alert-tests" });
    const haClient = new HomeAssistantClient({ kind: "direct", url: ha.url, token: ha.token, exposeAll: false }, log);
    cleanup.push(() => ha.close(), () => haClient.close());
    await haClient.connect();
    const spoken: string[] = [];
    await service({ ha: haClient, speak: (text) => spoken.push(text) }).start();

    const { event, mqtt: lifecycle } = sighting({ camera: "front_door", sub_label: "alice", zones: ["porch"] });
    expect(lifecycle.map((m) => m.type)).toEqual(["new", "update", "end"]);
    const pub = await publisher();
    await publish(pub, lifecycle);
    await publish(pub, lifecycle); // a QoS 1 redelivery of the same messages changes nothing

    const [alert] = await alertCount(1);
    expect(alert).toMatchObject({ type: "alert", source: "monitor", severity: "info", title: "Alice is at the front door" });
    expect(alert!.data).toMatchObject({ camera: "front_door", name: "Alice", known: true, event_id: event.id, zones: ["porch"] });
    expect(alert!.data!.snapshot).toBe(`/api/events/${encodeURIComponent(event.id)}/snapshot.jpg`);
    const thumb = Buffer.from(String(alert!.data!.thumbnail).replace(/^data:image\/jpeg;base64,/, ""), "base64");
    expect([...thumb.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);

    await vi.waitFor(() => expect(ha.firedEvents("jarvis_alert")).toHaveLength(1));
    expect(ha.firedEvents("jarvis_alert")[0]!.data).toEqual({
      camera: "front_door",
      label: "person",
      name: "Alice",
      known: true,
      event_id: event.id,
    });
    expect(spoken).toEqual(["Alice is at the front door."]);

    // Another person after the cooldown proves the repeats above were really ignored, not still queued.
    clock += 5 * 60_000;
    await publish(pub, sighting({ camera: "front_door" }).mqtt);
    expect((await alertCount(2)).map((a) => a.title)).toEqual(["Alice is at the front door", "Someone unknown is at the front door"]);
  });

  it("does not alert again after a restart for a Frigate event it already stored", async () => {
    const first = service({ cooldownMs: 0 });
    await first.start();
    const pub = await publisher();
    const seen = sighting({ camera: "front_door", sub_label: "bob" });
    await publish(pub, seen.mqtt);
    await alertCount(1);
    await first.close();
    // The broker hands the restarted service what the old one never acknowledged: the same event again.
    await service({ cooldownMs: 0 }).start();
    await publish(pub, seen.mqtt);
    await publish(pub, sighting({ camera: "front_door", sub_label: "carol" }).mqtt);
    expect((await alertCount(2)).map((a) => a.data!.event_id)).toEqual([seen.event.id, expect.not.stringMatching(seen.event.id)]);
  });

  it("flags an unknown visitor, once per event even with no cooldown", async () => {
    await service({ cooldownMs: 0 }).start();
    const { event, mqtt: lifecycle } = sighting({ camera: "front_door", zones: ["walkway"] });
    const pub = await publisher();
    await publish(pub, lifecycle);
    await publish(pub, sighting({ camera: "front_door", sub_label: "bob" }).mqtt);
    const [alert, next] = await alertCount(2);
    expect(alert).toMatchObject({ severity: "warning", title: "Someone unknown is at the front door" });
    expect(alert!.data).toMatchObject({ name: null, known: false, event_id: event.id });
    expect(next!.title).toBe("Bob is at the front door");
  });

  it("holds a camera quiet for the cooldown, and watches only entry cameras and zones", async () => {
    await service({ entryZones: ["driveway_entrance"] }).start();
    const pub = await publisher();
    await publish(pub, sighting({ camera: "front_door" }).mqtt);
    await alertCount(1);

    clock += 4 * 60_000; // inside the 5-minute cooldown
    await publish(pub, sighting({ camera: "front_door", sub_label: "bob" }).mqtt);
    await publish(pub, sighting({ camera: "backyard" }).mqtt); // not an entry camera
    await publish(pub, sighting({ camera: "front_door", label: "dog" }).mqtt); // not a person
    await publish(pub, sighting({ camera: "driveway", sub_label: "bob", zones: ["driveway_entrance"] }).mqtt);
    // The driveway alert came after the others on the same topic, so they were all seen by then.
    expect((await alertCount(2)).map((a) => a.title)).toEqual([
      "Someone unknown is at the front door",
      "Bob is at the driveway",
    ]);

    clock += 60_000; // the front door's cooldown is over
    await publish(pub, sighting({ camera: "front_door", sub_label: "bob" }).mqtt);
    expect((await alertCount(3))[2]!.title).toBe("Bob is at the front door");
  });

  it("skips malformed messages and goes on with the next good one", async () => {
    await service().start();
    const good = sighting({ camera: "front_door" }).mqtt;
    const update = good[1]!;
    const { sub_label: _dropped, ...noSubLabel } = update.after;
    const badOnes = [
      "not json at all",
      "null",
      JSON.stringify({ type: "update" }),
      JSON.stringify({ ...update, type: "moved" }),
      JSON.stringify({ ...update, after: { ...update.after, id: 42 } }),
      JSON.stringify({ ...update, after: noSubLabel }),
      JSON.stringify({ ...update, after: { ...update.after, sub_label: ["alice"] } }),
      JSON.stringify({ ...update, after: { ...update.after, current_zones: "porch" } }),
    ];
    const pub = await publisher();
    await publish(pub, badOnes);
    await pub.publishAsync(`${prefix}/events`, Buffer.from([0xff, 0xfe, 0x00]), { qos: 1 });
    await publish(pub, good);
    const [alert] = await alertCount(1);
    expect(alert!.title).toBe("Someone unknown is at the front door");
  });
});

describe("lost connections", () => {
  it("starts without a broker, reports it down and keeps trying", async () => {
    const states: string[] = [];
    const s = service({ mqtt: { url: `mqtt://127.0.0.1:${await freePort()}`, clientId: `jarvis-test-${randomUUID()}` } }, (st) =>
      states.push(st),
    );
    await s.start();
    expect(states).toEqual(["down"]);
    await vi.waitFor(() => expect(states.length).toBeGreaterThan(2));
    expect(new Set(states)).toEqual(new Set(["down"]));
  });

  it("gets the QoS 1 messages published while it was away, across a broker restart", async () => {
    const broker = await startBroker();
    const relay = await startRelay(broker.port);
    cleanup.push(() => broker.close(), () => relay.close());
    const states: string[] = [];
    // No Frigate client: only MQTT can deliver these alerts.
    const s = service(
      { mqtt: { url: relay.url, clientId: `jarvis-test-${randomUUID()}` }, entryCameras: ["front_door", "driveway"], frigate: null },
      (st) => states.push(st),
    );
    await s.start();
    expect(states).toEqual(["up"]);

    relay.cut();
    await vi.waitFor(() => expect(states.at(-1)).toBe("down"));
    const first = sighting({ camera: "front_door", sub_label: "alice" });
    let pub = await mqtt.connectAsync(broker.url, { clientId: `jarvis-test-pub-${randomUUID()}` });
    await publish(pub, first.mqtt);
    await pub.endAsync();

    await broker.restart();
    const second = sighting({ camera: "driveway", sub_label: "bob" });
    pub = await mqtt.connectAsync(broker.url, { clientId: `jarvis-test-pub-${randomUUID()}` });
    await publish(pub, second.mqtt);
    await pub.endAsync();
    expect(alerts()).toHaveLength(0);

    relay.restore();
    const got = await alertCount(2);
    expect(got.map((a) => a.data!.event_id)).toEqual([first.event.id, second.event.id]);
    await vi.waitFor(() => expect(states.at(-1)).toBe("up"));
  });

  it("acknowledges a QoS 1 message only once its alert is stored, so one taken but not stored comes again", async () => {
    const relay = await startRelay(1883);
    cleanup.push(() => relay.close());
    const clientId = `jarvis-test-${randomUUID()}`;
    // The first Jarvis takes the person and waits for Frigate's snapshot; its connection dies meanwhile, as if
    // the process had. Its own (late) alert goes to a store nobody reads.
    frigate.setDelay(1_500);
    await service({ mqtt: { url: relay.url, clientId }, events: { add: () => undefined } }).start();
    const person = sighting({ camera: "front_door", sub_label: "alice" });
    const pub = await publisher();
    await publish(pub, [person.mqtt[1]!]);
    const snapshot = `/api/events/${person.event.id}/snapshot.jpg`;
    await vi.waitFor(() => expect(frigate.requestCount(snapshot)).toBe(1), { timeout: 5_000, interval: 10 });
    relay.cut();
    frigate.setDelay(0);
    // The next Jarvis on the same session gets the message again from the broker.
    await service({ mqtt: { url: SHARED_BROKER, clientId }, frigate: null }).start();
    const got = await alertCount(1);
    expect(got[0]!.data!.event_id).toBe(person.event.id);
  });

  it("polls Frigate's REST API while the broker is down, without a second alert when MQTT comes back", async () => {
    const relay = await startRelay(1883);
    cleanup.push(() => relay.close());
    const states: string[] = [];
    const s = service({ mqtt: { url: relay.url, clientId: `jarvis-test-${randomUUID()}` } }, (st) => states.push(st));
    await s.start();
    relay.cut();
    await vi.waitFor(() => expect(states.at(-1)).toBe("down"));

    // Frigate records a visitor while we cannot hear its MQTT messages.
    const missed = sighting({ camera: "front_door", sub_label: "alice" });
    const [alert] = await alertCount(1);
    expect(alert).toMatchObject({ title: "Alice is at the front door" });
    expect(alert!.data).toMatchObject({ event_id: missed.event.id });
    expect(frigate.requestCount("/api/events")).toBeGreaterThan(0);

    // Frigate's MQTT messages for that visitor (queued or late) arrive once we are back: no second alert.
    await publish(await publisher(), missed.mqtt);
    relay.restore();
    await vi.waitFor(() => expect(states.at(-1)).toBe("up"));
    clock += 10 * 60_000; // past the cooldown, so only the per-event rule can hold the repeats back
    await publish(await publisher(), missed.mqtt);
    await publish(await publisher(), sighting({ camera: "front_door", sub_label: "bob" }).mqtt);
    expect((await alertCount(2)).map((a) => a.title)).toEqual(["Alice is at the front door", "Bob is at the front door"]);
  });
});
