// Everything one emulated HA instance holds besides its sockets: the state machine, the registries (areas and
// which area each entity is in), the Assist exposure settings, and the knobs tests turn.
import { AREAS, SEED } from "./home.js";
import { StateMachine } from "./state-machine.js";

export interface Hub {
  haVersion: string;
  token: string;
  userId: string;
  machine: StateMachine;
  areas: readonly { area_id: string; name: string }[];
  entityAreas: Map<string, string>;
  /** should_expose for the "conversation" assistant; absent when never set. */
  exposure: Map<string, boolean>;
  /** Command types the emulator leaves unanswered, to let a client's timeout show. */
  silenced: Set<string>;
}

export function createHub(token: string, haVersion: string): Hub {
  const machine = new StateMachine();
  const entityAreas = new Map<string, string>();
  const exposure = new Map<string, boolean>();
  for (const e of SEED) {
    machine.set(e.entityId, e.state, e.attributes);
    if (e.areaId) entityAreas.set(e.entityId, e.areaId);
    if (e.exposed !== undefined) exposure.set(e.entityId, e.exposed);
  }
  // Seeding is set-up, not history: tests read fired events from a clean slate.
  machine.fired.length = 0;
  return {
    haVersion,
    token,
    userId: "8f1c2d3e4b5a69788796a5b4c3d2e1f0",
    machine,
    areas: AREAS,
    entityAreas,
    exposure,
    silenced: new Set(),
  };
}
