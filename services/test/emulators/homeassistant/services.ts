// The service actions the simulated home offers. Each one checks its fields the way HA's schemas do, changes
// the entities it targets through the state machine (so state_changed events follow), and declares whether it
// returns a response (HA's SupportsResponse: none / optional / only).
import { DOMAIN_SERVICES } from "./domains.js";
import { invalid, validation } from "./errors.js";
import { forEach, lightOff, lightOn, number, onOff, type ServiceCall, type ServiceDef } from "./service-kit.js";

export type { ServiceCall, ServiceDef } from "./service-kit.js";

const HVAC_MODES = ["off", "heat", "cool", "heat_cool", "auto", "dry", "fan_only"];
const FORECAST_TYPES = ["daily", "hourly", "twice_daily"];

function setTemperature(call: ServiceCall) {
  if (call.data.temperature === undefined) {
    throw invalid("must contain at least one of temperature, target_temp_high, target_temp_low.");
  }
  const wanted = number(call.data, "temperature", -100, 100)!;
  forEach("climate", call, (state, attrs) => {
    const [min, max] = [attrs.min_temp as number, attrs.max_temp as number];
    if (wanted < min || wanted > max) {
      throw validation("temp_out_of_range", `Provided temperature ${wanted} is not valid. Accepted range is ${min} to ${max}.`, {
        check_temp: String(wanted),
        min_temp: String(min),
        max_temp: String(max),
      });
    }
    return [state, { ...attrs, temperature: wanted }];
  });
}

function setHvacMode(call: ServiceCall) {
  const mode = call.data.hvac_mode;
  if (mode === undefined) throw invalid("required key not provided @ data['hvac_mode']. Got None");
  if (typeof mode !== "string" || !HVAC_MODES.includes(mode)) {
    const modes = HVAC_MODES.map((m) => `'${m}'`).join(", ");
    throw invalid(`value must be one of [${modes}] for dictionary value @ data['hvac_mode']`);
  }
  forEach("climate", call, (_state, attrs) => {
    const allowed = attrs.hvac_modes as string[];
    if (!allowed.includes(mode)) {
      const modes = allowed.join(", ");
      throw validation("not_valid_hvac_mode", `HVAC mode ${mode} is not valid. Valid HVAC modes are: ${modes}.`, {
        mode,
        modes,
      });
    }
    return [mode, { ...attrs, hvac_action: mode === "off" ? "off" : attrs.hvac_action }];
  });
}

/**
 * tts.speak targets TTS entities and plays the message on the given media players, as HA does: the player
 * starts playing a media-source URL of the spoken message.
 */
function ttsSpeak(call: ServiceCall) {
  const player = call.data.media_player_entity_id;
  const message = call.data.message;
  if (typeof message !== "string" || message === "") throw invalid("required key not provided @ data['message']. Got None");
  if (typeof player !== "string" || !player.startsWith("media_player.")) {
    throw invalid("Entity ID is an invalid entity ID for dictionary value @ data['media_player_entity_id']");
  }
  const target = call.machine.get(player);
  if (!target) throw validation("entity_not_found", `Referenced entities ${player} are missing or not currently available`, {});
  if (!call.entityIds.some((id) => id.startsWith("tts.") && call.machine.get(id))) throw invalid("tts.speak needs a TTS entity target");
  const engine = call.entityIds.find((id) => id.startsWith("tts."))!;
  call.machine.set(
    player,
    "playing",
    { ...target.attributes, media_content_id: `media-source://tts/${engine}?message=${encodeURIComponent(message)}`, media_content_type: "music" },
    call.context,
  );
}

function forecasts(call: ServiceCall) {
  const type = call.data.type;
  if (type === undefined) throw invalid("required key not provided @ data['type']. Got None");
  if (typeof type !== "string" || !FORECAST_TYPES.includes(type)) {
    throw invalid(`value must be one of ['daily', 'hourly', 'twice_daily'] for dictionary value @ data['type']`);
  }
  const out: Record<string, unknown> = {};
  const start = Date.UTC(2025, 0, 1);
  for (const id of call.entityIds.filter((e) => e.startsWith("weather.") && call.machine.get(e))) {
    const step = type === "hourly" ? 3_600_000 : 86_400_000;
    out[id] = {
      forecast: [0, 1, 2].map((i) => ({
        condition: i === 1 ? "rainy" : "cloudy",
        datetime: new Date(start + i * step).toISOString().replace("Z", "+00:00"),
        temperature: 8 + i,
        templow: 2 + i,
        precipitation: i === 1 ? 3.2 : 0,
      })),
    };
  }
  return out;
}

/** homeassistant.turn_on and friends: the generic services that route to each entity's own domain. */
function generic(action: "turn_on" | "turn_off" | "toggle"): ServiceDef {
  return {
    description: `Generic ${action} for any entity that supports it.`,
    fields: [],
    response: "none",
    run(call) {
      for (const id of call.entityIds) {
        const own = SERVICES[`${id.split(".")[0]}.${action}`];
        own?.run({ ...call, entityIds: [id] });
      }
    },
  };
}

const lockTo = (state: string) => (call: ServiceCall) => forEach("lock", call, (_s, a) => [state, a]);

export const SERVICES: Record<string, ServiceDef> = {
  ...onOff("light", ["brightness", "brightness_pct", "color_name", "rgb_color", "transition"], ["transition"], lightOn, lightOff),
  ...onOff("switch", [], [], (_d, a) => ["on", a], (a) => ["off", a]),
  "lock.lock": { description: "Locks a lock.", fields: ["code"], response: "none", run: lockTo("locked") },
  "lock.unlock": { description: "Unlocks a lock.", fields: ["code"], response: "none", run: lockTo("unlocked") },
  "climate.set_temperature": {
    description: "Sets the target temperature.",
    fields: ["temperature", "hvac_mode"],
    response: "none",
    run: setTemperature,
  },
  "climate.set_hvac_mode": {
    description: "Sets HVAC operation mode.",
    fields: ["hvac_mode"],
    response: "none",
    run: setHvacMode,
  },
  "tts.speak": {
    description: "Speaks something using text-to-speech on a media player.",
    fields: ["media_player_entity_id", "message", "cache", "language", "options"],
    response: "none",
    run: ttsSpeak,
  },
  "weather.get_forecasts": { description: "Get weather forecasts.", fields: ["type"], response: "only", run: forecasts },
  ...DOMAIN_SERVICES,
  "homeassistant.turn_on": generic("turn_on"),
  "homeassistant.turn_off": generic("turn_off"),
  "homeassistant.toggle": generic("toggle"),
};
