// What people say, reduced to plain tokens: lower case, contractions spelled out ("what's" -> "what is",
// "don't" -> "do not", with or without the apostrophe), punctuation gone but decimals kept, units spelled
// ("50%" -> "50 percent", "21°" -> "21 degrees"), numbers in words as digits, letters and digits split
// ("pve1" -> "pve 1", so "pve one" says the same), and the wake word, politeness and filler taken off the
// ends. Names from Home Assistant and Proxmox go through `tokens` too, so both sides compare alike.
import { numbersToDigits } from "./numbers.js";

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan'?t\b/g, "can not"],
  [/\bwon'?t\b/g, "will not"],
  [/\bshan'?t\b/g, "shall not"],
  [/\b(do|does|did|is|are|was|were|has|have|had|should|would|could|must|need)n'?t\b/g, "$1 not"],
  [/\b(ai)n'?t\b/g, "is not"],
  [/\blet'?s\b/g, "let us"],
  [/\b(what|who|how|where|when|that|there|here|it|he|she)'s\b/g, "$1 is"],
  [/\b(what|who|how|where|that|there)s\b/g, "$1 is"],
  [/\bi'?m\b/g, "i am"],
  [/\b(i|you|we|they)'ve\b/g, "$1 have"],
  [/\b(ive)\b/g, "i have"],
  [/\b(you|we|they)'re\b/g, "$1 are"],
  [/\byoure\b/g, "you are"],
  [/\btheyre\b/g, "they are"],
  [/\b(i|you|we|they|it|that)'ll\b/g, "$1 will"],
  [/\b(i|you|we|they)'d\b/g, "$1 would"],
  [/\bwanna\b/g, "want to"],
  [/\bgonna\b/g, "going to"],
  [/\bgimme\b/g, "give me"],
  [/'s\b/g, ""], // possessive: "alex's phone" -> "alex phone", as names are indexed
];

/** Lower-case word tokens of a name or an utterance; letters and digits apart, decimals kept. */
export function tokens(text: string): string[] {
  let t = text.toLowerCase().replace(/[\u2018\u2019`´]/g, "'");
  for (const [pattern, by] of CONTRACTIONS) t = t.replace(pattern, by);
  t = t
    .replace(/(\d)\s*%/g, "$1 percent ")
    .replace(/(\d)\s*°\s*[cf]?\b/g, "$1 degrees ")
    .replace(/&/g, " and ")
    .replace(/\+/g, " plus ")
    .replace(/'/g, "")
    .replace(/(\d)\.(\d)/g, "$1\u0000$2") // keep decimals through the punctuation pass
    .replace(/[^\p{L}\p{N}\u0000]+/gu, " ")
    .replace(/\u0000/g, ".")
    .replace(/(\p{L})(\d)/gu, "$1 $2")
    .replace(/(\d)(\p{L})/gu, "$1 $2");
  return numbersToDigits(t.split(" ").filter(Boolean));
}

const WAKE = /^\s*(?:(?:hey|hi|ok|okay|yo)\s*,?\s+)?jarvis\b[\s,.!:;-]*/i;
const WAKE_END = /,\s*jarvis\s*[.!?]*\s*$/i;

/** Polite and filler openings; taken off repeatedly, longest first. A yes/no question asked indirectly ("tell me
 * if the door is locked") keeps only the question ("the door is locked"). */
const LEADING = [
  "can you tell me if", "can you tell me whether", "could you tell me if", "do you know if", "do you know whether", "tell me if",
  "tell me whether", "let me know if", "let me know whether", "check if", "check whether", "see if", "see whether", "find out if",
  "find out whether", "i want to know if", "i would like to know if", "i wonder if", "i wonder whether", "can you tell me",
  "could you tell me", "i want to know", "i would like to know", "do you know", "tell me", "let me know",
  "could you please", "can you please", "would you please", "will you please", "would you mind", "would you kindly",
  "could you", "can you", "would you", "will you", "please", "kindly", "go ahead and", "i want you to", "i need you to",
  "i would like you to", "i would love it if you could", "i would like to", "i want to", "i need to", "i would like", "i want", "i need",
  "hey", "hi", "ok", "okay", "so", "um", "uh", "er", "erm", "well", "alright", "just", "quickly", "now", "and", "also",
]
  .map((p) => p.split(" "))
  .sort((a, b) => b.length - a.length);
const TRAILING = [
  "if you do not mind", "if you can", "if you could", "if you would", "if possible", "when you can", "for me please", "please",
  "thanks", "thank you", "thank you very much", "for me", "right now", "now", "real quick", "quickly", "asap", "cheers", "ok", "okay",
]
  .map((p) => p.split(" "))
  .sort((a, b) => b.length - a.length);

function strip(words: string[]): string[] {
  let out = words;
  for (let changed = true; changed && out.length > 0; ) {
    changed = false;
    for (const p of LEADING) {
      if (p.length < out.length && p.every((w, i) => out[i] === w)) {
        out = out.slice(p.length);
        changed = true;
        break;
      }
    }
    for (const p of TRAILING) {
      if (p.length < out.length && p.every((w, i) => out[out.length - p.length + i] === w)) {
        out = out.slice(0, out.length - p.length);
        changed = true;
        break;
      }
    }
  }
  return out;
}

/** The wake word and trailing punctuation off the raw text, case kept (for free text such as a note). */
export function unwrap(utterance: string): string {
  return utterance.replace(WAKE, "").replace(WAKE_END, "").trim();
}

/** "Would you mind switching on ...": the verb that opens a request, in its plain form. */
const GERUNDS: Record<string, string> = {
  switching: "switch", turning: "turn", opening: "open", closing: "close", locking: "lock", unlocking: "unlock", starting: "start",
  stopping: "stop", restarting: "restart", rebooting: "reboot", setting: "set", putting: "put", dimming: "dim", pausing: "pause",
  muting: "mute", shutting: "shut", raising: "raise", lowering: "lower", adding: "add", checking: "check", showing: "show", listing: "list",
};

/** An utterance as tokens, wake word and politeness removed. */
export function normalise(utterance: string): string[] {
  const words = strip(tokens(unwrap(utterance)));
  const verb = GERUNDS[words[0] ?? ""];
  return verb ? [verb, ...words.slice(1)] : words;
}
