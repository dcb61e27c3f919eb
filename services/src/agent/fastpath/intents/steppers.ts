// How each kind of thing is stepped up or down, in Home Assistant's own terms: a light's brightness in percent
// (as brightness_step_pct does it: an off light steps up from 0, a step down to 0 turns it off), a cover's
// current_position, a fan's percentage in its percentage_step, a player's volume_level, and a thermostat's
// target temperature in its target_temp_step within its min_temp..max_temp. A level that cannot be read is
// null, never guessed.
import type { LiveState } from "../catalog.js";
import { ROOM_RANGE } from "./amount.js";
import type { Call } from "./types.js";

export interface Stepper {
  /** What an amount for it is said in. */
  unit: "percent" | "degrees";
  /** The largest change one request may make. */
  most: number;
  /** The step when no amount is said. */
  step(attrs: Record<string, unknown>): number;
  /** The current level; null when it is not known. */
  level(live: LiveState): number | null;
  range(attrs: Record<string, unknown>): readonly [number, number];
  call(entityId: string, level: number): Call;
  /** The level in words, after "is now" / "is already". */
  describe(level: number): string;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const control = (entity_id: string, action: string, field: Record<string, unknown> = {}): Call => ({ tool: "control_device", args: { entity_id, action, ...field } });
const PERCENT = [0, 100] as const;
/** cover SET_POSITION, media_player VOLUME_SET. */
const SET_POSITION = 4;
const VOLUME_SET = 4;
const supports = (attrs: Record<string, unknown>, feature: number) => ((num(attrs.supported_features) ?? 0) & feature) !== 0;

const percent = (rest: Omit<Stepper, "unit" | "most" | "range">): Stepper => ({ unit: "percent", most: 100, range: () => PERCENT, ...rest });

export const STEPPERS: Readonly<Record<string, Stepper>> = {
  light: percent({
    step: () => 20,
    level: ({ state, attributes: a }) => {
      const modes = a.supported_color_modes;
      if (Array.isArray(modes) && modes.every((m) => m === "onoff")) return null;
      if (state === "off") return 0;
      const b = num(a.brightness);
      return state === "on" && b !== null ? Math.round((b / 255) * 100) : null;
    },
    call: (id, level) => (level === 0 ? control(id, "turn_off") : control(id, "turn_on", { brightness_pct: level })),
    describe: (level) => (level === 0 ? "off" : `at ${level}%`),
  }),
  cover: percent({
    step: () => 20,
    level: ({ attributes: a }) => (supports(a, SET_POSITION) ? num(a.current_position) : null),
    call: (id, level) => control(id, "set_cover_position", { position: level }),
    describe: (level) => (level === 0 ? "closed" : level === 100 ? "fully open" : `${level}% open`),
  }),
  fan: percent({
    step: (a) => num(a.percentage_step) ?? 25,
    level: ({ state, attributes: a }) => (state === "off" ? 0 : num(a.percentage)),
    call: (id, level) => control(id, "set_percentage", { percentage: level }),
    describe: (level) => (level === 0 ? "off" : `at ${level}%`),
  }),
  media_player: percent({
    step: () => 10,
    level: ({ attributes: a }) => {
      const v = num(a.volume_level);
      return supports(a, VOLUME_SET) && v !== null ? Math.round(v * 100) : null;
    },
    call: (id, level) => control(id, "volume_set", { volume_level: level / 100 }),
    describe: (level) => `at ${level}% volume`,
  }),
  climate: {
    unit: "degrees",
    most: 5,
    step: (a) => num(a.target_temp_step) ?? 1,
    // A target outside a room's range in °C is another unit or mode (heat_cool has no single target): not stepped.
    level: ({ attributes: a }) => {
      const t = num(a.temperature);
      return t !== null && t >= ROOM_RANGE[0] && t <= ROOM_RANGE[1] ? t : null;
    },
    range: (a) => [Math.max(ROOM_RANGE[0], num(a.min_temp) ?? ROOM_RANGE[0]), Math.min(ROOM_RANGE[1], num(a.max_temp) ?? ROOM_RANGE[1])],
    call: (entity_id, temperature) => ({ tool: "set_thermostat", args: { entity_id, temperature } }),
    describe: (level) => `set to ${level}°`,
  },
};

/** The level a step leads to, within the range, rounded as the unit is said. */
export function stepped(s: Stepper, attrs: Record<string, unknown>, from: number, change: number): number {
  const [low, high] = s.range(attrs);
  const to = Math.min(high, Math.max(low, from + change));
  return s.unit === "percent" ? Math.round(to) : Math.round(to * 10) / 10;
}
