// Setting a level: a light's brightness, a fan's speed, a cover's position (all in percent, HA's own fields),
// a player's volume, a thermostat's temperature or mode. A number in the wrong unit for the thing ("the
// kitchen light to 22 degrees") or out of its range is not acted on.
import type { CatalogEntity } from "../catalog.js";
import { isChange, ROOM_RANGE } from "./amount.js";
import { perEntity, sayDone } from "./ha-calls.js";
import { onTargets } from "./shared.js";
import type { Env, Intent, Outcome, Slots } from "./types.js";

const SET = "set|put|change|adjust|make|turn|move|bring|dim|brighten|raise|lower|open|close|increase|decrease|drop|reduce|up|down";
const NAMED_LEVELS: Record<string, number> = { max: 100, maximum: 100, full: 100, highest: 100, half: 50, halfway: 50, "half way": 50, high: 100, medium: 66, mid: 50, low: 33, lowest: 1, minimum: 1 };

/** The level asked for, in percent: a number said in percent or plain, or a named level ("half", "high"). */
function percentOf(slots: Slots): number | null {
  if (slots.number) {
    if (slots.number.unit === "degrees") return null;
    const v = slots.number.value;
    return Number.isInteger(v) && v >= 0 && v <= 100 ? v : null;
  }
  const named = slots.said.find((s) => s in NAMED_LEVELS) ?? [...slots.also].find((s) => s in NAMED_LEVELS);
  return named === undefined ? null : NAMED_LEVELS[named]!;
}

/** A fan's n-th speed in percent, from its percentage_step; null when it has no such speed. */
function fanSpeed(env: Env, id: string, n: number): number | null {
  const step = env.catalog.state(id)?.attributes.percentage_step;
  if (typeof step !== "number" || step <= 0) return null;
  const speeds = Math.round(100 / step);
  return n >= 1 && n <= speeds ? Math.round(n * step) : null;
}

const ATTRIBUTE_DOMAIN: Record<string, string> = { brightness: "light", bright: "light", speed: "fan", position: "cover" };

/** A thing was named or its kind said (not just a room): "bedroom 21" says too little to act on. */
const namesAThing = (slots: Slots) => slots.targets.some((g) => g.named.size > 0 || g.nouns.length > 0 || g.back);

/** "Up by 20" is a step (steps.ts), not a level: said as such when no step could be taken either. */
const A_CHANGE: Outcome = { kind: "none", why: "that is a change by an amount, not a level to set" };

function setLevel(slots: Slots, env: Env): Promise<Outcome> | Outcome {
  if (isChange(slots)) return A_CHANGE;
  const pct = percentOf(slots);
  if (pct === null) return { kind: "none", why: "that is not a level from 0 to 100 percent" };
  const attribute = [...slots.also].map((w) => ATTRIBUTE_DOMAIN[w]).find(Boolean);
  if (slots.said.length === 0 && !attribute && !namesAThing(slots)) return { kind: "none", why: "it is not clear what to set" };
  const domains = attribute ? [attribute] : ["light", "fan", "cover"];
  return onTargets(slots, env, { domains, areaDefault: ["light"], many: true }, "device", (entities) => {
    // "The fan to 2" is its second speed, when the fan has that few; a percent was not said.
    const speeds = entities.map((e) => (e.domain === "fan" && slots.number && !slots.number.unit && pct <= 10 ? fanSpeed(env, e.id, pct) : pct));
    if (speeds.some((s) => s === null)) return { kind: "none", why: `${pct} is not a speed that fan has` };
    const level = (e: CatalogEntity) => speeds[entities.indexOf(e)]!;
    return perEntity(
      entities,
      (e) => (e.domain === "light" ? "turn_on" : e.domain === "fan" ? "set_percentage" : "set_cover_position"),
      (e) => (e.domain === "light" ? { brightness_pct: pct } : e.domain === "fan" ? { percentage: level(e) } : { position: pct }),
      `${new Set(speeds).size === 1 ? speeds[0] : pct}%`,
    );
  });
}

function setVolume(slots: Slots, env: Env): Promise<Outcome> | Outcome {
  if (isChange(slots)) return A_CHANGE;
  const pct = percentOf(slots);
  if (pct === null) return { kind: "none", why: "a volume is from 0 to 100 percent" };
  const playing = (c: readonly CatalogEntity[]) => c.filter((e) => env.catalog.state(e.id)?.state === "playing");
  return onTargets(
    slots,
    env,
    { domains: ["media_player"] },
    "player",
    (entities) => perEntity(entities, () => "volume_set", () => ({ volume_level: pct / 100 }), `${pct}%`),
    { implicit: (c) => (playing(c).length > 0 ? playing(c) : [...c]), prefer: playing },
  );
}

/** "The lounge temperature" names a sensor; to set it is to set the thermostats of its room. */
function sensorsAsRooms(slots: Slots): Slots {
  const targets = slots.targets.map((g) => {
    const named = [...g.named.values()].map((n) => n.entity);
    const rooms = [...new Set(named.flatMap((e) => (e.domain === "sensor" && e.area ? [e.area] : [])))];
    return named.length > 0 && named.every((e) => e.domain === "sensor") && rooms.length > 0 ? { ...g, named: new Map(), areas: [...g.areas, ...rooms] } : g;
  });
  return { ...slots, targets };
}

