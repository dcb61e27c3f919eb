// Which Home Assistant entities a target means, as HA's own matching does it: a name or alias first (the
// strongest naming wins), else an area and a kind of thing ("the kitchen lights": the lights whose area, their
// own or their device's, is the Kitchen), else a kind of thing alone ("the thermostat" when there is one).
// Several things for a singular request ("the ceiling light" with two of them) is a question back, not a
// guess; a plural or "all" takes them all.
import type { CatalogEntity } from "./catalog.js";
import { sameAs, type Noun } from "./lexicon.js";
import type { Item } from "./parse.js";
import type { Focus } from "./intents/types.js";
import { tokens } from "./text/normalise.js";
import { singular, type Vocabulary } from "./vocabulary.js";

export type Piece = { span: Extract<Item, { t: "span" }> } | { back: true };

export interface Group {
  /** Named entities with how strongly each was named. */
  named: Map<string, { entity: CatalogEntity; strength: number }>;
  areas: string[];
  nouns: Noun[];
  /** The noun words as said, singular ("tv", "lamp"). */
  nounWords: string[];
  plural: boolean;
  back: boolean;
  /** What was said, for questions and honest answers. */
  text: string;
  /** "the kitchen lights" also read as area + noun, used when the words were plural. */
  split?: { area: string; noun: Noun };
}

export interface Want {
  /** Domains the action applies to. */
  domains: readonly string[];
  /** Domains meant when only an area is said ("turn off the kitchen" means its lights). */
  areaDefault?: readonly string[];
  /** Every match of an area or a kind is wanted even when said in the singular (a question about them). */
  many?: boolean;
  /** A kind said in the plural means all of that kind, even with no area ("lock the doors"). */
  pluralAll?: boolean;
}

export type Resolution =
  | { ok: true; entities: CatalogEntity[] }
  | { ok: false; why: "ambiguous"; candidates: CatalogEntity[]; text: string }
  | { ok: false; why: "unknown"; text: string };

export function groupOf(pieces: readonly Piece[], vocab: Vocabulary): Group {
  const group: Group = { named: new Map(), areas: [], nouns: [], nounWords: [], plural: false, back: false, text: "" };
  const texts: string[] = [];
  const areaNouns: Noun[] = [];
  for (const piece of pieces) {
    if ("back" in piece) {
      group.back = true;
      texts.push("it");
      continue;
    }
    const { refs, plural, text } = piece.span;
    texts.push(text);
    group.plural ||= plural;
    const isArea = refs.some((r) => r.kind === "area");
    for (const r of refs) {
      if (r.kind === "entity") {
        const seen = group.named.get(r.entity.id);
        if (!seen || seen.strength < r.strength) group.named.set(r.entity.id, { entity: r.entity, strength: r.strength });
      } else if (r.kind === "area") group.areas.push(r.name);
      else if (r.kind === "noun") {
        (isArea ? areaNouns : group.nouns).push(r.noun);
        if (!isArea) group.nounWords.push(singular(r.word));
      }
    }
    if (plural && refs.some((r) => r.kind === "entity")) group.split ??= splitAreaNoun(text, vocab);
  }
  // "garage" is a room and a kind of door: with another noun said ("garage lights") it is the room.
  if (group.nouns.length === 0) group.nouns.push(...areaNouns);
  group.text = texts.join(" ");
  return group;
}

/** "kitchen lights" -> the Kitchen and lights, when both parts are known. */
function splitAreaNoun(text: string, vocab: Vocabulary): Group["split"] {
  const words = text.split(" ");
  for (let k = 1; k < words.length; k++) {
    const area = vocab.lookup(words.slice(0, k)).find((r) => r.kind === "area");
    const noun = vocab.lookup(words.slice(k).map((w, i, all) => (i === all.length - 1 ? singular(w) : w))).find((r) => r.kind === "noun");
    if (area?.kind === "area" && noun?.kind === "noun") return { area: area.name, noun: noun.noun };
  }
  return undefined;
}

const fitsNoun = (e: CatalogEntity, noun: Noun) =>
  noun.domains.includes(e.domain) && (!noun.classes?.[e.domain] || (e.deviceClass !== undefined && noun.classes[e.domain]!.includes(e.deviceClass)));

const fitsAnyNoun = (e: CatalogEntity, nouns: readonly Noun[]) => nouns.length === 0 || nouns.some((n) => fitsNoun(e, n));
const inAreas = (e: CatalogEntity, areas: readonly string[]) => areas.length === 0 || (e.area !== undefined && areas.includes(e.area));

