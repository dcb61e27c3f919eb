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

/**
 * Area name per entity id, from config/entity_registry/list_for_display ({entities: [{ei, ai?}]}) and
 * config/area_registry/list ([{area_id, name}]).
 */
export function areasByEntity(registry: unknown, areas: unknown): Map<string, string> {
  const names = new Map(
    (Array.isArray(areas) ? areas : []).map((a: { area_id?: string; name?: string }) => [a.area_id, a.name]),
  );
  const entities = (registry as { entities?: { ei?: string; ai?: string }[] } | null)?.entities ?? [];
  const out = new Map<string, string>();
  for (const e of entities) {
    const name = e.ai ? names.get(e.ai) : undefined;
    if (e.ei && name) out.set(e.ei, name);
  }
  return out;
}
