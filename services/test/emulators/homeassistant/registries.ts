// The registry listings of HA's websocket API (components/config/*_registry.py), in the shapes HA sends:
// entity_registry/list (RegistryEntry.as_partial_dict), list_for_display (the compact keys), get_entries
// (extended_dict, with aliases, or null for an unregistered id), device_registry/list (DeviceEntry.dict_repr)
// and area_registry/list.
import { createHash } from "node:crypto";
import { HaError } from "./errors.js";
import type { Hub, RegistryEntity } from "./hub.js";
import { stringList } from "./schema.js";

const CREATED = 1_735_689_600; // 2025-01-01, as a registry timestamp
const unique = (entityId: string) => entityId.replace(".", "_");

function partial(hub: Hub, e: RegistryEntity) {
  const name = hub.machine.get(e.entityId)?.attributes.friendly_name;
  return {
    area_id: e.areaId ?? null,
    categories: {},
    config_entry_id: null,
    config_subentry_id: null,
    created_at: CREATED,
    device_id: e.deviceId ?? null,
    disabled_by: null,
    entity_category: null,
    entity_id: e.entityId,
    has_entity_name: false,
    hidden_by: null,
    icon: null,
    id: createHash("md5").update(e.entityId).digest("hex"),
    labels: [],
    modified_at: CREATED,
    name: null,
    options: {},
    original_name: typeof name === "string" ? name : null,
    platform: "demo",
    translation_key: null,
    unique_id: unique(e.entityId),
  };
}

function extended(hub: Hub, e: RegistryEntity) {
  const deviceClass = hub.machine.get(e.entityId)?.attributes.device_class;
  return {
    ...partial(hub, e),
    aliases: [...e.aliases],
    capabilities: null,
    device_class: null,
    original_device_class: typeof deviceClass === "string" ? deviceClass : null,
    original_icon: null,
  };
}

export const entityRegistryList = (hub: Hub) => [...hub.registry.values()].map((e) => partial(hub, e));

/** ei = entity id, pl = platform, ai = area id, di = device id (each only when set). */
export function entityRegistryForDisplay(hub: Hub) {
  return {
    entity_categories: { 0: "config", 1: "diagnostic" },
    entities: [...hub.registry.values()].map((e) => ({
      ei: e.entityId,
      pl: "demo",
      ...(e.areaId ? { ai: e.areaId } : {}),
      ...(e.deviceId ? { di: e.deviceId } : {}),
    })),
  };
}

export function entityRegistryGetEntries(hub: Hub, msg: Record<string, unknown>) {
  if (msg.entity_ids === undefined) {
    throw new HaError("invalid_format", "Message incorrectly formatted: required key not provided @ data['entity_ids']. Got None");
  }
  const ids = stringList(msg.entity_ids, "entity_ids");
  return Object.fromEntries(ids.map((id) => {
    const entry = hub.registry.get(id);
    return [id, entry ? extended(hub, entry) : null];
  }));
}

export const deviceRegistryList = (hub: Hub) =>
  hub.devices.map((d) => ({
    area_id: d.area_id ?? null,
    configuration_url: null,
    config_entries: [],
    config_entries_subentries: {},
    connections: [],
    created_at: CREATED,
    disabled_by: null,
    entry_type: null,
    hw_version: null,
    id: d.id,
    identifiers: [["demo", d.id]],
    labels: [],
    manufacturer: d.manufacturer ?? null,
    model: d.model ?? null,
    model_id: null,
    modified_at: CREATED,
    name_by_user: d.name_by_user ?? null,
    name: d.name,
    primary_config_entry: null,
    serial_number: null,
    sw_version: null,
    via_device_id: null,
  }));

export const areaRegistryList = (hub: Hub) =>
  hub.areas.map((a) => ({
    aliases: [...(a.aliases ?? [])],
    area_id: a.area_id,
    floor_id: null,
    humidity_entity_id: null,
    icon: null,
    labels: [],
    name: a.name,
    picture: null,
    temperature_entity_id: null,
    created_at: 0,
    modified_at: 0,
  }));
