// The Home Assistant client against the websocket emulator (real sockets on 127.0.0.1), plus checks that the
// emulator itself refuses what HA refuses.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HomeAssistantClient, type HomeAssistantOptions } from "../../src/clients/homeassistant/client.js";
import { websocketUrl } from "../../src/clients/homeassistant/socket.js";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../emulators/homeassistant/index.js";
import { TestSocket } from "../helpers/ws.js";

const TOKEN = "long-lived-access-token-for-tests";
const logger = pino({ level: "silent" });

let ha: HomeAssistantEmulator;
let opened: HomeAssistantClient[];

beforeEach(async () => {
  ha = await startHomeAssistantEmulator({ token: TOKEN });
  opened = [];
});

afterEach(async () => {
  await Promise.all(opened.map((c) => c.close()));
  await ha.close();
});

function client(
  overrides: Partial<HomeAssistantOptions> = {},
  onStatus?: (state: "up" | "down", detail: string) => void,
): HomeAssistantClient {
  const c = new HomeAssistantClient(
    { kind: "direct", url: ha.url, token: TOKEN, exposeAll: false, ...overrides },
    logger,
    onStatus,
  );
  opened.push(c);
  return c;
}

/** A second, raw websocket client: another HA user or integration acting on the same home. */
async function rawSocket(): Promise<TestSocket> {
  const socket = await TestSocket.open(`${ha.url.replace("http", "ws")}/api/websocket`);
  await socket.next((m) => m.type === "auth_required");
  socket.send({ type: "auth", access_token: TOKEN });
  await socket.next((m) => m.type === "auth_ok");
  return socket;
}

async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const err = await promise.then(
    () => expect.unreachable("expected a failure"),
    (e: unknown) => e,
  );
  return err as { kind: string; message: string };
}

describe("websocket URL", () => {
  it("uses the Supervisor's proxy path for the add-on and HA's own path for a direct URL", () => {
    expect(websocketUrl("supervisor", "http://supervisor/core")).toBe("ws://supervisor/core/websocket");
    expect(websocketUrl("direct", "http://127.0.0.1:8123")).toBe("ws://127.0.0.1:8123/api/websocket");
    expect(websocketUrl("direct", "https://127.0.0.1:8443/ha/")).toBe("wss://127.0.0.1:8443/ha/api/websocket");
  });
});

