// Services of the domains beyond lights, switches and locks, with HA's fields, ranges and state changes: fans
// (percentage), covers (open/close/stop/position), valves, vacuums, media players, to-do lists (add_item,
// get_items with a response only), scenes, scripts, input booleans and climate on/off. A service an entity's
// supported_features lack fails as HA's ServiceNotSupported does.
import { HaError, invalid } from "./errors.js";
import type { TodoItem } from "./homes/types.js";
import { forEach, number, onOff, type Change, type ServiceCall, type ServiceDef } from "./service-kit.js";

type Attrs = Record<string, unknown>;

const plain = (description: string, fields: string[], run: (call: ServiceCall) => unknown): ServiceDef => ({ description, fields, response: "none", run });

function required(call: ServiceCall, key: string): unknown {
  if (call.data[key] === undefined) throw invalid(`required key not provided @ data['${key}']. Got None`);
  return call.data[key];
}

function percent(call: ServiceCall, key: string): number {
  const v = required(call, key);
  if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(`expected int for dictionary value @ data['${key}']`);
  return number(call.data, key, 0, 100)!;
}

function notSupported(entityId: string, action: string): HaError {
  return new HaError("home_assistant_error", `Entity ${entityId} does not support action ${action}`, {
    domain: "homeassistant",
    key: "service_not_supported",
    placeholders: { entity_id: entityId, action },
  });
}

/** Like forEach, but an entity without `feature` in its supported_features refuses the action. */
function withFeature(domain: string, service: string, feature: number, call: ServiceCall, change: (state: string, attrs: Attrs) => Change) {
  for (const id of call.entityIds) {
    const current = call.machine.get(id);
    if (!current || !id.startsWith(`${domain}.`)) continue;
    const features = typeof current.attributes.supported_features === "number" ? current.attributes.supported_features : 0;
    if ((features & feature) === 0) throw notSupported(id, `${domain}.${service}`);
  }
  forEach(domain, call, change);
}

// ---- fan (FanEntityFeature: SET_SPEED 1, TURN_OFF 16, TURN_ON 32) ----
const fanAt = (pct: number, attrs: Attrs): Change => (pct === 0 ? ["off", { ...attrs, percentage: 0 }] : ["on", { ...attrs, percentage: pct }]);
const fanServices: Record<string, ServiceDef> = {
  ...onOff(
    "fan",
    ["percentage", "preset_mode"],
    [],
    (data, attrs) => {
      const pct = number(data, "percentage", 0, 100);
      const last = typeof attrs.percentage === "number" && attrs.percentage > 0 ? attrs.percentage : 100;
      return fanAt(pct ?? last, attrs);
    },
    (attrs) => ["off", { ...attrs, percentage: 0 }],
  ),
  "fan.set_percentage": plain("Sets the fan speed.", ["percentage"], (call) => {
    const pct = percent(call, "percentage");
    withFeature("fan", "set_percentage", 1, call, (_s, a) => fanAt(pct, a));
  }),
};

// ---- cover (CoverEntityFeature: OPEN 1, CLOSE 2, SET_POSITION 4, STOP 8) ----
const coverTo = (open: boolean) => (_s: string, a: Attrs): Change => [open ? "open" : "closed", "current_position" in a ? { ...a, current_position: open ? 100 : 0 } : a];
const coverServices: Record<string, ServiceDef> = {
  "cover.open_cover": plain("Opens a cover.", [], (call) => withFeature("cover", "open_cover", 1, call, coverTo(true))),
  "cover.close_cover": plain("Closes a cover.", [], (call) => withFeature("cover", "close_cover", 2, call, coverTo(false))),
  "cover.stop_cover": plain("Stops a cover.", [], (call) => withFeature("cover", "stop_cover", 8, call, (s, a) => [s, a])),
  "cover.toggle": plain("Toggles a cover open/closed.", [], (call) => forEach("cover", call, (s, a) => coverTo(s === "closed")(s, a))),
  "cover.set_cover_position": plain("Moves a cover to a position.", ["position"], (call) => {
    const position = percent(call, "position");
    withFeature("cover", "set_cover_position", 4, call, (_s, a) => [position === 0 ? "closed" : "open", { ...a, current_position: position }]);
  }),
};

// ---- valve (ValveEntityFeature: OPEN 1, CLOSE 2) ----
const valveServices: Record<string, ServiceDef> = {
  "valve.open_valve": plain("Opens a valve.", [], (call) => withFeature("valve", "open_valve", 1, call, (_s, a) => ["open", a])),
  "valve.close_valve": plain("Closes a valve.", [], (call) => withFeature("valve", "close_valve", 2, call, (_s, a) => ["closed", a])),
  "valve.toggle": plain("Toggles a valve.", [], (call) => forEach("valve", call, (s, a) => [s === "open" ? "closed" : "open", a])),
};

// ---- vacuum (VacuumEntityFeature: PAUSE 4, STOP 8, RETURN_HOME 16, START 8192) ----
const vacuum = (service: string, feature: number, state: string) =>
  plain(`Vacuum: ${service.replace(/_/g, " ")}.`, [], (call) => withFeature("vacuum", service, feature, call, (_s, a) => [state, a]));
const vacuumServices: Record<string, ServiceDef> = {
  "vacuum.start": vacuum("start", 8192, "cleaning"),
  "vacuum.pause": vacuum("pause", 4, "paused"),
  "vacuum.stop": vacuum("stop", 8, "idle"),
  "vacuum.return_to_base": vacuum("return_to_base", 16, "returning"),
};

