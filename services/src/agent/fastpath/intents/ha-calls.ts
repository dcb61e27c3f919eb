// How a spoken action becomes Home Assistant's own service on each kind of entity, as HA's intents do it:
// "turn on" opens a cover or a valve and locks a lock, "turn off" closes and unlocks, "start" starts a vacuum
// and runs a script, "stop" stops a cover, a vacuum or a player. Locks go through lock_door / unlock_door,
// everything else through control_device, so the registry's tiers apply (unlocking, opening a garage door
// or a gate is held for approval).
import type { ToolOutcome } from "../../../tools/outcome.js";
import { capitalise, list, spoken } from "../answers.js";
import type { CatalogEntity } from "../catalog.js";
import type { Call, Outcome } from "./types.js";

export type Verb =
  | "on" | "off" | "toggle" | "open" | "close" | "stop" | "lock" | "unlock" | "start" | "pause" | "play" | "next" | "previous"
  | "mute" | "unmute" | "louder" | "quieter" | "return";

/** The service per domain for each verb; a domain missing from a verb cannot take it. */
export const SERVICES: Readonly<Record<Verb, Readonly<Record<string, string>>>> = {
  on: {
    light: "turn_on", switch: "turn_on", fan: "turn_on", input_boolean: "turn_on", media_player: "turn_on", climate: "turn_on",
    humidifier: "turn_on", siren: "turn_on", scene: "turn_on", script: "turn_on", cover: "open_cover", valve: "open_valve", lock: "lock", vacuum: "start",
  },
  off: {
    light: "turn_off", switch: "turn_off", fan: "turn_off", input_boolean: "turn_off", media_player: "turn_off", climate: "turn_off",
    humidifier: "turn_off", siren: "turn_off", cover: "close_cover", valve: "close_valve", lock: "unlock",
  },
  toggle: { light: "toggle", switch: "toggle", fan: "toggle", input_boolean: "toggle", cover: "toggle", valve: "toggle" },
  open: { cover: "open_cover", valve: "open_valve", lock: "unlock" },
  close: { cover: "close_cover", valve: "close_valve", lock: "lock" },
  stop: { cover: "stop_cover", vacuum: "stop", media_player: "media_stop", fan: "turn_off", valve: "close_valve" },
  lock: { lock: "lock" },
  unlock: { lock: "unlock" },
  start: { vacuum: "start", script: "turn_on", scene: "turn_on", fan: "turn_on", valve: "open_valve", switch: "turn_on" },
  pause: { media_player: "media_pause", vacuum: "pause" },
  play: { media_player: "media_play", vacuum: "start" },
  next: { media_player: "media_next_track" },
  previous: { media_player: "media_previous_track" },
  mute: { media_player: "volume_mute" },
  unmute: { media_player: "volume_mute" },
  louder: { media_player: "volume_up" },
  quieter: { media_player: "volume_down" },
  return: { vacuum: "return_to_base" },
};

export const domainsOf = (verb: Verb) => Object.keys(SERVICES[verb]);

/** The tool call for one entity and action, with the action's field when it has one. */
export function callFor(e: CatalogEntity, action: string, field?: Record<string, unknown>): Call {
  if (e.domain === "lock" && (action === "lock" || action === "unlock")) return { tool: action === "lock" ? "lock_door" : "unlock_door", args: { entity_id: e.id } };
  return { tool: "control_device", args: { entity_id: e.id, action, ...field } };
}

const are = (names: string[]) => (names.length === 1 ? "is" : "are");

/** What was done, in words, for the names it was done to. */
export function sayDone(action: string, names: string[], value?: string): string {
  const who = list(names);
  switch (action) {
    case "turn_on":
      return `${who} ${are(names)} on.`;
    case "turn_off":
      return `${who} ${are(names)} off.`;
    case "toggle":
      return `Toggled ${who}.`;
    case "open_cover":
    case "open_valve":
      return `Opening ${who}.`;
    case "close_cover":
    case "close_valve":
      return `Closing ${who}.`;
    case "lock":
      return `${who} ${are(names)} locked.`;
    case "unlock":
      return `${who} ${are(names)} unlocked.`;
    case "set_cover_position":
      return `Moving ${who} to ${value}.`;
    case "brightness":
    case "set_percentage":
      return `${who} ${are(names)} at ${value}.`;
    case "volume_set":
      return `Volume of ${who} set to ${value}.`;
    case "volume_mute":
      return `${value === "on" ? "Muted" : "Unmuted"} ${who}.`;
    case "volume_up":
      return `Turned ${who} up.`;
    case "volume_down":
      return `Turned ${who} down.`;
    case "media_play":
      return `Playing on ${who}.`;
    case "media_pause":
    case "pause":
      return `Paused ${who}.`;
    case "media_stop":
    case "stop":
    case "stop_cover":
      return `Stopped ${who}.`;
    case "media_next_track":
      return `Skipped to the next one on ${who}.`;
    case "media_previous_track":
      return `Back to the previous one on ${who}.`;
    case "start":
      return `${who} ${are(names)} starting to clean.`;
    case "return_to_base":
      return `${who} ${are(names)} going back to the dock.`;
    case "scene":
      return `Activated ${who}.`;
    case "script":
      return `Started ${who}.`;
    case "set_hvac_mode":
      return `${who} set to ${value} mode.`;
    default:
      return `${capitalise(action.replaceAll("_", " "))}: ${who}.`;
  }
}

/** One call per entity, answered together. `action` per entity; `field` per entity when the action takes one. */
export function perEntity(entities: CatalogEntity[], action: (e: CatalogEntity) => string, field?: (e: CatalogEntity) => Record<string, unknown> | undefined, value?: string): Outcome {
  const calls = entities.map((e) => callFor(e, action(e), field?.(e)));
  const say = (results: ToolOutcome[]) => {
    // Group the successes by what was done, so "X and Y are off" reads as one sentence.
    const byAction = new Map<string, string[]>();
    const problems: ToolOutcome[] = [];
    results.forEach((o, i) => {
      if (o.status !== "ok") return void problems.push(o);
      const e = entities[i]!;
      const key = e.domain === "scene" || e.domain === "script" ? (action(e) === "turn_on" ? e.domain : action(e)) : field?.(e)?.brightness_pct !== undefined ? "brightness" : action(e);
      byAction.set(key, [...(byAction.get(key) ?? []), e.name]);
    });
    const done = [...byAction].map(([a, names]) => sayDone(a, names, value));
    return [...done, ...problems.map((o) => spoken(o, () => ""))].filter(Boolean).join(" ");
  };
  return { kind: "calls", calls, say, focus: { entities } };
}
