// Everything one emulated HA instance holds besides its sockets: the state machine, the registries (areas,
// devices, entities with their own area, device and aliases), the Assist exposure settings, the to-do items,
// and the knobs tests turn.
import { DEMO_HOME } from "./homes/demo.js";
import type { SeedArea, SeedDevice, SeedHome, TodoItem } from "./homes/types.js";
import { StateMachine } from "./state-machine.js";

export interface RegistryEntity {
  entityId: string;
  areaId?: string;
  deviceId?: string;
  aliases: readonly string[];
}

export interface Hub {
  haVersion: string;
  token: string;
  userId: string;
  locationName: string;
  machine: StateMachine;
  areas: readonly SeedArea[];
  devices: readonly SeedDevice[];
  /** Entity registry entries by entity id (every seeded entity is registered). */
  registry: Map<string, RegistryEntity>;
  /** should_expose for the "conversation" assistant; absent when never set. */
  exposure: Map<string, boolean>;
  /** Items of each to-do list entity, in order. */
  todo: Map<string, TodoItem[]>;
  /** Command types the emulator leaves unanswered, to let a client's timeout show. */
  silenced: Set<string>;
}

/** The area an entity is in, as HA decides it: its own, else its device's. */
export function effectiveArea(hub: Hub, entityId: string): string | undefined {
  const entry = hub.registry.get(entityId);
  if (!entry) return undefined;
  return entry.areaId ?? hub.devices.find((d) => d.id === entry.deviceId)?.area_id;
}

export function createHub(token: string, haVersion: string, home: SeedHome = DEMO_HOME): Hub {
  const machine = new StateMachine();
  const registry = new Map<string, RegistryEntity>();
  const exposure = new Map<string, boolean>();
  for (const e of home.entities) {
    machine.set(e.entityId, e.state, e.attributes);
    registry.set(e.entityId, { entityId: e.entityId, areaId: e.areaId, deviceId: e.deviceId, aliases: e.aliases ?? [] });
    if (e.exposed !== undefined) exposure.set(e.entityId, e.exposed);
  }
  // Seeding is set-up, not history: tests read fired events from a clean slate.
  machine.fired.length = 0;
  return {
    haVersion,
    token,
    userId: "8f1c2d3e4b5a69788796a5b4c3d2e1f0",
    locationName: home.name,
    machine,
    areas: home.areas,
    devices: home.devices,
    registry,
    exposure,
    todo: new Map(Object.entries(home.todo ?? {}).map(([id, items]) => [id, items.map((i) => ({ ...i }))])),
    silenced: new Set(),
  };
}
