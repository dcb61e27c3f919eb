// What a simulated home is made of, as HA's registries hold it: areas (with aliases), devices (in an area),
// and entities (a state, an optional area of their own, a device, aliases) plus the Assist exposure setting
// (`exposed`: undefined means no setting was ever stored, as in HA).

export interface SeedArea {
  area_id: string;
  name: string;
  aliases?: readonly string[];
}

export interface SeedDevice {
  id: string;
  name: string;
  /** The name the household gave it in HA, which wins over the integration's. */
  name_by_user?: string;
  area_id?: string;
  manufacturer?: string;
  model?: string;
}

export interface SeedEntity {
  entityId: string;
  state: string;
  attributes: Record<string, unknown>;
  /** The entity's own area; without one it is in its device's area, as in HA. */
  areaId?: string;
  deviceId?: string;
  aliases?: readonly string[];
  exposed?: boolean;
}

export interface TodoItem {
  uid: string;
  summary: string;
  status: "needs_action" | "completed";
}

export interface SeedHome {
  /** Shown as HA's location_name. */
  name: string;
  areas: readonly SeedArea[];
  devices: readonly SeedDevice[];
  entities: readonly SeedEntity[];
  /** Items of each to-do list entity. */
  todo?: Readonly<Record<string, readonly TodoItem[]>>;
}
