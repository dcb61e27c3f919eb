// Reading the answer to "Which one: A or B?": a name or a word only one choice has ("the office one"),
// "first"/"second"/"last", "both"/"all of them", or "never mind". Anything else is a new request.
import type { Choice } from "./intents/types.js";

const FILLER = new Set(["the", "one", "ones", "please", "i", "mean", "meant", "that", "it", "is", "in", "on", "a", "an", "of", "them", "yes", "ok", "okay", "light", "lights", "lamp"]);
const CANCEL = /^(no|nope|cancel|never mind|nevermind|neither|none|forget it|nothing|stop|leave it|none of them|do not)$/;
const ALL = /^(all|both|all of them|both of them|every one|everything|all (\d+)|them all)$/;
const ORDINALS: Record<string, number> = { first: 0, second: 1, third: 2, fourth: 3, fifth: 4, sixth: 5, last: -1 };

export function readChoice(words: readonly string[], options: readonly Choice[]): Choice[] | "cancel" | null {
  const text = words.join(" ");
  if (CANCEL.test(text)) return "cancel";
  if (ALL.test(text)) return [...options];
  const said = words.filter((w) => !FILLER.has(w));
  if (said.length === 1 && said[0]! in ORDINALS) {
    const i = ORDINALS[said[0]!]!;
    const picked = options.at(i);
    return picked ? [picked] : null;
  }
  if (said.length === 0) return null;
  const fits = options.filter((o) => said.every((w) => o.words.includes(w)));
  return fits.length === 1 ? [fits[0]!] : null;
}
