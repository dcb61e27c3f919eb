// Whether a number says a level or a change of one: "to 50 percent" is a level, "by 20 percent" a change, and a
// bare number after a word of change ("lights up 20 percent", "turn the heat up two degrees") a change too. The
// level setters and the steps each take only their own kind, so one request never fits both.
import type { Slots } from "./types.js";

/** °C a household would set a room to; anything else was probably meant differently. */
export const ROOM_RANGE = [5, 35] as const;

/** Words that make a bare number a change rather than a level ("dim the light 30 percent" stays a level). */
const CHANGE_WORDS = [
  "up", "down", "turn up", "turn down", "heat up", "warm up", "cool down", "raise", "lower", "increase", "decrease",
  "brighter", "dimmer", "warmer", "cooler", "louder", "quieter", "more", "bit",
];

export const said = (slots: Slots, word: string) => slots.said.includes(word) || slots.also.has(word);

/** The number said is a change by that much, not a level to go to. */
export function isChange(slots: Slots): boolean {
  const prep = slots.number?.prep;
  return prep === "by" || (slots.number !== undefined && prep === undefined && CHANGE_WORDS.some((w) => said(slots, w)));
}
