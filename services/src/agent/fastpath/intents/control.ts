// Controlling the home: on/off, open/close/stop, lock/unlock, toggle, start/run, and the media and vacuum
// verbs, each on whatever kind of entity the target turns out to be (see ha-calls.ts for HA's semantics).
import type { CatalogEntity, LiveState } from "../catalog.js";
import { domainsOf, perEntity, SERVICES, type Verb } from "./ha-calls.js";
import { onTargets, type TargetOptions } from "./shared.js";
import type { Env, Intent, Pattern, Slots } from "./types.js";

const live = (env: Env) => (e: CatalogEntity): LiveState | undefined => env.catalog.state(e.id);

/** Among media players, those in one of `states` (the one playing, for "pause"). */
const inState = (env: Env, states: readonly string[]) => (candidates: readonly CatalogEntity[]) =>
  candidates.filter((e) => states.includes(live(env)(e)?.state ?? ""));

/** Media and vacuum verbs without a named target mean the one that is doing (or can do) the thing. */
function implicitFor(verb: Verb, env: Env): TargetOptions {
  const active = ["playing"];
  const resumable = ["paused", "idle", "on", "standby"];
  const pick = (states: readonly string[]) => (c: readonly CatalogEntity[]) => {
    const media = c.filter((e) => e.domain === "media_player");
    const found = inState(env, states)(media);
    if (found.length > 0) return found;
    const vacuums = c.filter((e) => e.domain === "vacuum");
    return media.length === 1 ? media : vacuums.length >= 1 && media.length === 0 ? vacuums : [];
  };
  const states = verb === "play" ? resumable : active;
  return { implicit: pick(states), prefer: (c) => inState(env, states)(c) };
}

/** An intent that applies `verb` to its targets. */
function verbIntent(
  id: string,
  verb: Verb,
  patterns: Pattern[],
  opts: { areaDefault?: string[]; implicit?: boolean; pluralAll?: boolean; field?: (e: CatalogEntity, s: Slots) => Record<string, unknown> | undefined; value?: (s: Slots) => string } = {},
): Intent {
  return {
    id,
    act: true,
    patterns,
    build: (slots, env) =>
      onTargets(
        slots,
        env,
        { domains: domainsOf(verb), areaDefault: opts.areaDefault, pluralAll: opts.pluralAll },
        "device",
        (entities) => perEntity(entities, (e) => SERVICES[verb][e.domain]!, opts.field && ((e) => opts.field!(e, slots)), opts.value?.(slots)),
        opts.implicit ? implicitFor(verb, env) : { prefer: verb === "on" || verb === "off" ? undefined : inState(env, ["playing"]) },
      ),
  };
}

const TURN = "turn|switch|put|power|get|back|again|cut";

export const CONTROL_INTENTS: readonly Intent[] = [
  verbIntent("turn_on", "on", [{ need: ["on|activate|enable"], may: TURN, target: "required" }], { areaDefault: ["light"] }),
  verbIntent("turn_off", "off", [{ need: ["off|deactivate|disable|kill|shut down|power down"], may: `${TURN}|shut`, target: "required" }], { areaDefault: ["light"] }),
  verbIntent("toggle", "toggle", [{ need: ["toggle|flip"], may: "switch", target: "required" }]),
  verbIntent("open", "open", [{ need: ["open|raise|lift|roll up|pull up"], may: "up|fully|all the way|way|completely", target: "required" }], { areaDefault: ["cover"], pluralAll: true }),
  verbIntent("close", "close", [{ need: ["close|closed|shut|lower|draw|roll down|pull down"], may: "down|fully|all the way|way|completely", target: "required" }], { areaDefault: ["cover"], pluralAll: true }),
  verbIntent("stop", "stop", [{ need: ["stop|halt"], may: "moving|cleaning|playing|vacuuming", target: "required" }]),
  // "Lock the doors", "close the blinds": all of them; each opening or unlocking is still held by its tier.
  verbIntent("lock", "lock", [{ need: ["lock|secure|bolt"], may: "up", target: "required" }], { areaDefault: ["lock"], pluralAll: true }),
  verbIntent("unlock", "unlock", [{ need: ["unlock|unbolt|unlatch"], target: "required" }], { areaDefault: ["lock"], pluralAll: true }),
  verbIntent("start", "start", [{ need: ["run|execute|trigger|launch|start|activate|fire|begin|kick off|set off|set"], may: "up|off", target: "required" }]),
  verbIntent("pause", "pause", [{ need: ["pause|hold"], may: "playing|playback|it", target: "optional" }], { implicit: true }),
  verbIntent("play", "play", [{ need: ["play|resume|unpause|continue|keep playing|start playing|carry on"], may: "playing|again|back|on", target: "optional" }], { implicit: true }),
  verbIntent("next", "next", [{ need: ["next|skip|forward|skip ahead"], may: "go|to|play|this|ahead|item|episode|chapter|on", target: "optional" }], { implicit: true }),
  verbIntent("previous", "previous", [{ need: ["previous|go back|back|rewind"], may: "go|to|play|item|episode|chapter|on", target: "optional" }], { implicit: true }),
  verbIntent("mute", "mute", [{ need: ["mute|silence|shush"], may: "put|on", target: "optional" }], { implicit: true, field: () => ({ is_volume_muted: true }), value: () => "on" }),
  verbIntent("unmute", "unmute", [{ need: ["unmute"], target: "optional" }], { implicit: true, field: () => ({ is_volume_muted: false }), value: () => "off" }),
  verbIntent(
    "louder",
    "louder",
    [
      { need: ["louder|turn up|crank up|pump up|volume up|increase volume|raise volume|volume higher"], may: "make|bit|more|volume", target: "optional" },
      { need: ["volume", "up|higher|louder|increase|raise"], may: "turn|bit|more|make|on", target: "optional" },
    ],
    { implicit: true },
  ),
  verbIntent(
    "quieter",
    "quieter",
    [
      { need: ["quieter|softer|turn down|volume down|lower volume|decrease volume|reduce volume|volume lower"], may: "make|bit|more|volume", target: "optional" },
      { need: ["volume", "down|lower|quieter|softer|decrease|reduce"], may: "turn|bit|more|make|on", target: "optional" },
    ],
    { implicit: true },
  ),
  verbIntent(
    "vacuum",
    "start",
    [{ need: ["vacuum|clean|hoover|vacuuming|cleaning|start vacuuming|start cleaning|go clean"], may: "start|begin|go|floor|floors|up|everywhere|round|a round|tell|have|ask|get|make|let", target: "optional" }],
    { implicit: true, areaDefault: ["vacuum"] },
  ),
  verbIntent(
    "dock",
    "return",
    [
      { need: ["return|dock|recharge|charge|send|go|come|bring"], may: "home|base|dock|back|charger|charging|station|to|yourself|tell|have|ask|get|make|let", target: "required" },
      { need: ["dock|return to base|go back to base|return to dock|back to dock|back to base|go home|return home"], may: "go|to", target: "optional" },
    ],
    { implicit: true },
  ),
];
