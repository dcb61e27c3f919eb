// An utterance as a short list of items: the words that say what to do, and the slots that say to what. Names
// found by the vocabulary become spans (one span can be several things: "front door" may be a lock and a
// camera); "vm 105" or "the media container" becomes a guest, "node pve1" a node, "the driveway camera" a
// camera; numbers carry their unit; words that carry nothing go, "all"/"both" and "it" are noted.
import type { CatalogGuest } from "./catalog.js";
import { ALL_WORDS, BACK_REFERENCES, CANON, CANON_PHRASES, STOP, VERB_FIRST } from "./lexicon.js";
import type { Ref, Span, Vocabulary } from "./vocabulary.js";

export type Unit = "percent" | "degrees";

/** How a number was said: "to 50" a level, "by 20" a change of one. */
export type Prep = "to" | "by";

export type Item =
  | { t: "word"; w: string }
  | { t: "num"; value: number; unit?: Unit; prep?: Prep; guests: CatalogGuest[] }
  | { t: "span"; refs: Ref[]; plural: boolean; text: string }
  /** A guest named with its kind ("vm 105", "the pihole container"), narrowed to that kind. */
  | { t: "guest"; guests: CatalogGuest[]; text: string }
  | { t: "node"; name: string }
  | { t: "storage"; name: string }
  | { t: "camera"; name: string }
  /** "it", "them": what the conversation last acted on. */
  | { t: "back" }
  /** "and" between two slots (a word "and" elsewhere stays a word). */
  | { t: "and" };

export interface Parsed {
  words: readonly string[];
  items: Item[];
  /** "all", "every", "both" were said. */
  all: boolean;
  /** "any" was said. */
  any: boolean;
}

const UNIT_WORDS: Record<string, Unit> = { percent: "percent", "%": "percent", pct: "percent", degrees: "degrees", degree: "degrees", celsius: "degrees" };
const PREPS: Record<string, Prep> = { to: "to", at: "to", by: "by" };
const KIND_WORDS: Record<string, "qemu" | "lxc" | null> = { vm: "qemu", container: "lxc", guest: null, id: null, number: null };

const has = (refs: readonly Ref[], kind: Ref["kind"]) => refs.some((r) => r.kind === kind);
const only = (refs: readonly Ref[], kind: Ref["kind"]) => refs.filter((r) => r.kind === kind);

/** The utterance's items, a slip in a name corrected. */
export function parse(said: readonly string[], vocab: Vocabulary): Parsed {
  const words = vocab.corrected(said);
  const spans = vocab.spans(words);
  const raw: Item[] = [];
  let all = false;
  let any = false;
  const guests = vocab.snapshot.guests;
  for (let i = 0, s = 0; i < words.length; ) {
    const span: Span | undefined = spans[s];
    if (span && span.start === i) {
      s++;
      i = span.end;
      const text = words.slice(span.start, span.end).join(" ");
      // "switch on ...", "list the vms": a noun that opens the request is its verb.
      if (span.start === 0 && span.end === 1 && VERB_FIRST.has(text) && span.refs.every((r) => r.kind === "noun")) raw.push({ t: "word", w: text });
      else raw.push({ t: "span", refs: span.refs, plural: span.plural, text });
      continue;
    }
    const w = words[i]!;
    i++;
    if (/^\d+(\.\d+)?$/.test(w)) {
      const unit = UNIT_WORDS[words[i] ?? ""];
      if (unit) i++;
      const value = Number(w);
      const prep = PREPS[words[i - (unit ? 3 : 2)] ?? ""];
      raw.push({ t: "num", value, ...(unit ? { unit } : {}), ...(prep ? { prep } : {}), guests: unit ? [] : guests.filter((g) => g.vmid === value) });
      continue;
    }
    if (ALL_WORDS.has(w)) {
      all = true;
      continue;
    }
    if (w === "any" || w === "anything" || w === "anyone" || w === "anybody") {
      any = true;
      if (w !== "any") raw.push({ t: "word", w });
      continue;
    }
    if (BACK_REFERENCES.has(w)) {
      raw.push({ t: "back" });
      continue;
    }
    if (w === "and") {
      raw.push({ t: "and" });
      continue;
    }
    if (STOP.has(w)) continue;
    const phrase = CANON_PHRASES.find((p) => p.every((x, k) => words[i - 1 + k] === x));
    if (phrase) {
      i += phrase.length - 1;
      raw.push({ t: "word", w: CANON[phrase.join(" ")]! });
      continue;
    }
    const word = CANON[w] ?? w;
    // "lxc containers", "vms virtual machines": one thing said twice.
    const last = raw.at(-1);
    if (!(last?.t === "word" && last.w === word && CANON[w] !== undefined)) raw.push({ t: "word", w: word });
  }
  return { words, items: assemble(raw, vocab), all, any };
}

