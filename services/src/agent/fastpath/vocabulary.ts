// Every name the fast path can hear, indexed by its tokens: entity names, aliases and device names, names
// without their area ("ceiling light" for "Office Ceiling Light" in the Office), area names and aliases,
// guests, nodes, storages and cameras, and the HA nouns of the lexicon. Finding the names in an utterance is
// then a longest-match walk over its tokens with one map lookup per step, whatever the size of the home.
import type { CatalogArea, CatalogEntity, CatalogGuest, CatalogStorage } from "./catalog.js";
import { CANON, HA_NOUNS, type Noun } from "./lexicon.js";
import { tokens } from "./text/normalise.js";
import { Typos } from "./typos.js";

/** How strongly a phrase names an entity: its own name or alias, its device's name, or a shortened name. */
export type Strength = 3 | 2 | 1;

export type Ref =
  | { kind: "entity"; entity: CatalogEntity; strength: Strength }
  | { kind: "area"; name: string }
  | { kind: "guest"; guest: CatalogGuest }
  | { kind: "node"; name: string }
  | { kind: "storage"; name: string }
  | { kind: "camera"; name: string }
  | { kind: "noun"; noun: Noun; word: string };

export interface Span {
  start: number;
  end: number;
  refs: Ref[];
  /** The last word was said in the plural ("lights", "blinds"). */
  plural: boolean;
}

export interface Snapshot {
  entities: readonly CatalogEntity[];
  areas: readonly CatalogArea[];
  guests: readonly CatalogGuest[];
  nodes: readonly string[];
  storages: readonly CatalogStorage[];
  cameras: readonly string[];
}

const MAX_WORDS = 8;

