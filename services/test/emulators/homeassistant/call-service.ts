// The call_service command, checked in HA's order (ServiceRegistry.async_call): the service must exist, the
// response request must fit what the service supports, the data must pass its schema; then the call_service
// event fires, the service runs (blocking), and the result carries the context and, if asked, the response.
import { HaError, invalid, validation } from "./errors.js";
import { effectiveArea, type Hub } from "./hub.js";
import { isDict, optionalBool, optionalDict, requiredStr, stringList } from "./schema.js";
import { SERVICES } from "./services.js";
import { newContext } from "./state-machine.js";

const TARGET_KEYS = ["entity_id", "device_id", "area_id", "floor_id", "label_id"];
const ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;

/**
 * The entity ids a target names: entity ids as given (HA ignores the missing ones), each device's entities, and
 * each area's entities (those in the area themselves or through their device, as HA's service helper does).
 */
function resolveTarget(hub: Hub, target: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  if (target.entity_id !== undefined) {
    for (const id of stringList(target.entity_id, "entity_id")) {
      if (!ENTITY_ID.test(id)) {
        throw invalid(`Entity ID ${id} is an invalid entity ID for dictionary value @ data['entity_id']`);
      }
      ids.add(id);
    }
  }
  if (target.device_id !== undefined) {
    const devices = new Set(stringList(target.device_id, "device_id"));
    for (const [id, entry] of hub.registry) if (entry.deviceId && devices.has(entry.deviceId)) ids.add(id);
  }
  if (target.area_id !== undefined) {
    const areas = new Set(stringList(target.area_id, "area_id"));
    for (const id of hub.registry.keys()) if (areas.has(effectiveArea(hub, id) ?? "")) ids.add(id);
  }
  return [...ids];
}

export function callService(hub: Hub, msg: Record<string, unknown>): Record<string, unknown> {
  const domain = requiredStr(msg, "domain");
  const service = requiredStr(msg, "service");
  const target = optionalDict(msg, "target") ?? {};
  const data = optionalDict(msg, "service_data") ?? {};
  const returnResponse = optionalBool(msg, "return_response") ?? false;
  for (const key of Object.keys(target)) {
    if (!TARGET_KEYS.includes(key)) throw invalid(`extra keys not allowed @ data['${key}']`);
  }

  const def = SERVICES[`${domain}.${service}`];
  if (!def) {
    throw new HaError("not_found", `Service ${domain}.${service} not found.`, {
      domain: "homeassistant",
      key: "service_not_found",
      placeholders: { domain, service },
    });
  }
  if (returnResponse && def.response === "none") {
    throw validation(
      "service_does_not_support_response",
      "An action which does not return responses can't be called with return_response=True",
      { return_response: "return_response=True" },
    );
  }
  if (!returnResponse && def.response === "only") {
    throw validation(
      "service_lacks_response_request",
      "The action requires responses and must be called with return_response=True",
      { return_response: "return_response=True" },
    );
  }
  for (const key of Object.keys(data)) {
    if (!def.fields.includes(key) && !TARGET_KEYS.includes(key)) throw invalid(`extra keys not allowed @ data['${key}']`);
  }

  // HA merges the target into the service data before the schema and the call_service event see it.
  const serviceData = { ...data, ...target };
  const entityIds = resolveTarget(hub, serviceData);
  const context = newContext(hub.userId);
  hub.machine.fire("call_service", { domain, service, service_data: serviceData }, context);
  const response = def.run({ machine: hub.machine, todo: hub.todo, entityIds, data, context });
  if (!returnResponse) return { context };
  return { context, response: isDict(response) ? response : null };
}
