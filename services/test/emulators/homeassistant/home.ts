// The simulated home: a few rooms, the devices in them, and which of them the household exposed to Assist.
// `exposed` mirrors HA's per-assistant should_expose setting; undefined means no setting was ever stored.

export interface SeedEntity {
  entityId: string;
  state: string;
  attributes: Record<string, unknown>;
  areaId?: string;
  exposed?: boolean;
}

export const AREAS = [
  { area_id: "living_room", name: "Living Room" },
  { area_id: "kitchen", name: "Kitchen" },
  { area_id: "bedroom", name: "Bedroom" },
  { area_id: "hallway", name: "Hallway" },
  { area_id: "garage", name: "Garage" },
] as const;

const LIGHT_FEATURES = { supported_color_modes: ["brightness"], color_mode: null, brightness: null };

export const SEED: readonly SeedEntity[] = [
  {
    entityId: "light.living_room",
    state: "off",
    attributes: { ...LIGHT_FEATURES, friendly_name: "Living Room Light", supported_features: 0 },
    areaId: "living_room",
    exposed: true,
  },
  {
    entityId: "light.kitchen",
    state: "on",
    attributes: {
      ...LIGHT_FEATURES,
      color_mode: "brightness",
      brightness: 180,
      friendly_name: "Kitchen Light",
      supported_features: 0,
    },
    areaId: "kitchen",
    exposed: true,
  },
  {
    entityId: "light.bedroom",
    state: "off",
    attributes: { ...LIGHT_FEATURES, friendly_name: "Bedroom Light", supported_features: 0 },
    areaId: "bedroom",
    exposed: false,
  },
  {
    entityId: "switch.coffee_maker",
    state: "off",
    attributes: { friendly_name: "Coffee Maker" },
    areaId: "kitchen",
    exposed: true,
  },
  {
    entityId: "switch.server_rack_fan",
    state: "on",
    attributes: { friendly_name: "Server Rack Fan" },
    areaId: "garage",
  },
  {
    entityId: "lock.front_door",
    state: "locked",
    attributes: { friendly_name: "Front Door", supported_features: 0 },
    areaId: "hallway",
    exposed: true,
  },
  {
    entityId: "climate.thermostat",
    state: "heat",
    attributes: {
      hvac_modes: ["off", "heat", "cool", "heat_cool"],
      min_temp: 7,
      max_temp: 35,
      current_temperature: 20.5,
      temperature: 21,
      hvac_action: "heating",
      friendly_name: "Thermostat",
      supported_features: 1,
    },
    areaId: "hallway",
    exposed: true,
  },
  {
    entityId: "sensor.living_room_temperature",
    state: "21.3",
    attributes: {
      state_class: "measurement",
      unit_of_measurement: "°C",
      device_class: "temperature",
      friendly_name: "Living Room Temperature",
    },
    areaId: "living_room",
    exposed: true,
  },
  {
    entityId: "sensor.outdoor_temperature",
    state: "8.4",
    attributes: {
      state_class: "measurement",
      unit_of_measurement: "°C",
      device_class: "temperature",
      friendly_name: "Outdoor Temperature",
    },
    exposed: true,
  },
  {
    entityId: "sensor.garage_humidity",
    state: "61",
    attributes: {
      state_class: "measurement",
      unit_of_measurement: "%",
      device_class: "humidity",
      friendly_name: "Garage Humidity",
    },
    areaId: "garage",
    exposed: false,
  },
  {
    entityId: "person.alex",
    state: "home",
    attributes: { source: "device_tracker.alex_phone", user_id: null, friendly_name: "Alex" },
    exposed: true,
  },
  {
    entityId: "person.sam",
    state: "not_home",
    attributes: { source: "device_tracker.sam_phone", user_id: null, friendly_name: "Sam" },
    exposed: true,
  },
  {
    entityId: "device_tracker.alex_phone",
    state: "home",
    attributes: { source_type: "router", friendly_name: "Alex Phone" },
    exposed: false,
  },
  {
    entityId: "device_tracker.sam_phone",
    state: "not_home",
    attributes: { source_type: "router", friendly_name: "Sam Phone" },
    exposed: false,
  },
  {
    entityId: "media_player.living_room_speaker",
    state: "idle",
    attributes: { friendly_name: "Living Room Speaker", volume_level: 0.4, supported_features: 152461 },
    areaId: "living_room",
    exposed: true,
  },
  {
    entityId: "tts.jarvis",
    state: "unknown",
    attributes: { friendly_name: "Jarvis" },
  },
  {
    entityId: "weather.home",
    state: "cloudy",
    attributes: {
      temperature: 8.4,
      temperature_unit: "°C",
      humidity: 72,
      friendly_name: "Home",
      supported_features: 3,
    },
    exposed: true,
  },
];