/** Kind words join their guest, "node"/"camera"/"storage" their name; "and" stays only between slots. */
function assemble(raw: Item[], vocab: Vocabulary): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i]!;
    const next = raw[i + 1];
    const prev = out.at(-1);
    // "make it 22 degrees": an "it" before a temperature points at nothing.
    if (item.t === "back" && next?.t === "num" && next.unit === "degrees") continue;
    // "the dns container": a guest by its Proxmox tag, said with its kind.
    if (item.t === "word" && next?.t === "word" && next.w in KIND_WORDS && vocab.tagged(item.w).length > 0) {
      out.push({ t: "guest", guests: narrowKind([...vocab.tagged(item.w)], KIND_WORDS[next.w]!), text: `${item.w} ${next.w}` });
      i++;
      continue;
    }
    if (item.t === "word" && item.w in KIND_WORDS && next) {
      const guest = asGuest(next, KIND_WORDS[item.w]!);
      if (guest) {
        out.push(guest);
        i++;
        continue;
      }
    }
    if (item.t === "word" && item.w in KIND_WORDS && prev && prev.t === "span") {
      const guest = asGuest(prev, KIND_WORDS[item.w]!);
      if (guest) {
        out[out.length - 1] = guest;
        continue;
      }
    }
    if (item.t === "word" && (item.w === "node" || item.w === "camera" || item.w === "disk" || item.w === "storage")) {
      const kind = item.w === "node" ? "node" : item.w === "camera" ? "camera" : "storage";
      const named = next?.t === "span" && has(next.refs, kind) ? next : prev?.t === "span" && has(prev.refs, kind) ? prev : undefined;
      if (named?.t === "span") {
        const slot = { t: kind, name: (only(named.refs, kind)[0] as { name: string }).name } as Item;
        if (named === next) {
          out.push(slot);
          i++;
        } else out[out.length - 1] = slot;
        continue;
      }
    }
    out.push(item);
  }
  // "on pve2", "at the driveway camera": a place word before a node, storage or camera says nothing more.
  const placed = out.filter((item, i) => !(item.t === "word" && (item.w === "on" || item.w === "at") && isPlace(out[i + 1])));
  // "and" matters only between two slots; elsewhere it is just a word.
  return placed.map((item, i) => (item.t === "and" && !(isSlot(out[i - 1]) && isSlot(out[i + 1])) ? { t: "word", w: "and" } : item));
}

const isPlace = (item: Item | undefined) =>
  item !== undefined && (item.t === "node" || item.t === "storage" || item.t === "camera" || (item.t === "span" && item.refs.some((r) => r.kind === "node" || r.kind === "storage" || r.kind === "camera")));

const isSlot = (item: Item | undefined) => item !== undefined && item.t !== "word" && item.t !== "and";

/**
 * A guest with its kind word. The kind narrows a name shared by a VM and a container, but a guest is what its
 * id is: "vm 103" names container 103 when that is the only guest 103.
 */
function narrowKind(guests: CatalogGuest[], kind: "qemu" | "lxc" | null): CatalogGuest[] {
  const fitting = guests.filter((g) => kind === null || g.kind === kind);
  return fitting.length > 0 ? fitting : guests;
}

function asGuest(item: Item, kind: "qemu" | "lxc" | null): Item | null {
  if (item.t === "num" && !item.unit) return { t: "guest", guests: narrowKind(item.guests, kind), text: String(item.value) };
  if (item.t === "span" && has(item.refs, "guest")) {
    return { t: "guest", guests: narrowKind(only(item.refs, "guest").map((r) => (r as { guest: CatalogGuest }).guest), kind), text: item.text };
  }
  return null;
}