// ---- media player (MediaPlayerEntityFeature: PAUSE 1, VOLUME_SET 4, VOLUME_MUTE 8, PREVIOUS 16, NEXT 32,
// TURN_ON 128, TURN_OFF 256, VOLUME_STEP 1024, STOP 4096, PLAY 16384) ----
const media = (service: string, feature: number, change: (state: string, a: Attrs, call: ServiceCall) => Change, fields: string[] = []) =>
  plain(`Media player: ${service.replace(/_/g, " ")}.`, fields, (call) => withFeature("media_player", service, feature, call, (s, a) => change(s, a, call)));
const volume = (a: Attrs) => (typeof a.volume_level === "number" ? a.volume_level : 0.5);
const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;
const mediaServices: Record<string, ServiceDef> = {
  "media_player.turn_on": media("turn_on", 128, (_s, a) => ["on", a]),
  "media_player.turn_off": media("turn_off", 256, (_s, a) => ["off", a]),
  "media_player.media_play": media("media_play", 16384, (_s, a) => ["playing", a]),
  "media_player.media_pause": media("media_pause", 1, (_s, a) => ["paused", a]),
  "media_player.media_stop": media("media_stop", 4096, (_s, a) => ["idle", a]),
  "media_player.media_next_track": media("media_next_track", 32, (s, a) => [s, { ...a, media_title: "Next item" }]),
  "media_player.media_previous_track": media("media_previous_track", 16, (s, a) => [s, { ...a, media_title: "Previous item" }]),
  "media_player.volume_up": media("volume_up", 1024, (s, a) => [s, { ...a, volume_level: round(volume(a) + 0.1) }]),
  "media_player.volume_down": media("volume_down", 1024, (s, a) => [s, { ...a, volume_level: round(volume(a) - 0.1) }]),
  "media_player.volume_set": media(
    "volume_set",
    4,
    (s, a, call) => {
      required(call, "volume_level");
      return [s, { ...a, volume_level: number(call.data, "volume_level", 0, 1)! }];
    },
    ["volume_level"],
  ),
  "media_player.volume_mute": media(
    "volume_mute",
    8,
    (s, a, call) => {
      const muted = required(call, "is_volume_muted");
      if (typeof muted !== "boolean") throw invalid("expected bool for dictionary value @ data['is_volume_muted']");
      return [s, { ...a, is_volume_muted: muted }];
    },
    ["is_volume_muted"],
  ),
};

// ---- to-do lists (TodoListEntityFeature CREATE_TODO_ITEM 1); the state is the count of open items ----
function todoLists(call: ServiceCall): string[] {
  return call.entityIds.filter((id) => id.startsWith("todo.") && call.machine.get(id) && call.todo.has(id));
}
function setCount(call: ServiceCall, id: string) {
  const open = call.todo.get(id)!.filter((i) => i.status === "needs_action").length;
  call.machine.set(id, String(open), call.machine.get(id)!.attributes, call.context);
}
const todoServices: Record<string, ServiceDef> = {
  "todo.add_item": plain("Adds an item to a to-do list.", ["item", "due_date", "due_datetime", "description"], (call) => {
    const item = required(call, "item");
    if (typeof item !== "string" || item.trim() === "") throw invalid("expected str for dictionary value @ data['item']");
    for (const id of todoLists(call)) {
      const uid = `${Date.now().toString(16)}-${Math.random().toString(16).slice(2, 10)}`;
      call.todo.get(id)!.push({ uid, summary: item, status: "needs_action" });
      setCount(call, id);
    }
  }),
  "todo.get_items": {
    description: "Gets the items of to-do lists.",
    fields: ["status"],
    response: "only",
    run: (call) => {
      const wanted = call.data.status === undefined ? null : (Array.isArray(call.data.status) ? call.data.status : [call.data.status]);
      if (wanted && !wanted.every((s) => s === "needs_action" || s === "completed")) {
        throw invalid("value must be one of ['completed', 'needs_action'] for dictionary value @ data['status']");
      }
      return Object.fromEntries(
        todoLists(call).map((id) => [id, { items: call.todo.get(id)!.filter((i: TodoItem) => !wanted || wanted.includes(i.status)).map((i) => ({ ...i })) }]),
      );
    },
  },
};

// ---- scenes (state: when last activated), scripts (run at once), input booleans, climate on/off ----
const isoNow = () => new Date().toISOString().replace("Z", "+00:00");
const otherServices: Record<string, ServiceDef> = {
  "scene.turn_on": plain("Activates a scene.", ["transition"], (call) => forEach("scene", call, (_s, a) => [isoNow(), a])),
  "script.turn_on": plain("Runs a script.", ["variables", "wait"], (call) => forEach("script", call, (_s, a) => ["off", { ...a, last_triggered: isoNow() }])),
  ...onOff("input_boolean", [], [], (_d, a) => ["on", a], (a) => ["off", a]),
  "climate.turn_on": plain("Turns climate on.", [], (call) =>
    forEach("climate", call, (s, a) => [s !== "off" ? s : ((a.hvac_modes as string[] | undefined)?.find((m) => m !== "off") ?? "heat"), a]),
  ),
  "climate.turn_off": plain("Turns climate off.", [], (call) => forEach("climate", call, (_s, a) => ["off", { ...a, hvac_action: "off" }])),
};

export const DOMAIN_SERVICES: Record<string, ServiceDef> = {
  ...fanServices,
  ...coverServices,
  ...valveServices,
  ...vacuumServices,
  ...mediaServices,
  ...todoServices,
  ...otherServices,
};