function setTemperature(said: Slots, env: Env): Promise<Outcome> | Outcome {
  const slots = sensorsAsRooms(said);
  const n = slots.number;
  if (isChange(slots)) return A_CHANGE;
  if (!n || n.unit === "percent") return { kind: "none", why: "no temperature was said" };
  const saidClimate = slots.also.has("temperature") || slots.also.has("warm") || slots.also.has("heat") || slots.said.some((s) => /heat|warm|cool/.test(s));
  if (n.unit !== "degrees" && slots.targets.length === 0 && !saidClimate) return { kind: "none", why: "no temperature was said" };
  if (slots.said.length === 0 && !namesAThing(slots)) return { kind: "none", why: "it is not clear what to set" };
  if (n.value < ROOM_RANGE[0] || n.value > ROOM_RANGE[1]) return { kind: "none", why: `${n.value} degrees is not a room temperature` };
  return onTargets(
    slots,
    env,
    { domains: ["climate"] },
    "thermostat",
    (entities) => ({
      kind: "calls",
      calls: entities.map((e) => ({ tool: "set_thermostat", args: { entity_id: e.id, temperature: n.value } })),
      say: (results) => results.map((o, i) => (o.status === "ok" ? `${entities[i]!.name} set to ${n.value}°.` : "")).join(" ") || "That didn't work.",
      focus: { entities },
    }),
    { implicit: (c) => [...c] },
  );
}

const MODES: Record<string, string> = { cool: "cool", cooling: "cool", auto: "auto", automatic: "auto", dry: "dry", dehumidify: "dry", "fan only": "fan_only", "heat cool": "heat_cool", heat: "heat", heating: "heat" };

function setMode(slots: Slots, env: Env): Promise<Outcome> | Outcome {
  const word = slots.said.find((s) => s in MODES) ?? [...slots.also].find((s) => s in MODES) ?? (slots.targets.some((g) => /\bheat(ing)?$/.test(g.text)) ? "heat" : undefined);
  if (!word) return { kind: "none", why: "no mode was said" };
  const mode = MODES[word]!;
  const supports = (e: CatalogEntity) => {
    const modes = env.catalog.state(e.id)?.attributes.hvac_modes;
    return !Array.isArray(modes) || modes.includes(mode);
  };
  return onTargets(
    slots,
    env,
    { domains: ["climate"] },
    "thermostat",
    (entities) => {
      const unable = entities.filter((e) => {
        const modes = env.catalog.state(e.id)?.attributes.hvac_modes;
        return Array.isArray(modes) && !modes.includes(mode);
      });
      if (unable.length > 0) return { kind: "none", why: `${unable.map((e) => e.name).join(" and ")} has no ${mode.replace("_", " ")} mode` };
      const out = perEntity(entities, () => "set_hvac_mode", () => ({ hvac_mode: mode }), mode.replace("_", " "));
      return out.kind === "calls" ? { ...out, say: (r) => (r.every((o) => o.status === "ok") ? sayDone("set_hvac_mode", entities.map((e) => e.name), mode.replace("_", " ")) : out.say(r)) } : out;
    },
    // Of several thermostats, the one that has the mode is meant ("the ac to cool" when only one can cool).
    { implicit: (c) => [...c], prefer: (c) => c.filter(supports) },
  );
}

const LEVEL_WORDS = Object.keys(NAMED_LEVELS).join("|");

export const LEVEL_INTENTS: readonly Intent[] = [
  {
    id: "set_level",
    act: true,
    patterns: [
      { need: [SET], may: "brightness|bright|level|speed|position|percent|way|to|at|open|up|down|on", target: "required", number: "required" },
      { may: "brightness|bright|level|speed|position|at|open|to|on", target: "required", number: "required" },
      { need: [LEVEL_WORDS], may: `${SET}|brightness|bright|level|speed|position|on|at|way`, target: "required" },
    ],
    build: setLevel,
  },
  {
    id: "set_volume",
    act: true,
    patterns: [{ need: ["volume"], may: "set|put|change|turn|make|at|level|up|down|adjust|bring|on|lower|raise|increase|decrease|reduce", target: "optional", number: "required" }],
    build: setVolume,
  },
  {
    id: "set_temperature",
    act: true,
    patterns: [
      { need: ["set|put|change|adjust|make|turn|heat|warm|cool|bring|raise|lower|increase|decrease|drop|turn up|turn down|heat up|warm up"], may: "temperature|up|down|at", target: "optional", number: "required" },
      { may: "temperature|at", target: "required", number: "required" },
      { need: ["temperature"], may: "set|put|change|make|at", target: "optional", number: "required" },
    ],
    build: setTemperature,
  },
  {
    id: "set_mode",
    act: true,
    patterns: [{ need: ["set|put|change|switch|turn|make"], may: "mode|cool|cooling|auto|automatic|dry|dehumidify|fan only|heat cool", target: "optional" }],
    build: setMode,
  },
];
