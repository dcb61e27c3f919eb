// Relative changes, from each home's seeded levels: the demo's kitchen light at 71% (brightness 180), its living
// room ceiling light at 100%, the blinds fully open, the thermostat at 21° (heating), the TV playing at 30%
// and the speaker at 40%; the cottage's floor lamp and desk light at 78%, the study blinds closed and the
// curtains open, the heating at 20° and the study air con (off) at 22°, the TV playing at 25%, the radio at
// 50%, the ceiling fan at 50% in steps of 25. Defaults: lights and covers 20%, thermostats 1°, fans one speed.
import { call, control, type Case } from "./types.js";

const light = (id: string, pct: number) => control(id, "turn_on", { brightness_pct: pct });
const position = (id: string, pct: number) => control(id, "set_cover_position", { position: pct });
const thermostat = (id: string, temperature: number) => call("set_thermostat", { entity_id: id, temperature });
const volume = (id: string, level: number) => control(id, "volume_set", { volume_level: level });
const fan = (id: string, pct: number) => control(id, "set_percentage", { percentage: pct });

const KITCHEN = "light.kitchen";
const DEMO_TV = "media_player.living_room_tv";
const DEMO_HEAT = "climate.thermostat";

export const DEMO_STEPS: readonly Case[] = [
  ["make the kitchen light brighter", light(KITCHEN, 91)],
  ["brighten the kitchen light a bit", light(KITCHEN, 91)],
  ["dim the kitchen light", light(KITCHEN, 51)],
  ["dim the kitchen light a little", light(KITCHEN, 51)],
  ["turn the kitchen light down a bit", light(KITCHEN, 51)],
  ["kitchen lights up 20 percent", light(KITCHEN, 91)],
  ["turn the kitchen light up by 10%", light(KITCHEN, 81)],
  ["kitchen light down by fifty percent", light(KITCHEN, 21)],
  ["make the ceiling light in the lounge dimmer", light("light.living_room_ceiling", 80)],
  ["turn the living room lamp down", light("light.living_room_ceiling", 80)],
  // An off light steps up from nothing, as HA's brightness_step_pct does: it comes on low.
  ["make the office lamp brighter", light("light.hue_go", 20)],
  ["turn the desk lamp up", light("light.hue_go", 20)],
  ["brighter", "ask"],
  ["lights up 20 percent", "ask"],
  ["lower the blinds a bit", position("cover.living_room_blinds", 80)],
  ["lower the living room blinds a little", position("cover.living_room_blinds", 80)],
  ["close the blinds a bit more", position("cover.living_room_blinds", 80)],
  ["lower the blinds by 30 percent", position("cover.living_room_blinds", 70)],
  ["open the blinds a bit more", "nothing"],
  ["make it warmer", thermostat(DEMO_HEAT, 22)],
  ["turn the heat up two degrees", thermostat(DEMO_HEAT, 23)],
  ["turn the heating up", thermostat(DEMO_HEAT, 22)],
  ["turn the thermostat down a bit", thermostat(DEMO_HEAT, 20)],
  ["a bit cooler please", thermostat(DEMO_HEAT, 20)],
  ["raise the temperature by 1.5 degrees", thermostat(DEMO_HEAT, 22.5)],
  ["turn up the volume by 20 percent", volume(DEMO_TV, 0.5)],
  ["volume up 20 percent", volume(DEMO_TV, 0.5)],
  ["turn the tv down 10 percent", volume(DEMO_TV, 0.2)],
  ["make the living room speaker louder by 20%", volume("media_player.living_room_speaker", 0.6)],
  ["turn up the volume on the living room speaker", control("media_player.living_room_speaker", "volume_up")],
  ["quieter", control(DEMO_TV, "volume_down")],
  ["turn the fan up", fan("fan.bedroom_fan", 33)],
];

const DESK = "light.desk_light";
const COTTAGE_TV = "media_player.lounge_tv";
const HEATING = "climate.heating";

export const COTTAGE_STEPS: readonly Case[] = [
  ["brighten the desk light", light(DESK, 98)],
  ["dim the desk light", light(DESK, 58)],
  ["dim the floor lamp a bit", light("light.floor_lamp", 58)],
  ["turn the floor lamp down by 50%", light("light.floor_lamp", 28)],
  ["make the lounge lights brighter", { calls: [light("light.floor_lamp", 98), light("light.lounge_ceiling", 20)] }],
  ["make the night light brighter", light("light.night_light", 20)],
  ["brighter", "ask"],
  ["open the study blinds a little more", position("cover.study_blinds", 20)],
  ["open the study blinds a bit", position("cover.study_blinds", 20)],
  ["close the curtains a bit", position("cover.kids_curtains", 80)],
  ["lower the curtains by 40 percent", position("cover.kids_curtains", 60)],
  ["a bit warmer in the lounge", thermostat(HEATING, 21)],
  ["make it warmer", thermostat(HEATING, 21)],
  ["turn the heating down a bit", thermostat(HEATING, 19)],
  ["turn the heat up two degrees", thermostat(HEATING, 22)],
  ["turn the heating up 2 degrees", thermostat(HEATING, 22)],
  ["make the study cooler", thermostat("climate.study_air_con", 21)],
  ["turn up the radio by 10 percent", volume("media_player.kitchen_radio", 0.6)],
  ["turn the tv down by 10 percent", volume(COTTAGE_TV, 0.15)],
  ["volume up 20 percent", volume(COTTAGE_TV, 0.45)],
  ["turn up the volume on the kitchen speaker", control("media_player.kitchen_radio", "volume_up")],
  ["turn up the ceiling fan", fan("fan.master_ceiling_fan", 75)],
  ["turn the ceiling fan down a bit", fan("fan.master_ceiling_fan", 25)],
  ["turn the desk fan up", fan("fan.desk_fan", 25)],
  ["turn the fan up", "ask"],
];
