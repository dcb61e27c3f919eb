// A light's colour, as HA's light.turn_on takes it (color_name): "set the floor lamp to red", "make the
// kitchen light blue". A light that has no colour mode is not asked to change colour.
import { perEntity } from "./ha-calls.js";
import { onTargets } from "./shared.js";
import type { Env, Intent, Outcome, Slots } from "./types.js";

const COLOURS = ["red", "green", "blue", "yellow", "orange", "purple", "pink", "white", "cyan", "magenta", "violet", "teal"];
const COLOUR_MODES = ["hs", "rgb", "rgbw", "rgbww", "xy"];

function setColour(slots: Slots, env: Env): Promise<Outcome> | Outcome {
  const colour = [...slots.said, ...slots.also].find((w) => COLOURS.includes(w));
  if (!colour) return { kind: "none", why: "no colour was said" };
  return onTargets(slots, env, { domains: ["light"], areaDefault: ["light"] }, "light", (lights) => {
    const plain = lights.filter((e) => {
      const modes = env.catalog.state(e.id)?.attributes.supported_color_modes;
      return Array.isArray(modes) && !modes.some((m) => COLOUR_MODES.includes(String(m)));
    });
    if (plain.length > 0) return { kind: "none", why: `${plain.map((e) => e.name).join(" and ")} cannot change colour` };
    const out = perEntity(lights, () => "turn_on", () => ({ color_name: colour }));
    return out.kind === "calls" ? { ...out, say: (r) => (r.every((o) => o.status === "ok") ? `${lights.map((e) => e.name).join(" and ")} ${lights.length === 1 ? "is" : "are"} ${colour}.` : out.say(r)) } : out;
  });
}

export const COLOUR_INTENTS: readonly Intent[] = [
  {
    id: "set_colour",
    act: true,
    patterns: [
      { need: ["set|make|turn|change|switch|put|colour|color", COLOURS.join("|")], may: "colour|color|light|on|to|in", target: "required" },
      { need: [COLOURS.join("|")], target: "required" },
    ],
    build: setColour,
  },
];
