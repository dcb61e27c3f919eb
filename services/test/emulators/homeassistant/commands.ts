// The id'd commands of HA's websocket API that the emulator serves. A handler either sends its own messages or
// returns the result payload; throwing an HaError becomes HA's error result.
import { callService } from "./call-service.js";
import { HaError } from "./errors.js";
import type { Hub } from "./hub.js";
import { isDict, optionalDict, optionalStr, positiveInt, requiredStr, stringList } from "./schema.js";
import { areaRegistryList, deviceRegistryList, entityRegistryForDisplay, entityRegistryGetEntries, entityRegistryList } from "./registries.js";
import { SERVICES } from "./services.js";
import { compressState, entityDiff, newContext, type HaEvent, type HaState } from "./state-machine.js";

export interface Session {
  hub: Hub;
  send(message: unknown): void;
  /** Open subscriptions by the id of the command that opened them. */
  subscriptions: Map<number, () => void>;
}

type Msg = Record<string, unknown> & { id: number };
/** Returns the result payload, or NO_REPLY when the handler answered itself (pong). */
type Handler = (s: Session, msg: Msg) => unknown;
export const NO_REPLY = Symbol("no reply");

const event = (id: number, payload: unknown) => ({ id, type: "event", event: payload });

function subscribeEvents(s: Session, msg: Msg) {
  const wanted = optionalStr(msg, "event_type") ?? "*";
  s.subscriptions.set(
    msg.id,
    s.hub.machine.listen((e: HaEvent) => {
      if (wanted === "*" || e.event_type === wanted) s.send(event(msg.id, e));
    }),
  );
  return null;
}

function subscribeEntities(s: Session, msg: Msg) {
  const only = msg.entity_ids === undefined ? null : new Set(stringList(msg.entity_ids, "entity_ids"));
  const wanted = (id: string) => !only || only.has(id);
  s.subscriptions.set(
    msg.id,
    s.hub.machine.listen((e) => {
      const data = e.data as { entity_id: string; old_state: HaState | null; new_state: HaState | null };
      if (e.event_type === "state_changed" && wanted(data.entity_id)) s.send(event(msg.id, entityDiff(data)));
    }),
  );
  // HA answers the command first, then sends every current state in one "a" event.
  s.send({ id: msg.id, type: "result", success: true, result: null });
  const initial = Object.fromEntries(
    s.hub.machine
      .all()
      .filter((st) => wanted(st.entity_id))
      .map((st) => [st.entity_id, compressState(st)]),
  );
  s.send(event(msg.id, { a: initial }));
  return NO_REPLY;
}

function unsubscribeEvents(s: Session, msg: Msg) {
  const id = positiveInt(msg, "subscription");
  const unsubscribe = s.subscriptions.get(id);
  if (!unsubscribe) throw new HaError("not_found", "Subscription not found.");
  unsubscribe();
  s.subscriptions.delete(id);
  return null;
}

function fireEvent(s: Session, msg: Msg) {
  const eventType = requiredStr(msg, "event_type");
  const data = optionalDict(msg, "event_data") ?? {};
  const context = newContext(s.hub.userId);
  s.hub.machine.fire(eventType, data, context);
  return { context };
}

function services() {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, def] of Object.entries(SERVICES)) {
    const [domain, service] = key.split(".") as [string, string];
    out[domain] ??= {};
    out[domain][service] = {
      name: service.replace(/_/g, " "),
      description: def.description,
      fields: Object.fromEntries(def.fields.map((f) => [f, { required: false, selector: {} }])),
      ...(def.response === "none" ? {} : { response: { optional: def.response === "optional" } }),
    };
  }
  return out;
}

function config(hub: Hub) {
  return {
    latitude: 52.37,
    longitude: 4.89,
    elevation: 0,
    unit_system: { length: "km", mass: "g", temperature: "°C", volume: "L", pressure: "Pa", wind_speed: "m/s" },
    location_name: hub.locationName,
    time_zone: "Europe/Amsterdam",
    components: [...new Set(hub.machine.all().map((st) => st.entity_id.split(".")[0]!)), "conversation"].sort(),
    version: hub.haVersion,
    state: "RUNNING",
    safe_mode: false,
    recovery_mode: false,
    currency: "EUR",
    country: "NL",
    language: "en",
  };
}

/** One entry per registry entity: the assistants with a stored setting, as ws_list_exposed_entities sends them. */
function exposedEntities(hub: Hub) {
  const out: Record<string, Record<string, boolean>> = {};
  for (const st of hub.machine.all()) {
    const setting = hub.exposure.get(st.entity_id);
    out[st.entity_id] = setting === undefined ? {} : { conversation: setting };
  }
  return { exposed_entities: out };
}

export const COMMANDS: Record<string, Handler> = {
  supported_features: (_s, msg) => {
    if (!isDict(msg.features)) {
      throw new HaError("invalid_format", "Message incorrectly formatted: required key not provided @ data['features']");
    }
    return null;
  },
  ping: (s, msg) => {
    s.send({ id: msg.id, type: "pong" });
    return NO_REPLY;
  },
  get_states: (s) => s.hub.machine.all(),
  get_config: (s) => config(s.hub),
  get_services: () => services(),
  subscribe_events: subscribeEvents,
  subscribe_entities: subscribeEntities,
  unsubscribe_events: unsubscribeEvents,
  fire_event: fireEvent,
  call_service: (s, msg) => callService(s.hub, msg),
  "homeassistant/expose_entity/list": (s) => exposedEntities(s.hub),
  "config/entity_registry/list": (s) => entityRegistryList(s.hub),
  "config/entity_registry/list_for_display": (s) => entityRegistryForDisplay(s.hub),
  "config/entity_registry/get_entries": (s, msg) => entityRegistryGetEntries(s.hub, msg),
  "config/device_registry/list": (s) => deviceRegistryList(s.hub),
  "config/area_registry/list": (s) => areaRegistryList(s.hub),
};
