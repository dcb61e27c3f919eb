// Home control and questions in a second home (test/emulators/homeassistant/homes/cottage.ts), with nothing
// named as in the demo: a lounge with a floor lamp (in the room through its device) and a TV, a study with a
// desk light, desk fan, blinds and an air conditioner, two bedside lamps named alike, fairy lights with
// aliases, a shed door (a garage door) and a front gate, two door locks, a garden tap, Dusty the vacuum, a
// kitchen radio (paused), heating, groceries and chores, two scenes, two scripts, Robin, Kim and Jo.
import { ANY, call, control, type Case } from "./types.js";

const on = (id: string, extra = {}) => control(id, "turn_on", extra);
const off = (id: string) => control(id, "turn_off");
const TV = "media_player.lounge_tv";
const RADIO = "media_player.kitchen_radio";
const state = (domain: string, area?: string) => call("get_home_state", { domain, ...(area ? { area } : {}) });

export const COTTAGE_HOME_CASES: readonly Case[] = [
  // lights
  ["turn on the floor lamp", on("light.floor_lamp")],
  ["floor lamp off", off("light.floor_lamp")],
  ["switch off the lights in the lounge", { calls: [off("light.floor_lamp"), off("light.lounge_ceiling")] }],
  ["lounge lights on please", { calls: [on("light.floor_lamp"), on("light.lounge_ceiling")] }],
  ["turn on the sitting room lights", { calls: [on("light.floor_lamp"), on("light.lounge_ceiling")] }],
  ["turn the lounge ceiling light on", on("light.lounge_ceiling")],
  ["desk light off", off("light.desk_light")],
  ["turn off the light in the study", off("light.desk_light")],
  ["switch on the nightlight", on("light.night_light")],
  ["turn on the night light in the kids room", on("light.night_light")],
  ["nursery light on", on("light.night_light")],
  ["porch light on", on("light.porch")],
  ["turn the porch light off", off("light.porch")],
  ["turn on the fairy lights", on("light.fairy_lights")],
  ["string lights off", off("light.fairy_lights")],
  ["switch on the festoon lights in the garden", on("light.fairy_lights")],
  ["turn on the left bedside lamp", on("light.bedside_left")],
  ["right bedside lamp off", off("light.bedside_right")],
  ["turn off the bedroom lights", { calls: [off("light.bedside_left"), off("light.bedside_right")] }],
  ["turn on the lights in our bedroom", { calls: [on("light.bedside_left"), on("light.bedside_right")] }],
  ["turn off every light", { calls: ["light.floor_lamp", "light.lounge_ceiling", "light.desk_light", "light.night_light", "light.porch", "light.bedside_left", "light.bedside_right", "light.fairy_lights"].map(off) }],
  ["dim the floor lamp to 20%", on("light.floor_lamp", { brightness_pct: 20 })],
  ["set the desk light to sixty percent", on("light.desk_light", { brightness_pct: 60 })],
  ["porch light to 100 percent", on("light.porch", { brightness_pct: 100 })],
  ["set the lounge lights to 30%", { calls: [on("light.floor_lamp", { brightness_pct: 30 }), on("light.lounge_ceiling", { brightness_pct: 30 })] }],
  ["turn the night light down to 5 percent", on("light.night_light", { brightness_pct: 5 })],
  ["make the fairy lights blue", on("light.fairy_lights", { color_name: "blue" })],
  ["turn the string lights pink", on("light.fairy_lights", { color_name: "pink" })],
  ["fairy lights red please", on("light.fairy_lights", { color_name: "red" })],
  // switches
  ["put the kettle on", on("switch.kettle")],
  ["turn on the kettle", on("switch.kettle")],
  ["switch the kettle off", off("switch.kettle")],
  ["turn off the dehumidifier in the shed", off("switch.dehumidifier")],
  ["dehumidifier on", on("switch.dehumidifier")],
  // fans
  ["turn on the desk fan", on("fan.desk_fan")],
  ["ceiling fan off", off("fan.master_ceiling_fan")],
  ["set the ceiling fan to 75 percent", control("fan.master_ceiling_fan", "set_percentage", { percentage: 75 })],
  ["desk fan to medium", control("fan.desk_fan", "set_percentage", { percentage: 66 })],
  ["turn the desk fan up to high", control("fan.desk_fan", "set_percentage", { percentage: 100 })],
  ["turn off the fan in the bedroom", off("fan.master_ceiling_fan")],
  // covers
  ["open the shed door", control("cover.shed_door", "open_cover")],
  ["close the shed door", control("cover.shed_door", "close_cover")],
  ["open the garage door", control("cover.shed_door", "open_cover")],
  ["open the study blinds", control("cover.study_blinds", "open_cover")],
  ["close the blinds in the study", control("cover.study_blinds", "close_cover")],
  ["draw the curtains", control("cover.kids_curtains", "close_cover")],
  ["open the curtains in the nursery", control("cover.kids_curtains", "open_cover")],
  ["set the study blinds to 25%", control("cover.study_blinds", "set_cover_position", { position: 25 })],
  ["open the front gate", control("cover.front_gate", "open_cover")],
  ["shut the gate", control("cover.front_gate", "close_cover")],
  // locks
  ["lock the back door", call("lock_door", { entity_id: "lock.back_door" })],
  ["unlock the porch door", call("unlock_door", { entity_id: "lock.porch_door" })],
  ["lock up the porch door", call("lock_door", { entity_id: "lock.porch_door" })],
  ["lock all the doors", { calls: [call("lock_door", { entity_id: "lock.back_door" }), call("lock_door", { entity_id: "lock.porch_door" })] }],
  ["lock the kitchen door", call("lock_door", { entity_id: "lock.back_door" })],
  // valve
  ["turn on the hose", control("valve.garden_tap", "open_valve")],
  ["open the garden tap", control("valve.garden_tap", "open_valve")],
  ["turn the water off", control("valve.garden_tap", "close_valve")],
  ["close the tap", control("valve.garden_tap", "close_valve")],
  // vacuum
  ["start Dusty", control("vacuum.dusty", "start")],
  ["start the hoover", control("vacuum.dusty", "start")],
  ["send dusty back to the dock", control("vacuum.dusty", "return_to_base")],
  ["dusty go home", control("vacuum.dusty", "return_to_base")],
  ["stop dusty", control("vacuum.dusty", "stop")],
  ["pause the robot", control("vacuum.dusty", "pause")],
  // media
  ["pause the tv", control(TV, "media_pause")],
  ["pause", control(TV, "media_pause")],
  ["resume", control(RADIO, "media_play")],
  ["resume the radio", control(RADIO, "media_play")],
  ["play the kitchen radio", control(RADIO, "media_play")],
  ["skip to the next track", control(TV, "media_next_track")],
  ["next", control(TV, "media_next_track")],
  ["mute the lounge tv", control(TV, "volume_mute", { is_volume_muted: true })],
  ["set the radio volume to 40%", control(RADIO, "volume_set", { volume_level: 0.4 })],
  ["turn the volume down", control(TV, "volume_down")],
  ["switch off the tv", off(TV)],
  ["turn off the radio", off(RADIO)],
  // climate
  ["set the heating to 21 degrees", call("set_thermostat", { entity_id: "climate.heating", temperature: 21 })],
  ["turn the heating up to 22", call("set_thermostat", { entity_id: "climate.heating", temperature: 22 })],
  ["set the study air con to 19 degrees", call("set_thermostat", { entity_id: "climate.study_air_con", temperature: 19 })],
  ["turn on the air con", on("climate.study_air_con")],
  ["switch the AC to cool", control("climate.study_air_con", "set_hvac_mode", { hvac_mode: "cool" })],
  ["turn the heating off", off("climate.heating")],
  ["set the temperature to 20 degrees", "ask"],
  // scenes and scripts
  ["activate cosy evening", on("scene.cosy_evening")],
  ["turn on the dinner party scene", on("scene.dinner_party")],
  ["run the leaving home script", on("script.leaving_home")],
  ["start the bedtime routine", on("script.bedtime_routine")],
  // to-do lists
  ["add bread to the groceries", call("add_todo_item", { entity_id: "todo.groceries", item: "bread" })],
  ["put washing up liquid on the groceries list", call("add_todo_item", { entity_id: "todo.groceries", item: "washing up liquid" })],
  ["add mow the lawn to chores", call("add_todo_item", { entity_id: "todo.chores", item: "mow the lawn" })],
  ["add milk to the list", "ask"],
  ["what's on the groceries list", call("get_todo_items", { entity_id: "todo.groceries" })],
  ["read me my chores", call("get_todo_items", { entity_id: "todo.chores" })],
  // questions
  ["is the floor lamp on", state("light", "Lounge")],
  ["are the fairy lights on", state("light", "Garden")],
  ["is the back door locked", call("get_lock_status")],
  ["are the doors locked", call("get_lock_status")],
  ["is the shed door open", state("cover", "Shed")],
  ["is the kettle on?", state("switch", "Kitchen")],
  ["which lights are on", state("light")],
  ["is the radio playing", state("media_player", "Kitchen")],
  ["what's the temperature in the lounge", state("sensor", "Lounge")],
  ["how warm is it in the sitting room", state("sensor", "Lounge")],
  ["what's the temperature outside", state("sensor")],
  ["how humid is it in the shed", state("sensor", "Shed")],
  ["what is the heating set to", call("get_thermostat_status", { entity_id: "climate.heating" })],
  ["what's the weather", state("weather")],
  ["who is home", call("get_who_is_home")],
  ["is Kim home?", call("get_who_is_home")],
  ["is anybody home", call("get_who_is_home")],
  ["where is Robin", call("get_who_is_home")],
  // cameras, web, memory (the cameras are the lab's)
  ["who's at the door", call("whos_at_door", { minutes: 10 })],
  ["show me the front door camera", call("get_camera_snapshot", { camera: "front_door" })],
  ["any detections on the driveway today", call("query_nvr_detections", { hours: ANY, camera: "driveway" })],
  ["search the internet for cottage garden ideas", call("web_search", { query: "cottage garden ideas" })],
  ["remember that the spare key is under the plant pot", call("remember", { content: "the spare key is under the plant pot" })],
  // ambiguity
  ["turn on the bedside lamp", "ask"],
  ["turn on the fan", "ask"],
  ["close the blinds", control("cover.study_blinds", "close_cover")],
];
