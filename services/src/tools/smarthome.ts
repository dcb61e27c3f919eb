// smarthome (Home Assistant): read the home's state and control what the household exposed to Assist. A
// device the household did not expose is neither shown nor touched. Locks, and covers that let people in
// (garage doors, gates), need approval to open.
import { z } from "zod";
import type { HomeAssistantClient } from "../clients/homeassistant/client.js";
import type { CompactEntity } from "../clients/homeassistant/entities.js";
import { actionFloor, CONTROL_ACTIONS, serviceData } from "./home-actions.js";
import { defineTool } from "./tool.js";

const entityId = z.string().regex(/^[a-z_]+\.[a-z0-9_]+$/, "an entity id like light.kitchen");
const HVAC_MODES = ["heat", "cool", "heat_cool", "auto", "off", "dry", "fan_only"] as const;
/**
 * A name fit for a summary. A summary is spoken, shown for approval and handed to the model outside the fence
 * around untrusted text, and a device may name itself: only a short, plain name is used.
 */
const PLAIN_NAME = /^[\p{L}\p{N}][\p{L}\p{N} '\u2019&()+.,_-]{0,59}$/u;

/** The entity as people know it in HA ("Front Door"), else its id: a person approves what they recognise. */
export function entityName(ha: HomeAssistantClient, id: string): string {
  const name = ha.entity(id)?.attributes.friendly_name;
  return typeof name === "string" && PLAIN_NAME.test(name) ? name : id;
}

export function smarthomeTools(ha: HomeAssistantClient) {
  /** The entity, if the household offers it to Jarvis. */
  async function offered(id: string, domains?: readonly string[]): Promise<CompactEntity> {
    const entity = (await ha.exposedEntities()).find((e) => e.entity_id === id);
    if (!entity) throw new Error(`${id} is not an entity Jarvis may use (not found, or not exposed to Assist)`);
    if (domains && !domains.includes(entity.domain)) throw new Error(`${id} is a ${entity.domain}, not a ${domains.join(" or ")}`);
    return entity;
  }
  const deviceClass = (id: string) => {
    const value = ha.entity(id)?.attributes.device_class;
    return typeof value === "string" ? value : undefined;
  };
  const named = (id: string) => entityName(ha, id);
  const byDomain = async (domain: string) => (await ha.exposedEntities()).filter((e) => e.domain === domain);
  const call = async (domain: string, service: string, id: string, data?: Record<string, unknown>) => {
    await ha.callService(domain, service, { target: { entity_id: id }, data });
    return { entity_id: id, service: `${domain}.${service}`, state: ha.entity(id)?.state ?? "unknown" };
  };

  return [
    defineTool({
      name: "get_home_state",
      category: "smarthome",
      description: "States of the home's devices and sensors (those exposed to Assist), optionally one domain or area.",
      input: z.object({ domain: z.string().max(40).optional(), area: z.string().max(80).optional() }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) =>
        (await ha.exposedEntities()).filter(
          (e) => (!a.domain || e.domain === a.domain) && (!a.area || e.area?.toLowerCase() === a.area.toLowerCase()),
        ),
    }),
    defineTool({
      name: "control_device",
      category: "smarthome",
      description:
        "Control a device with Home Assistant's own service for it: turn on/off, toggle, open/close/stop/position a cover, " +
        "lock, open/close a valve, fan speed, vacuum start/pause/stop/return_to_base, media play/pause/stop/next/previous/volume/mute, " +
        `thermostat mode. Actions: ${Object.keys(CONTROL_ACTIONS).join(", ")}.`,
      input: z.object({
        entity_id: entityId,
        action: z.enum(Object.keys(CONTROL_ACTIONS) as [string, ...string[]]),
        brightness_pct: z.int().min(0).max(100).optional().describe("light turn_on"),
        color_name: z.string().regex(/^[a-z]{3,20}$/).optional().describe("light turn_on: a CSS colour name such as red or blue"),
        percentage: z.int().min(0).max(100).optional().describe("fan set_percentage"),
        position: z.int().min(0).max(100).optional().describe("cover set_cover_position (0 closed, 100 open)"),
        volume_level: z.number().min(0).max(1).optional().describe("media_player volume_set"),
        is_volume_muted: z.boolean().optional().describe("media_player volume_mute"),
        hvac_mode: z.enum(HVAC_MODES).optional().describe("climate set_hvac_mode"),
      }),
      tier: "YELLOW",
      raise: (a) => actionFloor(a.action, a.entity_id.split(".")[0]!, deviceClass(a.entity_id), a.position),
      summarize: (a) => `${a.action.charAt(0).toUpperCase()}${a.action.slice(1).replaceAll("_", " ")} ${named(a.entity_id)}${a.position !== undefined ? ` to ${a.position}%` : ""}`,
      handler: async (a) => {
        const entity = await offered(a.entity_id, CONTROL_ACTIONS[a.action]!.domains);
        const data = serviceData(a.action, entity.domain, a);
        if ("error" in data) throw new Error(data.error);
        return call(entity.domain, a.action, a.entity_id, data.data);
      },
    }),
    defineTool({
      name: "get_thermostat_status",
      category: "smarthome",
      description: "Thermostats: current and target temperature, mode and what they are doing.",
      input: z.object({ entity_id: entityId.optional() }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => (a.entity_id ? [await offered(a.entity_id, ["climate"])] : byDomain("climate")),
    }),
    defineTool({
      name: "set_thermostat",
      category: "smarthome",
      description: "Set a thermostat's target temperature and optionally its mode (heat, cool, heat_cool, off, auto).",
      input: z.object({
        entity_id: entityId,
        temperature: z.number().min(5).max(35),
        hvac_mode: z.enum(["heat", "cool", "heat_cool", "auto", "off", "dry", "fan_only"]).optional(),
      }),
      tier: "YELLOW",
      summarize: (a) => `Set ${named(a.entity_id)} to ${a.temperature}°`,
      handler: async (a) => {
        await offered(a.entity_id, ["climate"]);
        return call("climate", "set_temperature", a.entity_id, { temperature: a.temperature, ...(a.hvac_mode ? { hvac_mode: a.hvac_mode } : {}) });
      },
    }),
    defineTool({
      name: "get_lock_status",
      category: "smarthome",
      description: "Whether each lock is locked.",
      input: z.object({}),
      tier: "GREEN",
      untrusted: true,
      handler: () => byDomain("lock"),
    }),
    defineTool({
      name: "lock_door",
      category: "smarthome",
      description: "Lock a door.",
      input: z.object({ entity_id: entityId }),
      tier: "YELLOW",
      summarize: (a) => `Lock ${named(a.entity_id)}`,
      handler: async (a) => (await offered(a.entity_id, ["lock"]), call("lock", "lock", a.entity_id)),
    }),
    defineTool({
      name: "unlock_door",
      category: "smarthome",
      description: "Unlock a door. Needs the person's approval.",
      input: z.object({ entity_id: entityId }),
      tier: "ORANGE",
      summarize: (a) => `Unlock ${named(a.entity_id)}`,
      handler: async (a) => (await offered(a.entity_id, ["lock"]), call("lock", "unlock", a.entity_id)),
    }),
    defineTool({
      name: "get_who_is_home",
      category: "smarthome",
      description: "Who is home, from Home Assistant's people (and their trackers).",
      input: z.object({}),
      tier: "GREEN",
      untrusted: true,
      handler: async () =>
        Object.values(ha.entities())
          .filter((e) => e.entity_id.startsWith("person."))
          .map((e) => ({
            name: typeof e.attributes.friendly_name === "string" ? e.attributes.friendly_name : e.entity_id,
            state: e.state,
            home: e.state === "home",
            since: e.last_changed,
          })),
    }),
    defineTool({
      name: "get_todo_items",
      category: "smarthome",
      description: "The open items of a to-do list (shopping list, chores).",
      input: z.object({ entity_id: entityId }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => {
        const list = await offered(a.entity_id, ["todo"]);
        const { response } = await ha.callService("todo", "get_items", { target: { entity_id: a.entity_id }, data: { status: ["needs_action"] }, returnResponse: true });
        const items = (response as Record<string, { items?: { summary?: string }[] }> | undefined)?.[a.entity_id]?.items ?? [];
        return { list: list.name, items: items.flatMap((i) => (typeof i.summary === "string" ? [i.summary] : [])) };
      },
    }),
    defineTool({
      name: "add_todo_item",
      category: "smarthome",
      description: "Add an item to a to-do list (shopping list, chores).",
      input: z.object({ entity_id: entityId, item: z.string().min(1).max(200) }),
      tier: "YELLOW",
      summarize: (a) => `Add "${a.item}" to ${named(a.entity_id)}`,
      handler: async (a) => {
        const list = await offered(a.entity_id, ["todo"]);
        await ha.callService("todo", "add_item", { target: { entity_id: a.entity_id }, data: { item: a.item } });
        return { list: list.name, added: a.item };
      },
    }),
  ];
}
