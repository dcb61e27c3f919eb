// smarthome (Home Assistant): read the home's state and control what the household exposed to Assist. A
// device the household did not expose is neither shown nor touched. Locks and doors need approval to open.
import { z } from "zod";
import type { HomeAssistantClient } from "../clients/homeassistant/client.js";
import type { CompactEntity } from "../clients/homeassistant/entities.js";
import type { Tier } from "./tiers.js";
import { defineTool } from "./tool.js";

const entityId = z.string().regex(/^[a-z_]+\.[a-z0-9_]+$/, "an entity id like light.kitchen");

/** Opening things that keep people out is ORANGE whatever tool asks for it. */
const SECURITY_DOMAINS = new Set(["lock", "cover", "alarm_control_panel", "garage_door"]);

const CONTROL_SERVICES: Record<string, readonly string[]> = {
  turn_on: ["light", "switch", "fan", "media_player", "climate", "input_boolean", "scene", "script", "humidifier", "siren"],
  turn_off: ["light", "switch", "fan", "media_player", "climate", "input_boolean", "humidifier", "siren"],
  toggle: ["light", "switch", "fan", "input_boolean", "cover"],
  open_cover: ["cover"],
  close_cover: ["cover"],
  lock: ["lock"],
  unlock: ["lock"],
};

export function smarthomeTools(ha: HomeAssistantClient) {
  /** The entity, if the household offers it to Jarvis. */
  async function offered(id: string, domains?: readonly string[]): Promise<CompactEntity> {
    const entity = (await ha.exposedEntities()).find((e) => e.entity_id === id);
    if (!entity) throw new Error(`${id} is not an entity Jarvis may use (not found, or not exposed to Assist)`);
    if (domains && !domains.includes(entity.domain)) throw new Error(`${id} is a ${entity.domain}, not a ${domains.join(" or ")}`);
    return entity;
  }
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
      description: `Turn a device on or off, toggle it, open or close a cover. Actions: ${Object.keys(CONTROL_SERVICES).join(", ")}.`,
      input: z.object({
        entity_id: entityId,
        action: z.enum(Object.keys(CONTROL_SERVICES) as [string, ...string[]]),
        brightness_pct: z.int().min(0).max(100).optional(),
      }),
      tier: "YELLOW",
      raise: (a): Tier => (SECURITY_DOMAINS.has(a.entity_id.split(".")[0]!) && a.action !== "lock" && a.action !== "close_cover" ? "ORANGE" : "GREEN"),
      summarize: (a) => `${a.action.replace("_", " ")} ${a.entity_id}`,
      handler: async (a) => {
        const entity = await offered(a.entity_id, CONTROL_SERVICES[a.action]);
        const data = a.brightness_pct !== undefined && entity.domain === "light" ? { brightness_pct: a.brightness_pct } : undefined;
        return call(entity.domain, a.action, a.entity_id, data);
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
      summarize: (a) => `Set ${a.entity_id} to ${a.temperature}°`,
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
      summarize: (a) => `Lock ${a.entity_id}`,
      handler: async (a) => (await offered(a.entity_id, ["lock"]), call("lock", "lock", a.entity_id)),
    }),
    defineTool({
      name: "unlock_door",
      category: "smarthome",
      description: "Unlock a door. Needs the person's approval.",
      input: z.object({ entity_id: entityId }),
      tier: "ORANGE",
      summarize: (a) => `Unlock ${a.entity_id}`,
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
  ];
}
