// Matches parsed items to an intent's patterns. Word order is free where the meaning allows it ("kitchen light
// off", "turn off the kitchen light", "turn the kitchen light off" are one pattern), but every word must be
// one the pattern knows and every slot one it takes: a word left over (a second request, a name that is not
// there, "should", "why") means no match. That is what keeps the fast path precise.
import type { Intent, Pattern, Slots } from "./intents/types.js";
import type { Item, Parsed } from "./parse.js";
import { groupOf, type Piece } from "./resolve.js";
import type { Vocabulary } from "./vocabulary.js";

interface Compiled {
  need: string[][][];
  may: string[][];
  /** What may be said besides the needs: the optional words and the needs' words once more. */
  optional: string[][];
  /** Every phrase the pattern knows, joined. */
  known: Set<string>;
  pattern: Pattern;
}

const phrases = (alternatives: string) =>
  alternatives
    .split("|")
    .map((p) => p.trim().split(/\s+/).filter(Boolean))
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);

const cache = new WeakMap<Pattern, Compiled>();
function compiled(pattern: Pattern): Compiled {
  let c = cache.get(pattern);
  if (!c) {
    const need = (pattern.need ?? []).map(phrases);
    const may = phrases(pattern.may ?? "");
    const optional = [...may, ...need.flat()].sort((a, b) => b.length - a.length);
    cache.set(pattern, (c = { need, may, optional, known: new Set(optional.map((p) => p.join(" "))), pattern }));
  }
  return c;
}

/** Takes `phrase` from the unused words, contiguously; true when it was there. */
function take(words: readonly string[], used: boolean[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((w, k) => words[i + k] === w && !used[i + k])) {
      for (let k = 0; k < phrase.length; k++) used[i + k] = true;
      return true;
    }
  }
  return false;
}

function matchWords(words: readonly string[], c: Compiled): { said: string[]; also: Set<string> } | null {
  const used = words.map(() => false);
  const said: string[] = [];
  for (const alternatives of c.need) {
    const hit = alternatives.find((p) => take(words, used, p));
    if (!hit) return null;
    said.push(hit.join(" "));
  }
  // A word of a need said twice, or two of its alternatives ("send her back to the dock"), is fine too.
  const also = new Set<string>();
  for (const p of c.optional) while (take(words, used, p)) also.add(p.join(" "));
  return used.every(Boolean) ? { said, also } : null;
}

type Role = "camera" | "guest" | "node" | "storage" | "target";

/** The role a span plays for this pattern: the most specific one it can fill. */
function roleOf(item: Extract<Item, { t: "span" }>, p: Pattern): Role | null {
  const kinds = new Set(item.refs.map((r) => r.kind));
  if (p.camera && kinds.has("camera")) return "camera";
  if (p.guest && kinds.has("guest")) return "guest";
  if (p.node && kinds.has("node")) return "node";
  if (p.storage && kinds.has("storage")) return "storage";
  if (p.target && (kinds.has("entity") || kinds.has("area") || kinds.has("noun"))) return "target";
  return null;
}

function matchSlots(parsed: Parsed, p: Pattern, vocab: Vocabulary, base: { said: string[]; also: Set<string> }): Slots | null {
  const slots: Slots = { ...base, targets: [], all: parsed.all, any: parsed.any };
  const groups: Piece[][] = [[]];
  for (const item of parsed.items) {
    switch (item.t) {
      case "word":
        break;
      case "and":
        if (groups.at(-1)!.length > 0) groups.push([]);
        break;
      case "back":
        // "Is it raining": with nothing to point at, "it" points at nothing.
        if (p.target) groups.at(-1)!.push({ back: true });
        else if (p.guest && !slots.guest) slots.guest = { guests: [], text: "it" };
        break;
      case "guest":
        if (!p.guest || slots.guest) return null;
        slots.guest = { guests: item.guests, text: item.text };
        break;
      case "num":
        if (p.number && !slots.number) slots.number = { value: item.value, ...(item.unit ? { unit: item.unit } : {}), ...(item.prep ? { prep: item.prep } : {}) };
        else if (p.guest && !slots.guest && !item.unit) slots.guest = { guests: item.guests, text: String(item.value) };
        else return null;
        break;
      case "node":
      case "storage":
      case "camera":
        if (!p[item.t] || slots[item.t]) return null;
        slots[item.t] = item.name;
        break;
      case "span": {
        const role = roleOf(item, p);
        if (role === null) return null;
        if (role === "target") {
          groups.at(-1)!.push({ span: item });
          break;
        }
        if (slots[role]) return null;
        if (role === "guest") {
          slots.guest = { guests: item.refs.flatMap((r) => (r.kind === "guest" ? [r.guest] : [])), text: item.text };
        } else {
          const ref = item.refs.find((r) => r.kind === role) as { name: string };
          slots[role] = ref.name;
        }
        break;
      }
    }
  }
  slots.targets = groups.filter((g) => g.length > 0).map((g) => groupOf(g, vocab));
  if (p.target === "required" && slots.targets.length === 0) return null;
  for (const key of ["guest", "node", "storage", "camera", "number"] as const) if (p[key] === "required" && slots[key] === undefined) return null;
  return slots;
}

/**
 * The pattern's view of the items: a name the pattern has no slot for, but whose words it knows, is those words
 * ("home" is a weather entity's name, and a word of "who is home").
 */
function asWords(items: readonly Item[], p: Pattern, c: Compiled): readonly Item[] {
  if (!items.some((item) => item.t === "span" && c.known.has(item.text))) return items;
  return items.flatMap((item): Item[] =>
    item.t === "span" && (roleOf(item, p) === null || !item.text.includes(" ")) && c.known.has(item.text)
      ? item.text.split(" ").map((w) => ({ t: "word", w }))
      : [item],
  );
}

/** The slots of the first of the intent's patterns that the parsed request fits, or null. */
export function matchIntent(parsed: Parsed, intent: Intent, vocab: Vocabulary): Slots | null {
  for (const pattern of intent.patterns) {
    const c = compiled(pattern);
    const converted = asWords(parsed.items, pattern, c);
    // Names read as words first; if that leaves a slot empty ("list" the verb and "the list"), as names.
    for (const items of converted === parsed.items ? [converted] : [converted, parsed.items]) {
      const words = items.flatMap((i) => (i.t === "word" ? [i.w] : []));
      const base = matchWords(words, c);
      if (!base) continue;
      const slots = matchSlots(items === parsed.items ? parsed : { ...parsed, items: [...items] }, pattern, vocab, base);
      if (slots) return slots;
    }
  }
  return null;
}