function pick(found: CatalogEntity[], many: boolean, text: string): Resolution {
  if (found.length === 0) return { ok: false, why: "unknown", text };
  if (found.length === 1 || many) return { ok: true, entities: found };
  return { ok: false, why: "ambiguous", candidates: found, text };
}

/** Words that name a whole domain, not one kind of thing in it. */
const DOMAIN_WORDS = new Set(["light", "switch", "fan", "cover", "lock", "valve", "vacuum", "media player", "player", "media", "climate", "thermostat", "sensor", "scene", "script", "list", "todo"]);

/**
 * "The tv" among a TV and a speaker, "the lamp" among lamps and ceiling lights: when several things are of the
 * kind said, the ones whose name (or device class) has the very word are meant, if there are any.
 */
function narrowByWord(found: CatalogEntity[], said: readonly string[]): CatalogEntity[] {
  const words = said.filter((w) => !DOMAIN_WORDS.has(w));
  if (found.length < 2 || words.length === 0) return found;
  const named = found.filter((e) => {
    const name = tokens(e.name).map(singular).join(" ");
    return words.some((w) => sameAs(w).some((s) => ` ${name} `.includes(` ${s} `)) || e.deviceClass === w);
  });
  return named.length > 0 ? named : found;
}

/** The entities one group means, among `entities`, for an action that applies to `want.domains`. */
export function resolveGroup(group: Group, entities: readonly CatalogEntity[], want: Want, all: boolean, focus?: Focus): Resolution {
  const allowed = (e: CatalogEntity) => want.domains.includes(e.domain);
  if (group.back) {
    const recent = (focus?.entities ?? []).filter(allowed);
    return recent.length > 0 ? { ok: true, entities: recent } : { ok: false, why: "unknown", text: group.text };
  }
  if (group.split && group.plural) {
    const { area, noun } = group.split;
    const found = entities.filter((e) => allowed(e) && e.area === area && fitsNoun(e, noun));
    if (found.length > 1) return { ok: true, entities: found };
  }
  // A kind said with a name narrows it ("the kitchen light" of a lamp and a fan), but a name the household gave
  // a thing wins over the kind it was called ("the christmas tree lights" for a switch).
  const placed = [...group.named.values()].filter((n) => allowed(n.entity) && inAreas(n.entity, group.areas));
  const fitting = placed.filter((n) => fitsAnyNoun(n.entity, group.nouns));
  const named = fitting.length > 0 ? fitting : placed.filter((n) => n.strength === 3);
  if (named.length > 0) {
    const best = Math.max(...named.map((n) => n.strength));
    return pick(named.filter((n) => n.strength === best).map((n) => n.entity), all || group.plural, group.text);
  }
  if (group.named.size > 0 && group.areas.length === 0 && group.nouns.length === 0) return { ok: false, why: "unknown", text: group.text };
  if (group.areas.length === 0 && group.nouns.length === 0) return { ok: false, why: "unknown", text: group.text };
  const domains = group.nouns.length === 0 ? (want.areaDefault ?? want.domains) : want.domains;
  const kind = entities.filter((e) => domains.includes(e.domain) && inAreas(e, group.areas) && fitsAnyNoun(e, group.nouns));
  // "The kitchen light(s)": HA takes every one of that kind in the area. A kind alone is a question back when
  // there are several, unless "all" was said ("turn on the lights" in which room?); "the tv" narrows by name.
  const many = all || group.areas.length > 0 || want.many === true || (group.plural && want.pluralAll === true);
  // One thing of a kind is narrowed by the word said: "the tv" is the Living Room TV, "the lamp in the
  // bedroom" the Bedroom Lamp and not its ceiling light (but "the light" is every light there, as in HA).
  const narrowed = !all && !group.plural ? narrowByWord(kind, group.nounWords) : kind;
  return pick(narrowed, many, group.text);
}

/** Every group resolved; the first that is ambiguous or unknown decides the answer. */
export function resolveTargets(groups: readonly Group[], entities: readonly CatalogEntity[], want: Want, all: boolean, focus?: Focus): Resolution {
  const out: CatalogEntity[] = [];
  for (const g of groups) {
    const r = resolveGroup(g, entities, want, all, focus);
    if (!r.ok) return r;
    for (const e of r.entities) if (!out.includes(e)) out.push(e);
  }
  return out.length > 0 ? { ok: true, entities: out } : { ok: false, why: "unknown", text: "" };
}
