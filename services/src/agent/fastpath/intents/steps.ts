// Changing a level by a step: "brighter", "dim the bedroom lights a bit", "turn the heat up two degrees", "open
// the office blind a little more", "volume up 20 percent". The new level is worked out from the current one
// (steppers.ts) and set with the same tools, so the registry's tiers hold as for any level; the answer says
// where it ended up. Up or down must be clear, and so must the kind of thing: "make the light warmer" is about
// its colour, not a thermostat, and is not acted on.
import type { CatalogEntity } from "../catalog.js";
import { spoken } from "../answers.js";
import { isChange, said } from "./amount.js";
import { onTargets } from "./shared.js";
import { STEPPERS, stepped, type Stepper } from "./steppers.js";
import type { Env, Intent, Outcome, Slots } from "./types.js";

type Dir = 1 | -1;
const up = (domain?: string) => ({ dir: 1 as Dir, ...(domain ? { domain } : {}) });
const down = (domain?: string) => ({ dir: -1 as Dir, ...(domain ? { domain } : {}) });

/** The words of a step: which way, and the one kind of thing it can be about. */
const WORDS: Readonly<Record<string, { dir: Dir; domain?: string }>> = {
  brighter: up("light"), brighten: up("light"), dimmer: down("light"), dim: down("light"), darker: down("light"),
  warmer: up("climate"), hotter: up("climate"), "warm up": up("climate"), "heat up": up("climate"),
  cooler: down("climate"), colder: down("climate"), "cool down": down("climate"),
  louder: up("media_player"), quieter: down("media_player"), softer: down("media_player"),
  open: up("cover"), close: down("cover"),
  up: up(), "turn up": up(), raise: up(), increase: up(), higher: up(), "bump up": up(), "crank up": up(),
  down: down(), "turn down": down(), lower: down(), decrease: down(), reduce: down(),
};

/** Words that say what is stepped. */
const HINTS: Readonly<Record<string, string>> = { brightness: "light", bright: "light", volume: "media_player", temperature: "climate", position: "cover", speed: "fan" };

/** Verbs that move a cover all the way ("lower the blinds"): a step only with "a bit", "more" or an amount. */
const ALL_THE_WAY = ["open", "close", "raise", "lower"];

const WHAT: Readonly<Record<string, string>> = { light: "light", climate: "thermostat", media_player: "player", cover: "cover", fan: "fan" };

/** Things of a kind that are in use: the ones a step without a name means, and the ones dimming can mean. */
function active(env: Env, e: CatalogEntity): boolean {
  const state = env.catalog.state(e.id)?.state;
  return e.domain === "media_player" ? state === "playing" : state !== undefined && state !== "off" && state !== "unavailable";
}

const none = (why: string): Outcome => ({ kind: "none", why });

function step(slots: Slots, env: Env): Outcome | Promise<Outcome> {
  if (slots.number && !isChange(slots)) return none("a level was said, not a change");
  const words = [...slots.said, ...slots.also];
  const dirs = new Set(words.flatMap((w) => (WORDS[w] ? [WORDS[w].dir] : [])));
  const hints = new Set(words.flatMap((w) => WORDS[w]?.domain ?? HINTS[w] ?? []));
  if (slots.number?.unit === "degrees") hints.add("climate");
  if (dirs.size !== 1 || hints.size > 1) return none("it is not clear what to turn up or down");
  const dir = [...dirs][0]!;
  const hint = [...hints][0];
  // A player's own volume_up / volume_down ("louder") is for a step without an amount.
  if (hint === "media_player" && !slots.number) return none("louder and quieter take the player's own step");
  const domains = hint ? [hint] : Object.keys(STEPPERS).filter((d) => d !== "media_player" || slots.number);
  const steps = (entities: CatalogEntity[]) => stepAll(entities, slots, env, dir);
  return onTargets(slots, env, { domains, ...(hint ? { areaDefault: [hint] } : {}) }, WHAT[hint ?? ""] ?? "device", steps, {
    // Without a name: what this conversation just changed, else the one thing of the kind in use.
    implicit: (c) => {
      const recent = c.filter((e) => env.focus?.entities?.some((f) => f.id === e.id));
      return recent.length > 0 ? recent : hint && hint !== "cover" ? c.filter((e) => active(env, e)) : [];
    },
    ...(dir < 0 ? { prefer: (c: readonly CatalogEntity[]) => c.filter((e) => active(env, e)) } : {}),
  });
}

function stepAll(entities: CatalogEntity[], slots: Slots, env: Env, dir: Dir): Outcome {
  const domain = entities[0]?.domain ?? "";
  const stepper: Stepper | undefined = STEPPERS[domain];
  if (!stepper || entities.some((e) => e.domain !== domain)) return none("those are different kinds of things");
  const qualified = slots.number !== undefined || said(slots, "bit") || said(slots, "more");
  if (domain === "cover" && !qualified && ALL_THE_WAY.some((w) => said(slots, w))) return none("that moves it all the way, not a step");
  const n = slots.number;
  if (n && ((n.unit !== undefined && n.unit !== stepper.unit) || n.value <= 0 || n.value > stepper.most)) return none("that is not a step it can take");
  const levels = entities.map((e) => {
    const live = env.catalog.state(e.id);
    const from = live ? stepper.level(live) : null;
    return from === null ? null : { e, from, to: stepped(stepper, live!.attributes, from, dir * (n?.value ?? stepper.step(live!.attributes))) };
  });
  const unknown = entities.filter((_, i) => levels[i] === null);
  if (unknown.length > 0) return none(`I can't tell the level of ${unknown.map((e) => e.name).join(" and ")}`);
  const known = levels.flatMap((l) => (l ? [l] : []));
  const moving = known.filter((l) => l.to !== l.from);
  const already = known.filter((l) => l.to === l.from).map((l) => `${l.e.name} is already ${stepper.describe(l.to)}.`);
  if (moving.length === 0) return { kind: "reply", speech: already.join(" ") };
  return {
    kind: "calls",
    calls: moving.map((l) => stepper.call(l.e.id, l.to)),
    say: (results) => [...results.map((o, i) => spoken(o, () => `${moving[i]!.e.name} is now ${stepper.describe(moving[i]!.to)}.`)), ...already].join(" "),
    focus: { entities },
  };
}

const DIRECTIONS = Object.keys(WORDS).join("|");

export const STEP_INTENTS: readonly Intent[] = [
  {
    id: "step_level",
    act: true,
    patterns: [{ need: [DIRECTIONS], may: `make|turn|set|get|on|bit|more|much|even|further|${Object.keys(HINTS).join("|")}`, target: "optional", number: "optional" }],
    build: step,
  },
];
