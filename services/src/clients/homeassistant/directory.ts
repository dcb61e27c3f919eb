// What Assist knows an exposed entity by, from HA's registries: its name, the aliases the household gave it,
// its device's name and its area (its own, else its device's) with the area's aliases. The fast path resolves
// spoken names against this; nothing here changes HA.
import type { HassEntity } from "home-assistant-js-websocket";
import type { AreaEntry, DeviceEntry } from "./entities.js";

export interface DirectoryEntity {
  entity_id: string;
  name: string;
  domain: string;
  aliases: string[];
  area?: string;
  device?: string;
  device_class?: string;
}

export interface AssistDirectory {
  entities: DirectoryEntity[];
  areas: { name: string; aliases: string[] }[];
}

/** Aliases per entity id from config/entity_registry/get_entries ({entity_id: extended dict | null}). */
export function aliasesByEntity(entries: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (typeof entries !== "object" || entries === null) return out;
  for (const [id, entry] of Object.entries(entries as Record<string, { aliases?: unknown } | null>)) {
    const aliases = Array.isArray(entry?.aliases) ? entry.aliases.filter((a): a is string => typeof a === "string" && a.trim() !== "") : [];
    if (aliases.length > 0) out.set(id, aliases);
  }
  return out;
}

export function buildDirectory(
  states: HassEntity[],
  places: Map<string, { areaId?: string; deviceId?: string }>,
  devices: DeviceEntry[],
  areas: AreaEntry[],
  aliases: Map<string, string[]>,
): AssistDirectory {
  const areaById = new Map(areas.map((a) => [a.area_id, a]));
  const deviceById = new Map(devices.map((d) => [d.id, d]));
  const entities = states.map((state) => {
    const place = places.get(state.entity_id);
    const device = place?.deviceId ? deviceById.get(place.deviceId) : undefined;
    const area = areaById.get(place?.areaId ?? device?.area_id ?? "");
    const friendly = state.attributes.friendly_name;
    const deviceClass = state.attributes.device_class;
    return {
      entity_id: state.entity_id,
      name: typeof friendly === "string" && friendly !== "" ? friendly : state.entity_id,
      domain: state.entity_id.split(".")[0] ?? "",
      aliases: aliases.get(state.entity_id) ?? [],
      ...(area ? { area: area.name } : {}),
      ...(device?.name ? { device: device.name } : {}),
      ...(typeof deviceClass === "string" ? { device_class: deviceClass } : {}),
    };
  });
  return { entities, areas: areas.map((a) => ({ name: a.name, aliases: a.aliases })) };
}
