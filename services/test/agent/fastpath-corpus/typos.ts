// Names with one slip in them: corrected only inside a name of two words or more, only when one name word is
// that close, never in a verb or a number. The lab is the same in both homes.
import { call, control, type Case } from "./types.js";

export const LAB_TYPOS: readonly Case[] = [
  ["stop vm dokcer-host", call("stop_vm", { vmid: 102 })],
  ["restart the dcoker host", call("restart_vm", { vmid: 102 })],
  ["restart ngnix-proxy", call("restart_container", { vmid: 104 })],
  ["stpo vm 102", "nothing"],
  ["stop vm dokcre-hots", "nothing"],
  ["start pihloe", "nothing"],
];

export const DEMO_TYPOS: readonly Case[] = [
  ["turn on the kitchn light", control("light.kitchen", "turn_on")],
  ["turn on the kitchen lihgt", control("light.kitchen", "turn_on")],
  ["lock the frnt door", call("lock_door", { entity_id: "lock.front_door" })],
  ["turn off the livng room light", control("light.living_room", "turn_off")],
  ["switch on the chrstmas tree", control("switch.christmas_tree", "turn_on")],
  ["turn on the coffe maker", control("switch.coffee_maker", "turn_on")],
  ["unlcok the front door", "nothing"],
  ["turn on the torch", "nothing"],
];

export const COTTAGE_TYPOS: readonly Case[] = [
  ["turn on the porch ligth", control("light.porch", "turn_on")],
  ["close the study blnds", control("cover.study_blinds", "close_cover")],
  ["activate the dinner prty", control("scene.dinner_party", "turn_on")],
  ["turn on the bedsdie lamp", "ask"],
  ["turn on the fairy lihgts", control("light.fairy_lights", "turn_on")],
  ["open the frnt gate", control("cover.front_gate", "open_cover")],
  ["turn on the right light", "nothing"],
];