describe("HomeAssistantClient", () => {
  it("connects with a good token, fills the entity cache and reports up", async () => {
    const statuses: string[] = [];
    const c = client({}, (state) => statuses.push(state));
    await c.connect();
    expect(c.entity("lock.front_door")?.state).toBe("locked");
    expect(c.entity("sensor.living_room_temperature")?.attributes.unit_of_measurement).toBe("°C");
    expect(Object.keys(c.entities()).length).toBeGreaterThan(10);
    expect(statuses).toEqual(["up"]);
  });

  it("reaches HA through the Supervisor's path when configured as the add-on", async () => {
    const c = client({ kind: "supervisor", url: `${ha.url}/core` });
    await c.connect();
    expect(c.entity("climate.thermostat")?.state).toBe("heat");
  });

  it("refuses a bad token with kind auth and reports down", async () => {
    const statuses: string[] = [];
    const c = client({ token: "wrong-token" }, (state, detail) => statuses.push(`${state}: ${detail}`));
    const err = await failure(c.connect());
    expect(err.kind).toBe("auth");
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatch(/^down: .*refused/);
  });

  it("says unreachable when nothing listens", async () => {
    const url = ha.url;
    await ha.close();
    ha = await startHomeAssistantEmulator({ token: TOKEN });
    const err = await failure(client({ url, connectTimeoutMs: 2_000 }).connect());
    expect(err.kind).toBe("unreachable");
    expect(err.message).toContain("ECONNREFUSED");
  });

  it("keeps the entity cache in step with changes made elsewhere", async () => {
    const c = client();
    await c.connect();
    const other = await rawSocket();
    const reply = await other.call({
      id: 1,
      type: "call_service",
      domain: "light",
      service: "turn_on",
      service_data: { brightness: 99 },
      target: { entity_id: "light.living_room" },
    });
    expect(reply.success).toBe(true);
    await vi.waitFor(() => expect(c.entity("light.living_room")?.state).toBe("on"));
    expect(c.entity("light.living_room")?.attributes.brightness).toBe(99);

    const heard: string[] = [];
    c.onEntities((entities) => heard.push(entities["sensor.outdoor_temperature"]?.state ?? ""));
    ha.setState("sensor.outdoor_temperature", "3.1");
    await vi.waitFor(() => expect(c.entity("sensor.outdoor_temperature")?.state).toBe("3.1"));
    expect(heard).toContain("3.1");
    other.close();
  });

  it("calls services that change state, and fires HA's call_service event", async () => {
    const c = client();
    await c.connect();
    const result = await c.callService("lock", "unlock", { target: { entity_id: "lock.front_door" } });
    expect(result.context.id).toMatch(/^[0-9a-f]{32}$/);
    expect(result).not.toHaveProperty("response");
    expect(ha.state("lock.front_door")?.state).toBe("unlocked");
    await vi.waitFor(() => expect(c.entity("lock.front_door")?.state).toBe("unlocked"));

    await c.callService("climate", "set_temperature", {
      target: { entity_id: "climate.thermostat" },
      data: { temperature: 23.5 },
    });
    expect(ha.state("climate.thermostat")?.attributes.temperature).toBe(23.5);
    const events = ha.firedEvents("call_service").map((e) => e.data);
    expect(events).toContainEqual({
      domain: "climate",
      service: "set_temperature",
      service_data: { temperature: 23.5, entity_id: "climate.thermostat" },
    });
  });

  it("returns the service's response when asked for one", async () => {
    const c = client();
    await c.connect();
    const result = await c.callService("weather", "get_forecasts", {
      target: { entity_id: "weather.home" },
      data: { type: "daily" },
      returnResponse: true,
    });
    const response = result.response as Record<string, { forecast: unknown[] }>;
    expect(response["weather.home"]?.forecast).toHaveLength(3);
  });

  it("explains service errors with a kind a tool can act on", async () => {
    const c = client();
    await c.connect();
    const unknown = await failure(c.callService("light", "explode", { target: { entity_id: "light.kitchen" } }));
    expect(unknown.kind).toBe("not_found");
    expect(unknown.message).toContain("light.explode");

    const noResponse = await failure(
      c.callService("light", "turn_on", { target: { entity_id: "light.kitchen" }, returnResponse: true }),
    );
    expect(noResponse.kind).toBe("bad_request");
    expect(noResponse.message).toContain("service_validation_error");

    const needsResponse = await failure(c.callService("weather", "get_forecasts", { data: { type: "daily" } }));
    expect(needsResponse.kind).toBe("bad_request");

    const badData = await failure(
      c.callService("light", "turn_on", { target: { entity_id: "light.kitchen" }, data: { brightness: 999 } }),
    );
    expect(badData.kind).toBe("bad_request");
    expect(badData.message).toContain("invalid_format");
    expect(ha.state("light.kitchen")?.attributes.brightness).toBe(180);
  });

  it("fires events that reach HA's subscribers, and receives events from HA", async () => {
    const c = client();
    await c.connect();
    const listener = await rawSocket();
    await listener.call({ id: 1, type: "subscribe_events", event_type: "jarvis_alert" });
    await c.fireEvent("jarvis_alert", { severity: "high", message: "node pve2 is down" });
    const delivered = await listener.next((m) => m.type === "event");
    expect(delivered.id).toBe(1);
    expect(delivered.event).toMatchObject({
      event_type: "jarvis_alert",
      data: { severity: "high", message: "node pve2 is down" },
      origin: "LOCAL",
    });
    expect(ha.firedEvents("jarvis_alert")).toHaveLength(1);

    const seen: { event_type: string; data: Record<string, unknown> }[] = [];
    const unsubscribe = await c.subscribeEvents<{ event_type: string; data: Record<string, unknown> }>(
      (e) => seen.push(e),
      "doorbell_pressed",
    );
    await listener.call({ id: 2, type: "fire_event", event_type: "doorbell_pressed", event_data: { door: "front" } });
    await vi.waitFor(() => expect(seen.map((e) => e.data)).toEqual([{ door: "front" }]));
    await unsubscribe();
    listener.close();
  });

  it("offers only the entities exposed to Assist, with their areas", async () => {
    const c = client();
    await c.connect();
    const offered = await c.exposedEntities();
    const ids = offered.map((e) => e.entity_id);
    expect(ids).toContain("lock.front_door");
    expect(ids).toContain("sensor.living_room_temperature");
    expect(ids).not.toContain("light.bedroom"); // exposure switched off
    expect(ids).not.toContain("switch.server_rack_fan"); // never exposed
    expect(offered.find((e) => e.entity_id === "sensor.living_room_temperature")).toEqual({
      entity_id: "sensor.living_room_temperature",
      name: "Living Room Temperature",
      state: "21.3",
      domain: "sensor",
      area: "Living Room",
      attributes: { unit_of_measurement: "°C", device_class: "temperature" },
    });

    ha.setExposed("light.bedroom", true);
    expect((await c.exposedEntities()).map((e) => e.entity_id)).toContain("light.bedroom");
  });

  it("offers every entity when exposeAll is set", async () => {
    const c = client({ exposeAll: true });
    await c.connect();
    const ids = (await c.exposedEntities()).map((e) => e.entity_id);
    expect(ids).toContain("switch.server_rack_fan");
    expect(ids).toContain("device_tracker.sam_phone");
    expect(ids).toHaveLength(Object.keys(c.entities()).length);
  });

  it("reconnects after the socket drops: reports down then up, the cache resumes and calls work", async () => {
    const statuses: string[] = [];
    const c = client({}, (state) => statuses.push(state));
    await c.connect();
    ha.dropAll();
    await vi.waitFor(() => expect(statuses).toEqual(["up", "down", "up"]));
    expect(ha.connectionCount()).toBe(2);

    ha.setState("person.sam", "home");
    await vi.waitFor(() => expect(c.entity("person.sam")?.state).toBe("home"));
    await c.callService("switch", "turn_on", { target: { entity_id: "switch.coffee_maker" } });
    expect(ha.state("switch.coffee_maker")?.state).toBe("on");
  });

  it("gives up on a command HA does not answer with kind timeout", async () => {
    const c = client({ commandTimeoutMs: 300 });
    await c.connect();
    ha.silence("get_states", true);
    const err = await failure(c.states());
    expect(err.kind).toBe("timeout");
    ha.silence("get_states", false);
    expect((await c.states()).length).toBeGreaterThan(10);
  });

  it("fails calls after close() instead of reconnecting", async () => {
    const c = client();
    await c.connect();
    await c.close();
    expect((await failure(c.states())).kind).toBe("unreachable");
    await vi.waitFor(() => expect(ha.openConnections()).toBe(0));
  });

  it("leaves no open handles after close(): a process using it ends by itself", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const script = `
      const { startHomeAssistantEmulator } = await import("./test/emulators/homeassistant/index.ts");
      const { HomeAssistantClient } = await import("./src/clients/homeassistant/client.ts");
      const { pino } = await import("pino");
      const ha = await startHomeAssistantEmulator({ token: "t" });
      const c = new HomeAssistantClient({ kind: "direct", url: ha.url, token: "t", exposeAll: false },
        pino({ level: "silent" }));
      await c.connect();
      ha.dropAll();
      await c.callService("light", "toggle", { target: { entity_id: "light.kitchen" } }).catch(() => {});
      await c.close();
      await ha.close();
      console.log("closed");
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    // Generous bound: only a handle left open keeps the process alive that long.
    const killer = setTimeout(() => child.kill(), 20_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    clearTimeout(killer);
    expect(out).toContain("closed");
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });
});

describe("Home Assistant emulator protocol", () => {
  it("refuses a wrong token with auth_invalid and closes the socket", async () => {
    const socket = await TestSocket.open(`${ha.url.replace("http", "ws")}/api/websocket`);
    expect(await socket.next((m) => m.type === "auth_required")).toEqual({
      type: "auth_required",
      ha_version: ha.haVersion,
    });
    socket.send({ type: "auth", access_token: "nope" });
    expect(await socket.next(() => true)).toEqual({ type: "auth_invalid", message: "Invalid access token or password" });
    await socket.waitClose();
  });

  it("answers malformed, repeated-id and unknown commands with HA's error results", async () => {
    const socket = await rawSocket();
    const noId = await (socket.send({ type: "get_states" }), socket.next((m) => m.type === "result"));
    expect(noId).toEqual({
      id: null,
      type: "result",
      success: false,
      error: { code: "invalid_format", message: "Message incorrectly formatted." },
    });
    expect((await socket.call({ id: 5, type: "ping" })).type).toBe("pong");
    expect((await socket.call({ id: 5, type: "get_states" })).error.code).toBe("id_reuse");
    expect((await socket.call({ id: 6, type: "no_such_command" })).error).toEqual({
      code: "unknown_command",
      message: "Unknown command.",
    });
    const missing = await socket.call({ id: 7, type: "call_service", service: "turn_on" });
    expect(missing.error.code).toBe("invalid_format");
    expect(missing.error.message).toContain("data['domain']");
    const unknown = await socket.call({ id: 8, type: "call_service", domain: "light", service: "explode" });
    expect(unknown.error).toMatchObject({ code: "not_found", translation_key: "service_not_found" });
    const badSub = await socket.call({ id: 9, type: "unsubscribe_events", subscription: 42 });
    expect(badSub.error.code).toBe("not_found");
    socket.close();
  });

  it("sends subscribe_entities as a compressed snapshot, then diffs", async () => {
    const socket = await rawSocket();
    expect(await socket.call({ id: 1, type: "subscribe_entities", entity_ids: ["light.kitchen"] })).toMatchObject({
      success: true,
      result: null,
    });
    const initial = await socket.next((m) => m.type === "event");
    expect(Object.keys(initial.event.a)).toEqual(["light.kitchen"]);
    expect(initial.event.a["light.kitchen"]).toMatchObject({ s: "on", a: { brightness: 180 } });
    expect(typeof initial.event.a["light.kitchen"].lc).toBe("number");

    ha.setState("light.kitchen", "off", { friendly_name: "Kitchen Light" });
    const diff = await socket.next((m) => m.type === "event");
    const change = diff.event.c["light.kitchen"];
    expect(change["+"]).toMatchObject({ s: "off" });
    expect(change["-"].a).toContain("brightness");
    socket.close();
  });

  const EXAMPLES = path.resolve(import.meta.dirname, "../../../../shared/schemas/ha-websocket-examples.json");
  if (!existsSync(EXAMPLES)) console.log(`note: ${EXAMPLES} not present; HA websocket conformance check skipped`);

  it.skipIf(!existsSync(EXAMPLES))("answers the documented commands with the documented message shapes", async () => {
    type Example = { direction: string; section: string; message: any };
    const examples = JSON.parse(readFileSync(EXAMPLES, "utf8")) as Example[];
    const reply = (section: string, type: string) =>
      examples.find((e) => e.direction === "server_to_client" && e.section === section && e.message.type === type)
        ?.message;
    const socket = await rawSocket();
    let id = 10;
    const checks: [string, { type: string; [k: string]: unknown }, string][] = [
      ["Fetching states", { type: "get_states" }, "result"],
      ["Fetching config", { type: "get_config" }, "result"],
      ["Pings and pongs", { type: "ping" }, "pong"],
      ["Subscribe to events", { type: "subscribe_events", event_type: "state_changed" }, "result"],
      ["Fire an event", { type: "fire_event", event_type: "mydomain_event", event_data: { a: 1 } }, "result"],
      ["List exposed entities", { type: "homeassistant/expose_entity/list" }, "result"],
      [
        "Calling a service action",
        { type: "call_service", domain: "light", service: "turn_on", target: { entity_id: "light.living_room" } },
        "result",
      ],
    ];
    for (const [section, command, replyType] of checks) {
      const documented = reply(section, replyType);
      expect(documented, section).toBeDefined();
      const got = await socket.call({ id: ++id, ...command });
      expect(Object.keys(got).sort(), section).toEqual(Object.keys(documented).sort());
      if (documented.result && typeof documented.result === "object" && !Array.isArray(documented.result)) {
        const keys = Object.keys(documented.result).filter((k) => k !== "response");
        expect(Object.keys(got.result), section).toEqual(expect.arrayContaining(keys));
      }
    }
    const event = await socket.next((m) => m.type === "event" && m.event.event_type === "state_changed");
    const documentedEvent = examples.find((e) => e.section === "Subscribe to events" && e.message.type === "event")!;
    expect(Object.keys(event.event).sort()).toEqual(
      expect.arrayContaining(Object.keys(documentedEvent.message.event).sort()),
    );
    expect(Object.keys(event.event.data.new_state)).toEqual(
      expect.arrayContaining(Object.keys(documentedEvent.message.event.data.new_state)),
    );
    socket.close();
  });
});
