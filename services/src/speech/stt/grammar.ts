// Builds the JSGF grammar that limits offline recognition to Jarvis's command phrases. A phrase may hold a
// `{name}` slot that stands for any known name (entity, guest, node). Everything is reduced to words the
// pronunciation dictionary knows: numbers become words ("105" -> "one oh five"), short unknown tokens are
// spelled ("pve" -> "p v e"), and a phrase or name with a word that still has no pronunciation is dropped
// and reported, since the decoder cannot load a grammar with an unknown word.

export const NAME_SLOT = "{name}";

export interface Grammar {
  /** The JSGF source; null when no phrase survived (nothing can be recognised). */
  jsgf: string | null;
  /** Every word the grammar uses. */
  words: string[];
  /** Phrases and names left out, with the word that has no pronunciation. */
  dropped: { text: string; word: string }[];
  /** Puts the written form of names back into a hypothesis ("p v e one" -> "pve1"). */
  restore(hypothesis: string): string;
}

export interface GrammarOptions {
  /** Whether the pronunciation dictionary has a word; default: every word is known. */
  knows?: (word: string) => boolean;
  /** Unknown tokens up to this many letters are spelled out (default 4: "pve", "nas", "hvac"). */
  spellUpTo?: number;
}

const ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** How a number is said: naturally below 100, digit by digit above ("oh" for zero), as guest IDs are read. */
export function numberWords(digits: string): string[] {
  const n = Number(digits);
  if (digits.length <= 2 && !(digits.length === 2 && digits[0] === "0")) {
    if (n < 10) return [ONES[n]!];
    if (n < 20) return [TEENS[n - 10]!];
    return n % 10 === 0 ? [TENS[n / 10]!] : [TENS[Math.floor(n / 10)]!, ONES[n % 10]!];
  }
  return [...digits].map((d) => (d === "0" ? "oh" : ONES[Number(d)]!));
}

/** Lower-case word tokens: punctuation and separators become spaces; letters and digits are split apart. */
function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[_\-./:,;!?()[\]{}"]+/g, " ")
    .replace(/(\d)([a-z])/g, "$1 $2")
    .replace(/([a-z])(\d)/g, "$1 $2")
    .split(/\s+/)
    .map((t) => t.replace(/^'+|'+$/g, ""))
    .filter((t) => /^[a-z0-9']+$/.test(t));
}

type Spoken = { words: string[] } | { missing: string };

function speak(text: string, knows: (w: string) => boolean, spellUpTo: number): Spoken {
  const words: string[] = [];
  for (const token of tokens(text)) {
    if (/^\d+$/.test(token)) words.push(...numberWords(token));
    else if (knows(token)) words.push(token);
    else if (token.length <= spellUpTo && /^[a-z]+$/.test(token) && [...token].every(knows)) words.push(...token);
    else return { missing: token };
  }
  return words.length > 0 ? { words } : { missing: text };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function buildGrammar(phrases: readonly string[], names: readonly string[], opts: GrammarOptions = {}): Grammar {
  const knows = opts.knows ?? (() => true);
  const spellUpTo = opts.spellUpTo ?? 4;
  const dropped: Grammar["dropped"] = [];
  const say = (text: string): string[] | undefined => {
    const spoken = speak(text, knows, spellUpTo);
    if ("missing" in spoken) {
      dropped.push({ text, word: spoken.missing });
      return undefined;
    }
    return spoken.words;
  };

  // Spoken form -> written name, for names whose spoken form differs from how they are written.
  const written = new Map<string, string>();
  const nameAlternatives = new Set<string>();
  for (const name of names) {
    const words = say(name);
    if (!words) continue;
    const spoken = words.join(" ");
    nameAlternatives.add(spoken);
    if (spoken !== name.toLowerCase()) written.set(spoken, name);
  }

  const alternatives = new Set<string>();
  for (const phrase of phrases) {
    const parts = phrase.split(NAME_SLOT);
    if (parts.length > 1 && nameAlternatives.size === 0) {
      dropped.push({ text: phrase, word: NAME_SLOT });
      continue;
    }
    const spokenParts: string[] = [];
    let ok = true;
    for (const part of parts) {
      if (part.trim() === "") {
        spokenParts.push("");
        continue;
      }
      const words = say(part);
      if (!words) {
        ok = false;
        break;
      }
      spokenParts.push(words.join(" "));
    }
    if (ok) alternatives.add(spokenParts.join(" <name> ").replace(/\s+/g, " ").trim());
  }

  const restorePattern =
    written.size > 0
      ? new RegExp(`\\b(${[...written.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})\\b`, "g")
      : null;
  const restore = (hypothesis: string) =>
    restorePattern ? hypothesis.replace(restorePattern, (m) => written.get(m) ?? m) : hypothesis;

  if (alternatives.size === 0) return { jsgf: null, words: [], dropped, restore };
  const lines = ["#JSGF V1.0;", "grammar jarvis;"];
  const usesNames = [...alternatives].some((a) => a.includes("<name>"));
  if (usesNames) lines.push(`<name> = ${[...nameAlternatives].join(" | ")};`);
  lines.push(`public <command> = ${[...alternatives].join(" | ")};`, "");
  const spokenText = [...alternatives, ...(usesNames ? nameAlternatives : [])].join(" ");
  const words = [...new Set(spokenText.split(" "))].filter((w) => w !== "<name>").sort();
  return { jsgf: lines.join("\n"), words, dropped, restore };
}
