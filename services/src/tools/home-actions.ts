// What control_device may do, as HA's own services: each action is a service name, the domains that have it,
// and the service fields it carries (brightness_pct and color_name, percentage, position, volume_level,
// is_volume_muted, hvac_mode). Which of them open what keeps people out is decided here too: unlocking, and opening a garage
// door, a gate or a door (or a cover that does not say what it is) are held for approval like a lock.
import type { Tier } from "./tiers.js";

export const ACTION_FIELDS = ["brightness_pct", "color_name", "percentage", "position", "volume_level", "is_volume_muted", "hvac_mode"] as const;
export type ActionField = (typeof ACTION_FIELDS)[number];

interface ActionField_ {
  name: ActionField;
  required: boolean;
  domains?: readonly string[];
}

interface ActionSpec {
  domains: readonly string[];
  /** The fields the service needs (required), or may take on some domains (optional). */
  fields?: readonly ActionField_[];
}

const MEDIA = ["media_player"];

export const CONTROL_ACTIONS: Readonly<Record<string, ActionSpec>> = {
  turn_on: {
    domains: ["light", "switch", "fan", "media_player", "climate", "input_boolean", "scene", "script", "humidifier", "siren"],
    fields: [
      { name: "brightness_pct", required: false, domains: ["light"] },
      { name: "color_name", required: false, domains: ["light"] },
    ],
  },
  turn_off: { domains: ["light", "switch", "fan", "media_player", "climate", "input_boolean", "humidifier", "siren"] },
  toggle: { domains: ["light", "switch", "fan", "input_boolean", "cover", "valve"] },
  open_cover: { domains: ["cover"] },
  close_cover: { domains: ["cover"] },
  stop_cover: { domains: ["cover"] },
  set_cover_position: { domains: ["cover"], fields: [{ name: "position", required: true }] },
  lock: { domains: ["lock"] },
  unlock: { domains: ["lock"] },
  open_valve: { domains: ["valve"] },
  close_valve: { domains: ["valve"] },
  set_percentage: { domains: ["fan"], fields: [{ name: "percentage", required: true }] },
  start: { domains: ["vacuum"] },
  pause: { domains: ["vacuum"] },
  stop: { domains: ["vacuum"] },
  return_to_base: { domains: ["vacuum"] },
  media_play: { domains: MEDIA },
  media_pause: { domains: MEDIA },
  media_stop: { domains: MEDIA },
  media_next_track: { domains: MEDIA },
  media_previous_track: { domains: MEDIA },
  volume_up: { domains: MEDIA },
  volume_down: { domains: MEDIA },
  volume_set: { domains: MEDIA, fields: [{ name: "volume_level", required: true }] },
  volume_mute: { domains: MEDIA, fields: [{ name: "is_volume_muted", required: true }] },
  set_hvac_mode: { domains: ["climate"], fields: [{ name: "hvac_mode", required: true }] },
};

/** The service data for an action on a domain: its fields when given, an error text when one does not fit. */
export function serviceData(action: string, domain: string, args: Partial<Record<ActionField, unknown>>): { data?: Record<string, unknown> } | { error: string } {
  const fields = CONTROL_ACTIONS[action]?.fields ?? [];
  const takes = (f: ActionField) => fields.some((x) => x.name === f && (!x.domains || x.domains.includes(domain)));
  const given = ACTION_FIELDS.filter((f) => args[f] !== undefined);
  const stray = given.find((f) => !takes(f));
  if (stray) return { error: `${stray} does not apply to ${action} on a ${domain}` };
  const missing = fields.find((f) => f.required && args[f.name] === undefined);
  if (missing) return { error: `${action} needs ${missing.name}` };
  return given.length > 0 ? { data: Object.fromEntries(given.map((f) => [f, args[f]])) } : {};
}

/** Covers that can let someone in; a cover without a device class might be one. */
const ENTRY_COVERS = new Set(["garage", "gate", "door"]);

/**
 * The tier an action on an entity needs at least: ORANGE for unlocking and for opening an entry cover,
 * GREEN (no raise) otherwise. `deviceClass` is the entity's, as HA reports it.
 */
export function actionFloor(action: string, domain: string, deviceClass: string | undefined, position?: number): Tier {
  if (domain === "lock") return action === "unlock" || action === "toggle" ? "ORANGE" : "GREEN";
  if (domain !== "cover") return "GREEN";
  const opens = action === "open_cover" || action === "toggle" || (action === "set_cover_position" && (position ?? 0) > 0);
  return opens && (deviceClass === undefined || ENTRY_COVERS.has(deviceClass)) ? "ORANGE" : "GREEN";
}
