// control_device with Home Assistant's own services for every domain Jarvis controls (fan speed, cover
// position, valves, vacuums, media players, thermostat modes) and the to-do tools, against the HA emulator:
// what each call changes, the field each service needs, and the tiers (opening a garage door, a gate or a
// cover that does not say what it is is held like unlocking; blinds are not).
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HomeAssistantClient } from "../../src/clients/homeassistant/client.js";
import { Store } from "../../src/store/db.js";
import { modelText, type ToolOutcome } from "../../src/tools/outcome.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { smarthomeTools } from "../../src/tools/smarthome.js";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../emulators/homeassistant/index.js";
import { tempDir } from "../helpers/jarvis.js";
import { testRegistry } from "../helpers/registry.js";

let emulator: HomeAssistantEmulator;
let ha: HomeAssistantClient;
let store: Store;
let registry: ToolRegistry;

beforeAll(async () => {
  emulator = await startHomeAssistantEmulator({ token: "t" });
  // A cover that does not say what it is: it might be a door.
  emulator.setState("cover.side_entrance", "closed", { friendly_name: "Side Entrance", supported_features: 3 });
  emulator.setExposed("cover.side_entrance", true);
  ha = new HomeAssistantClient({ kind: "direct", url: emulator.url, token: "t", exposeAll: false }, pino({ level: "silent" }));
  await ha.connect();
  store = Store.open(path.join(tempDir(), "j.db"));
  store.conversations.ensure("c", "test", "sam");
  registry = testRegistry(smarthomeTools(ha), store);
});
afterAll(async () => {
  await ha.close();
  await emulator.close();
  store.close();
});

const run = (name: string, args: Record<string, unknown>) =>
  registry.execute({ name, args }, { actor: "sam", channel: "agent", conversationId: "c", personMessage: "x", messageAt: new Date() });
const control = (entity_id: string, action: string, extra: Record<string, unknown> = {}) => run("control_device", { entity_id, action, ...extra });
const ok = (o: ToolOutcome) => {
  expect(o.status, modelText(o)).toBe("ok");
  return o;
};
const state = (id: string) => emulator.state(id);

describe("control_device, with HA's services", () => {
  it("sets a fan's speed and turns it off", async () => {
    expect(ok(await control("fan.bedroom_fan", "set_percentage", { percentage: 66 }))).toMatchObject({ tier: "YELLOW" });
    expect(state("fan.bedroom_fan")).toMatchObject({ state: "on", attributes: { percentage: 66 } });
    ok(await control("fan.bedroom_fan", "turn_off"));
    expect(state("fan.bedroom_fan")?.state).toBe("off");
  });

  it("moves blinds at once, but holds opening a garage door, a gate, or a cover that does not say what it is", async () => {
    ok(await control("cover.living_room_blinds", "set_cover_position", { position: 30 }));
    expect(state("cover.living_room_blinds")).toMatchObject({ state: "open", attributes: { current_position: 30 } });
    ok(await control("cover.living_room_blinds", "close_cover"));
    expect(state("cover.living_room_blinds")?.state).toBe("closed");
    for (const [id, action, extra] of [
      ["cover.garage_door", "open_cover", {}],
      ["cover.driveway_gate", "toggle", {}],
      ["cover.side_entrance", "open_cover", {}],
    ] as const) {
      expect(await control(id, action, extra)).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    }
    expect(state("cover.garage_door")?.state).toBe("closed");
    expect(state("cover.driveway_gate")?.state).toBe("closed");
    // Closing one is not held, and a cover that cannot be positioned says so.
    ok(await control("cover.garage_door", "close_cover"));
    expect(await control("cover.driveway_gate", "stop_cover")).toMatchObject({ status: "error", error: expect.stringMatching(/does not support action cover.stop_cover/) });
  });

  it("opens and closes a valve", async () => {
    ok(await control("valve.garden_sprinkler", "open_valve"));
    expect(state("valve.garden_sprinkler")?.state).toBe("open");
    ok(await control("valve.garden_sprinkler", "close_valve"));
    expect(state("valve.garden_sprinkler")?.state).toBe("closed");
  });

  it("starts a vacuum and sends it back to its dock", async () => {
    ok(await control("vacuum.rosie", "start"));
    expect(state("vacuum.rosie")?.state).toBe("cleaning");
    ok(await control("vacuum.rosie", "return_to_base"));
    expect(state("vacuum.rosie")?.state).toBe("returning");
  });

  it("plays, pauses, skips, sets the volume and mutes a media player", async () => {
    const tv = "media_player.living_room_tv";
    ok(await control(tv, "media_pause"));
    expect(state(tv)?.state).toBe("paused");
    ok(await control(tv, "media_play"));
    ok(await control(tv, "media_next_track"));
    expect(state(tv)).toMatchObject({ state: "playing", attributes: { media_title: "Next item" } });
    ok(await control(tv, "volume_set", { volume_level: 0.55 }));
    expect(state(tv)?.attributes.volume_level).toBe(0.55);
    ok(await control(tv, "volume_mute", { is_volume_muted: true }));
    expect(state(tv)?.attributes.is_volume_muted).toBe(true);
  });

  it("sets a thermostat's mode", async () => {
    ok(await control("climate.thermostat", "set_hvac_mode", { hvac_mode: "cool" }));
    expect(state("climate.thermostat")?.state).toBe("cool");
  });

  it("refuses a field the service does not take, and a service without the field it needs", async () => {
    expect(await control("light.kitchen", "turn_on", { percentage: 40 })).toMatchObject({ status: "error", error: expect.stringMatching(/percentage does not apply to turn_on on a light/) });
    expect(await control("switch.coffee_maker", "turn_on", { brightness_pct: 40 })).toMatchObject({ status: "error" });
    expect(await control("fan.bedroom_fan", "set_percentage")).toMatchObject({ status: "error", error: "set_percentage needs percentage" });
    expect(await control("light.kitchen", "start")).toMatchObject({ status: "error", error: expect.stringMatching(/is a light, not a vacuum/) });
  });
});

describe("to-do lists", () => {
  it("adds an item and reads the open items back", async () => {
    expect(ok(await run("add_todo_item", { entity_id: "todo.shopping_list", item: "Bread" }))).toMatchObject({ tier: "YELLOW" });
    expect(emulator.todoItems("todo.shopping_list").map((i) => i.summary)).toEqual(["Milk", "Eggs", "Coffee", "Bread"]);
    expect(state("todo.shopping_list")?.state).toBe("3");
    const read = ok(await run("get_todo_items", { entity_id: "todo.shopping_list" }));
    expect(read).toMatchObject({ tier: "GREEN", data: { list: "Shopping List", items: ["Milk", "Eggs", "Bread"] } });
  });

  it("takes only to-do lists", async () => {
    expect(await run("get_todo_items", { entity_id: "light.kitchen" })).toMatchObject({ status: "error" });
  });
});
