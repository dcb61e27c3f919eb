// The pieces every service of the simulated home is built from: the call as a service sees it, its
// declaration, applying a change to each targeted entity of a domain, HA-style field checks, and the
// turn_on / turn_off / toggle triple.
import type { TodoItem } from "./homes/types.js";
import { invalid } from "./errors.js";
import type { HaContext, StateMachine } from "./state-machine.js";

export interface ServiceCall {
  machine: StateMachine;
  todo: Map<string, TodoItem[]>;
  entityIds: readonly string[];
  data: Record<string, unknown>;
  context: HaContext;
}

export interface ServiceDef {
  description: string;
  /** service_data keys besides the target keys; anything else is refused like voluptuous' extra keys. */
  fields: readonly string[];
  response: "none" | "optional" | "only";
  run(call: ServiceCall): unknown;
}

export type Change = [state: string, attributes: Record<string, unknown>];

/** Applies `change` to every targeted entity of `domain`; HA ignores targets of other domains. */
export function forEach(domain: string, call: ServiceCall, change: (state: string, attrs: Record<string, unknown>) => Change) {
  for (const id of call.entityIds) {
    const current = call.machine.get(id);
    if (!current || !id.startsWith(`${domain}.`)) continue;
    const [state, attributes] = change(current.state, current.attributes);
    call.machine.set(id, state, attributes, call.context);
  }
}

export function number(data: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = data[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || Number.isNaN(v)) throw invalid(`expected float for dictionary value @ data['${key}']`);
  if (v < min || v > max) throw invalid(`value must be between ${min} and ${max} for dictionary value @ data['${key}']`);
  return v;
}

/** CSS colour names HA's color_name takes, as RGB (a few; HA knows them all). */
const COLOURS: Record<string, [number, number, number]> = {
  red: [255, 0, 0], green: [0, 128, 0], blue: [0, 0, 255], yellow: [255, 255, 0], orange: [255, 165, 0], purple: [128, 0, 128],
  pink: [255, 192, 203], white: [255, 255, 255], cyan: [0, 255, 255], magenta: [255, 0, 255], violet: [238, 130, 238], teal: [0, 128, 128],
};
const COLOUR_MODES = ["hs", "rgb", "rgbw", "rgbww", "xy"];

export function lightOn(data: Record<string, unknown>, attrs: Record<string, unknown>): Change {
  const pct = number(data, "brightness_pct", 0, 100);
  const brightness = number(data, "brightness", 0, 255) ?? (pct === undefined ? undefined : Math.round(pct * 2.55));
  if (brightness === 0) return ["off", { ...attrs, brightness: null, color_mode: null }];
  const name = data.color_name;
  if (name !== undefined && (typeof name !== "string" || !(name in COLOURS))) throw invalid(`Invalid color name for dictionary value @ data['color_name']`);
  // A light without a colour mode keeps its colour as it is (HA logs that it does not support colour).
  const coloured = typeof name === "string" && (attrs.supported_color_modes as string[] | undefined)?.some((m) => COLOUR_MODES.includes(m));
  const colour = coloured ? { rgb_color: COLOURS[name as string], color_mode: "hs" } : {};
  return ["on", { ...attrs, brightness: brightness ?? (attrs.brightness as number | null) ?? 255, color_mode: "brightness", ...colour }];
}
export const lightOff = (attrs: Record<string, unknown>): Change => ["off", { ...attrs, brightness: null, color_mode: null }];

export type TurnOn = (data: Record<string, unknown>, attrs: Record<string, unknown>) => Change;
export type TurnOff = (attrs: Record<string, unknown>) => Change;

/** turn_on / turn_off / toggle for one domain; `fields` are what turn_on accepts, `offFields` what turn_off does. */
export const onOff = (domain: string, fields: string[], offFields: string[], on: TurnOn, off: TurnOff): Record<string, ServiceDef> => ({
  [`${domain}.turn_on`]: {
    description: `Turns ${domain} entities on.`,
    fields,
    response: "none",
    run: (call) => forEach(domain, call, (_s, a) => on(call.data, a)),
  },
  [`${domain}.turn_off`]: {
    description: `Turns ${domain} entities off.`,
    fields: offFields,
    response: "none",
    run: (call) => forEach(domain, call, (_s, a) => off(a)),
  },
  [`${domain}.toggle`]: {
    description: `Toggles ${domain} entities.`,
    fields: [],
    response: "none",
    run: (call) => forEach(domain, call, (s, a) => (s === "on" ? off(a) : on({}, a))),
  },
});

