// What the Home Assistant client reads from HA's registries, against the emulator: an entity's area is its
// own, else its device's (as in HA); the directory the fast path resolves names with carries aliases, device
// names and area aliases; a home other than the demo's reads the same way. The emulator's registry listings
// have HA's shapes (entity_registry/list_for_display, get_entries, device_registry/list, area_registry/list).
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { HomeAssistantClient } from "../../src/clients/homeassistant/client.js";
import { COTTAGE_HOME } from "../emulators/homeassistant/homes/cottage.js";
import type { SeedHome } from "../emulators/homeassistant/homes/types.js";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../emulators/homeassistant/index.js";
import { TestSocket } from "../helpers/ws.js";

const TOKEN = "registries-test-token";
const opened: { ha: HomeAssistantEmulator; client: HomeAssistantClient }[] = [];
afterEach(async () => {
  for (const { ha, client } of opened.splice(0)) {
    await client.close();
    await ha.close();
  }
});

async function connected(home?: SeedHome) {
  const ha = await startHomeAssistantEmulator({ token: TOKEN, home });
  const client = new HomeAssistantClient({ kind: "direct", url: ha.url, token: TOKEN, exposeAll: false }, pino({ level: "silent" }));
  opened.push({ ha, client });
  await client.connect();
  return { ha, client };
}

async function raw(ha: HomeAssistantEmulator, msg: Record<string, unknown>) {
  const s = await TestSocket.open(`${ha.url.replace("http", "ws")}/api/websocket`);
  await s.next((m) => m.type === "auth_required");
  s.send({ type: "auth", access_token: TOKEN });
  await s.next((m) => m.type === "auth_ok");
  const result = await s.call({ id: 1, ...msg } as { id: number; type: string });
  s.close();
  return result;
}

describe("areas", () => {
  it("gives an entity without an area of its own its device's area", async () => {
    const { client } = await connected();
    const offered = await client.exposedEntities();
    const area = (id: string) => offered.find((e) => e.entity_id === id)?.area;
    expect(area("light.hue_go")).toBe("Office"); // only its device is in the Office
    expect(area("light.office_ceiling")).toBe("Office");
    expect(area("cover.garage_door")).toBe("Garage");
    expect(area("light.kitchen")).toBe("Kitchen"); // its own
    expect(area("sensor.outdoor_temperature")).toBeUndefined(); // neither
  });

  it("lets the entity's own area win over its device's", async () => {
    const home: SeedHome = {
      name: "Flat",
      areas: [{ area_id: "hall", name: "Hall" }, { area_id: "den", name: "Den" }],
      devices: [{ id: "dev1", name: "Multi Sensor", area_id: "hall" }],
      entities: [
        { entityId: "sensor.multi_temperature", state: "20", attributes: { friendly_name: "Multi Temperature" }, deviceId: "dev1", exposed: true },
        { entityId: "sensor.multi_lux", state: "3", attributes: { friendly_name: "Multi Lux" }, deviceId: "dev1", areaId: "den", exposed: true },
      ],
    };
    const { client } = await connected(home);
    const offered = await client.exposedEntities();
    expect(offered.map((e) => [e.entity_id, e.area])).toEqual([
      ["sensor.multi_lux", "Den"],
      ["sensor.multi_temperature", "Hall"],
    ]);
  });
});

describe("the Assist directory", () => {
  it("carries aliases, device names, device classes and area aliases of the exposed entities only", async () => {
    const { client } = await connected();
    const d = await client.assistDirectory();
    expect(d.entities.find((e) => e.entity_id === "light.hue_go")).toEqual({
      entity_id: "light.hue_go",
      name: "Office Lamp",
      domain: "light",
      aliases: ["desk lamp"],
      area: "Office",
      device: "Office Lamp", // the name the household gave the device wins over "Hue Go"
    });
    expect(d.entities.find((e) => e.entity_id === "cover.garage_door")).toMatchObject({ device_class: "garage", area: "Garage", device: "Garage Door Opener" });
    expect(d.entities.some((e) => e.entity_id === "light.bedroom")).toBe(false); // not exposed
    expect(d.areas).toContainEqual({ name: "Living Room", aliases: ["Lounge"] });
  });

  it("reads another home the same way", async () => {
    const { client } = await connected(COTTAGE_HOME);
    const d = await client.assistDirectory();
    expect(d.entities.find((e) => e.entity_id === "light.floor_lamp")).toMatchObject({ area: "Lounge", device: "Floor Lamp" });
    expect(d.entities.find((e) => e.entity_id === "light.fairy_lights")?.aliases).toEqual(["string lights", "festoon lights"]);
    expect(d.entities.find((e) => e.entity_id === "vacuum.dusty")).toMatchObject({ area: "Lounge", device: "Dusty" });
  });
});

describe("the emulator's registry listings", () => {
  it("answer in HA's shapes", async () => {
    const { ha } = await connected();
    const display = await raw(ha, { type: "config/entity_registry/list_for_display" });
    expect(display.result.entities).toContainEqual({ ei: "light.hue_go", pl: "demo", di: "d0c5a1e8f2b34d7e9a1c0b2d3e4f5a61" });
    expect(display.result.entities).toContainEqual({ ei: "light.kitchen", pl: "demo", ai: "kitchen" });
    const entries = await raw(ha, { type: "config/entity_registry/get_entries", entity_ids: ["switch.christmas_tree", "light.nowhere"] });
    expect(entries.result["switch.christmas_tree"]).toMatchObject({ entity_id: "switch.christmas_tree", area_id: "living_room", aliases: ["xmas tree", "tree lights"] });
    expect(entries.result["light.nowhere"]).toBeNull();
    expect((await raw(ha, { type: "config/entity_registry/get_entries" })).error.code).toBe("invalid_format");
    const devices = await raw(ha, { type: "config/device_registry/list" });
    expect(devices.result.find((d: { id: string }) => d.id === "d0c5a1e8f2b34d7e9a1c0b2d3e4f5a61")).toMatchObject({
      name: "Hue Go",
      name_by_user: "Office Lamp",
      area_id: "office",
      manufacturer: "Signify",
    });
    const list = await raw(ha, { type: "config/entity_registry/list" });
    expect(list.result.find((e: { entity_id: string }) => e.entity_id === "light.hue_go")).toMatchObject({ device_id: "d0c5a1e8f2b34d7e9a1c0b2d3e4f5a61", area_id: null });
  });

  it("targets an area's entities through their devices too, as HA's service call does", async () => {
    const { ha } = await connected();
    await raw(ha, { type: "call_service", domain: "light", service: "turn_on", target: { area_id: "office" } });
    expect(ha.state("light.hue_go")?.state).toBe("on");
    expect(ha.state("light.office_ceiling")?.state).toBe("on");
    expect(ha.state("light.kitchen")?.state).toBe("on"); // it was on already; untouched
    expect(ha.state("light.living_room")?.state).toBe("off");
  });
});
