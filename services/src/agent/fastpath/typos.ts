// Names said with one slip ("kitchn light", "dokcer-host", "frnt door"), corrected conservatively: one edit
// (a letter added, dropped or changed, or two swapped) away from a name word of five letters or more, only when
// exactly one name word is that close; never in a word the matcher knows, nor into one other than a kind of
// thing (a verb such as "stop" or "lock" changes the meaning); never in a number or an id; and kept only where
// it completes a name of two words or more whose other words were said exactly (vocabulary.ts). A word two
// names are close to is left alone: the request then matches nothing, which is better than the wrong thing.
import { ALL_WORDS, BACK_REFERENCES, CANON, HA_NOUNS, STOP, VERB_FIRST } from "./lexicon.js";
import type { Intent } from "./intents/types.js";

const MIN_NAME = 5;
const MIN_SAID = 4;
const LETTERS = /^\p{L}+$/u;

/** Everyday words a name must not swallow ("where" is not "wheel"); the intents' own words are added to them. */
const EVERYDAY = ["there", "their", "where", "which", "while", "about", "after", "again", "could", "would", "should", "these", "those", "other", "never", "later", "right", "left", "think", "thing", "things", "what", "when", "with", "from", "have", "been", "were", "will"];

/** Every word the matcher gives a meaning to: the intents' words and the lexicon's. */
export function knownWords(intents: readonly Intent[]): ReadonlySet<string> {
  const phrases = [
    ...intents.flatMap((i) => i.patterns.flatMap((p) => [...(p.need ?? []), p.may ?? ""])).flatMap((a) => a.split("|")),
    ...Object.keys(HA_NOUNS), ...Object.keys(CANON), ...STOP, ...ALL_WORDS, ...BACK_REFERENCES, ...EVERYDAY,
  ];
  return new Set(phrases.flatMap((p) => p.split(/\s+/)).filter(Boolean));
}

/** Kinds of things ("light", "blinds"): known words, yet a slip in one may still be corrected inside a name. */
const NOUNS = new Set(Object.keys(HA_NOUNS).flatMap((k) => k.split(" ")).filter((w) => !VERB_FIRST.has(w)));

/** The word with each of its letters left out in turn. */
const deletions = (w: string) => Array.from(w, (_, i) => w.slice(0, i) + w.slice(i + 1));

/** Exactly one edit apart: a letter added, dropped or changed, or two neighbours swapped. */
function oneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length < long.length) return short.slice(i) === long.slice(i + 1);
  return short.slice(i + 1) === long.slice(i + 1) || (short[i] === long[i + 1] && short[i + 1] === long[i] && short.slice(i + 2) === long.slice(i + 2));
}

export class Typos {
  /** Name words by themselves and by each of their deletions: two words one edit apart share a key. */
  private readonly near = new Map<string, Set<string>>();
  private readonly names: ReadonlySet<string>;

  constructor(nameWords: Iterable<string>, private readonly known: ReadonlySet<string>) {
    this.names = new Set(nameWords);
    for (const w of this.names) {
      if (w.length < MIN_NAME || !LETTERS.test(w) || (known.has(w) && !NOUNS.has(w))) continue;
      for (const key of [w, ...deletions(w)]) {
        const words = this.near.get(key);
        if (words) words.add(w);
        else this.near.set(key, new Set([w]));
      }
    }
  }

  /** The one name word `word` is a slip of, or null. */
  fix(word: string): string | null {
    if (word.length < MIN_SAID || this.known.has(word) || this.names.has(word) || !LETTERS.test(word)) return null;
    const found = new Set<string>();
    for (const key of [word, ...deletions(word)]) for (const w of this.near.get(key) ?? []) if (oneEdit(word, w)) found.add(w);
    return found.size === 1 ? found.values().next().value! : null;
  }
}