/** "blinds" -> "blind"; words that only look plural are left alone. */
export function singular(word: string): string {
  if (word.length <= 3 || /(ss|us|is|ics|news)$/.test(word)) return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

/** Words that say what kind of thing something is, not which one. */
const KIND_WORDS = new Set(["temperature", "humidity", "power", "energy", "motion", "battery", "status", "mode", "level", "main", "sensor"]);
const isKindWord = (words: readonly string[]) => words.length === 1 && (KIND_WORDS.has(words[0]!) || words[0]! in HA_NOUNS || singular(words[0]!) in HA_NOUNS || words[0]! in CANON);

const GENERIC_AREA_WORDS = new Set(["room", "area", "zone", "space", "side", "floor", "level", "house"]);

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

export class Vocabulary {
  private readonly index = new Map<string, Ref[]>();
  /** Guests by their Proxmox tags, heard only next to "vm" or "container". */
  private readonly tags = new Map<string, CatalogGuest[]>();
  /** The words of every name (not of the lexicon's nouns), for telling a slip from a word nobody named. */
  private readonly nameWords = new Set<string>();
  private readonly typos: Typos;
  readonly maxWords: number;
  readonly areaNames: readonly string[];

  /** `known`: the words the matcher gives a meaning to, never read as a slip in a name. */
  constructor(readonly snapshot: Snapshot, known: ReadonlySet<string> = new Set()) {
    for (const [phrase, noun] of Object.entries(HA_NOUNS)) this.add(tokens(phrase), { kind: "noun", noun, word: phrase });
    const areaWords = snapshot.areas.flatMap((a) => [a.name, ...(a.aliases ?? [])]).map((n) => tokens(n));
    for (const a of snapshot.areas) for (const name of [a.name, ...(a.aliases ?? [])]) this.add(tokens(name), { kind: "area", name: a.name });
    // "the bedroom" for the Master Bedroom, when no other area ends in "bedroom".
    const heads = new Map<string, string[]>();
    for (const a of snapshot.areas) {
      const words = tokens(a.name);
      if (words.length > 1 && !GENERIC_AREA_WORDS.has(words.at(-1)!)) heads.set(words.at(-1)!, [...(heads.get(words.at(-1)!) ?? []), a.name]);
    }
    for (const [head, areas] of heads) if (areas.length === 1 && !this.index.has(head)) this.add([head], { kind: "area", name: areas[0]! });
    for (const e of snapshot.entities) this.addEntity(e, areaWords);
    for (const g of snapshot.guests) {
      if (g.name) this.add(tokens(g.name), { kind: "guest", guest: g });
      for (const tag of g.tags ?? []) this.tags.set(tag.toLowerCase(), [...(this.tags.get(tag.toLowerCase()) ?? []), g]);
    }
    for (const node of snapshot.nodes) this.add(tokens(node), { kind: "node", name: node });
    for (const s of new Set(snapshot.storages.map((x) => x.storage))) this.add(tokens(s), { kind: "storage", name: s });
    for (const c of snapshot.cameras) this.add(tokens(c), { kind: "camera", name: c });
    this.maxWords = Math.min(MAX_WORDS, Math.max(1, ...[...this.index.keys()].map((k) => k.split(" ").length)));
    this.areaNames = snapshot.areas.map((a) => a.name);
    this.typos = new Typos(this.nameWords, known);
  }

  /** `words` with a slip in a name corrected (typos.ts) where the correction completes a name of two words or more. */
  corrected(words: readonly string[]): readonly string[] {
    const fixes = words.map((w) => (this.index.has(w) ? null : this.typos.fix(w)));
    if (fixes.every((f) => f === null)) return words;
    const tried = words.map((w, i) => fixes[i] ?? w);
    const spans = this.spans(tried);
    const completes = (i: number) => spans.some((s) => s.end - s.start >= 2 && s.start <= i && i < s.end);
    return words.map((w, i) => (fixes[i] !== null && completes(i) ? fixes[i]! : w));
  }

  /** The names in `words`, longest first from left to right; words in none are left out. */
  spans(words: readonly string[]): Span[] {
    const out: Span[] = [];
    for (let i = 0; i < words.length; ) {
      let found: Span | null = null;
      for (let n = Math.min(this.maxWords, words.length - i); n >= 1 && !found; n--) {
        const slice = words.slice(i, i + n);
        const exact = this.index.get(slice.join(" "));
        const last = slice[n - 1]!;
        const one = singular(last);
        const refs = exact ?? (one !== last ? this.index.get([...slice.slice(0, -1), one].join(" ")) : undefined);
        if (refs) found = { start: i, end: i + n, refs, plural: one !== last || /^(all|both)$/.test(words[i - 1] ?? "") };
      }
      if (found) {
        out.push(found);
        i = found.end;
      } else i++;
    }
    return out;
  }

  /** The guests tagged with a word ("dns"). */
  tagged(word: string): readonly CatalogGuest[] {
    return this.tags.get(word) ?? [];
  }

  /** The refs of one exact phrase (used to read an answer to a question Jarvis asked). */
  lookup(words: readonly string[]): Ref[] {
    return this.index.get(words.join(" ")) ?? this.index.get([...words.slice(0, -1), singular(words.at(-1) ?? "")].join(" ")) ?? [];
  }

  private addEntity(e: CatalogEntity, areaWords: string[][]): void {
    const names = [e.name, ...(e.aliases ?? [])].map((n) => tokens(n));
    for (const name of names) this.add(name, { kind: "entity", entity: e, strength: 3 });
    if (e.device && e.device !== e.name) this.add(tokens(e.device), { kind: "entity", entity: e, strength: 2 });
    // "Office Ceiling Light" in the Office is "the ceiling light" there; HA matches names said without their area.
    // What is left must still be a name: "Office Lamp" without "Office" is just "lamp", a kind of thing.
    for (const name of names) {
      for (const area of areaWords) {
        const rest = name.slice(area.length);
        if (area.length < name.length && area.every((w, i) => name[i] === w) && !isKindWord(rest)) this.add(rest, { kind: "entity", entity: e, strength: 1 });
      }
    }
    // "Left Bedside Lamp" is also "the bedside lamp" (and so is the right one: a question back).
    for (const name of names) if (name.length >= 3 && !isKindWord(name.slice(1))) this.add(name.slice(1), { kind: "entity", entity: e, strength: 1 });
    const objectId = tokens(e.id.split(".")[1] ?? "");
    const isArea = areaWords.some((a) => a.join(" ") === objectId.join(" "));
    if (objectId.join(" ") !== names[0]!.join(" ") && !isArea && !isKindWord(objectId)) this.add(objectId, { kind: "entity", entity: e, strength: 1 });
  }

  private add(words: string[], ref: Ref): void {
    if (words.length === 0) return;
    if (ref.kind !== "noun") for (const w of words) this.nameWords.add(w);
    this.put(words.join(" "), ref);
    // Digits in a name may be said as words: "pve1" is also "pve one".
    if (words.some((w) => /^\d+$/.test(w) && Number(w) < NUMBER_WORDS.length)) {
      this.put(words.map((w) => (/^\d+$/.test(w) && Number(w) < NUMBER_WORDS.length ? NUMBER_WORDS[Number(w)]! : w)).join(" "), ref);
    }
    // A name may be said run together or apart: "k3s node" / "k3snode", "docker host" / "dockerhost".
    if (words.length > 1 && words.length <= 3) this.put(words.join(""), ref);
    const last = words.at(-1)!;
    if (singular(last) !== last) this.put([...words.slice(0, -1), singular(last)].join(" "), ref);
  }

  private put(key: string, ref: Ref): void {
    const list = this.index.get(key);
    if (!list) this.index.set(key, [ref]);
    else if (!list.some((r) => sameRef(r, ref))) list.push(ref);
  }
}

function sameRef(a: Ref, b: Ref): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "entity":
      return a.entity.id === (b as typeof a).entity.id && a.strength >= (b as typeof a).strength;
    case "guest":
      return a.guest.vmid === (b as typeof a).guest.vmid;
    case "noun":
      return a.word === (b as typeof a).word;
    default:
      return a.name === (b as { name: string }).name;
  }
}
