// What the agent sees of an entity: a compact record (id, name, state, domain, area, a few attributes that
// help answer questions), and which entities the household exposed to Assist.
import type { HassEntity } from "home-assistant-js-websocket";

export interface CompactEntity {
  entity_id: string;
  name: string;
  state: string;
  domain: string;
  area?: string;
  attributes?: Record<string, unknown>;
}

/** Attributes worth a model's tokens; the rest (icons, supported_features, colour spaces...) are noise. */
const USEFUL_ATTRIBUTES = [
  "unit_of_measurement",
  "device_class",
  "brightness",
  "current_temperature",
  "temperature",
  "target_temp_low",
  "target_temp_high",
  "hvac_action",
  "hvac_modes",
  "humidity",
  "current_position",
  "battery_level",
  "media_title",
  "source",
];

export function compactEntity(entity: HassEntity, area: string | undefined): CompactEntity {
  const attributes = Object.fromEntries(
    USEFUL_ATTRIBUTES.filter((k) => entity.attributes[k] !== undefined && entity.attributes[k] !== null).map((k) => [
      k,
      entity.attributes[k],
    ]),
  );
  const name = typeof entity.attributes.friendly_name === "string" ? entity.attributes.friendly_name : entity.entity_id;
  return {
    entity_id: entity.entity_id,
    name,
    state: entity.state,
    domain: entity.entity_id.split(".")[0] ?? "",
    ...(area ? { area } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}

/**
 * Entity ids exposed to the "conversation" assistant (Assist), from homeassistant/expose_entity/list:
 * {exposed_entities: {entity_id: {conversation?: boolean, ...}}}. No stored setting means not exposed.
 */
export function exposedToAssist(result: unknown): Set<string> {
  const map = (result as { exposed_entities?: Record<string, Record<string, unknown>> } | null)?.exposed_entities ?? {};
  return new Set(Object.entries(map).flatMap(([id, settings]) => (settings?.conversation === true ? [id] : [])));
}

/** config/area_registry/list: [{area_id, name, aliases}]. */
export interface AreaEntry {
  area_id: string;
  name: string;
  aliases: string[];
}

/** config/device_registry/list: [{id, name, name_by_user, area_id, ...}]. */
export interface DeviceEntry {
  id: string;
  /** What the household calls it: name_by_user, else the integration's name. */
  name: string | undefined;
  area_id: string | undefined;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x) => typeof x === "object" && x !== null) : []);

export function parseAreas(result: unknown): AreaEntry[] {
  return list(result).flatMap((a) => {
    const id = str(a.area_id);
    const name = str(a.name);
    return id && name ? [{ area_id: id, name, aliases: Array.isArray(a.aliases) ? a.aliases.filter((x): x is string => typeof x === "string") : [] }] : [];
  });
}

export function parseDevices(result: unknown): DeviceEntry[] {
  return list(result).flatMap((d) => {
    const id = str(d.id);
    return id ? [{ id, name: str(d.name_by_user) ?? str(d.name), area_id: str(d.area_id) }] : [];
  });
}

/** Per entity id from config/entity_registry/list_for_display ({entities: [{ei, ai?, di?}]}): its area and device. */
export function registryPlaces(registry: unknown): Map<string, { areaId?: string; deviceId?: string }> {
  const entities = list((registry as { entities?: unknown } | null)?.entities);
  return new Map(entities.flatMap((e) => (str(e.ei) ? [[e.ei as string, { areaId: str(e.ai), deviceId: str(e.di) }]] : [])));
}

/**
 * Area name per entity id. An entity's area is its own, else its device's, as HA decides it (an entity only
 * gets an area of its own when it differs from its device's).
 */
export function areasByEntity(registry: unknown, areas: unknown, devices: unknown = []): Map<string, string> {
  const names = new Map(parseAreas(areas).map((a) => [a.area_id, a.name]));
  const deviceAreas = new Map(parseDevices(devices).map((d) => [d.id, d.area_id]));
  const out = new Map<string, string>();
  for (const [entityId, place] of registryPlaces(registry)) {
    const areaId = place.areaId ?? (place.deviceId ? deviceAreas.get(place.deviceId) : undefined);
    const name = areaId ? names.get(areaId) : undefined;
    if (name) out.set(entityId, name);
  }
  return out;
}
