// What intents share: resolving their targets among the exposed entities (or asking which one), choosing a
// guest by id or name (or asking), and the words that pick a choice in an answer.
import { list, plural } from "../answers.js";
import type { CatalogEntity, CatalogGuest } from "../catalog.js";
import { resolveTargets, type Resolution, type Want } from "../resolve.js";
import { tokens } from "../text/normalise.js";
import { spoken } from "../answers.js";
import type { Choice, Env, Focus, Outcome, Slots } from "./types.js";

const MAX_CHOICES = 6;
const NOTHING_TO_POINT_AT = `I don't know what "it" is: nothing was done to anything in this conversation just before`;

export function entityChoice(e: CatalogEntity): Choice {
  return { label: e.name, words: [...tokens(e.name), ...(e.area ? tokens(e.area) : []), ...(e.aliases ?? []).flatMap(tokens)], entity: e };
}

export function guestChoice(g: CatalogGuest): Choice {
  return { label: `${g.name || g.vmid} (${g.vmid})`, words: [...tokens(g.name), String(g.vmid), g.kind === "qemu" ? "vm" : "container"], guest: g };
}

/** "Which one: A, B or C?" with the choices, or a count when there are too many to read out. */
export function ask(choices: Choice[], what: string, resume: (chosen: Choice[]) => Outcome): Outcome {
  const question =
    choices.length <= MAX_CHOICES
      ? `Which ${what}: ${list(choices.map((c) => c.label), "or")}?`
      : `Which ${what}? There are ${plural(choices.length, what)}; say its name or its room.`;
  return { kind: "ask", question, options: choices, resume };
}

export interface TargetOptions {
  /** Who is meant when no target is said ("pause": the player that is playing); none: a target is needed. */
  implicit?: (candidates: readonly CatalogEntity[]) => CatalogEntity[];
  /** Narrows several candidates before asking ("the tv" with two: the one that is on). */
  prefer?: (candidates: readonly CatalogEntity[]) => CatalogEntity[];
}

/**
 * The targets of an action, resolved among the exposed entities; `make` turns the chosen entities into the
 * outcome. Several for a singular request is a question back; nothing found is an honest "none".
 */
export async function onTargets(slots: Slots, env: Env, want: Want, what: string, make: (entities: CatalogEntity[]) => Outcome, opts: TargetOptions = {}): Promise<Outcome> {
  const entities = await env.catalog.entities();
  let r: Resolution;
  if (slots.targets.length === 0) {
    const implicit = opts.implicit ? opts.implicit(entities.filter((e) => want.domains.includes(e.domain))) : [];
    if (implicit.length === 1 || (implicit.length > 1 && slots.all)) r = { ok: true, entities: implicit };
    else r = implicit.length > 1 ? { ok: false, why: "ambiguous", candidates: implicit, text: what } : { ok: false, why: "unknown", text: "" };
  } else {
    r = resolveTargets(slots.targets, entities, want, slots.all, env.focus);
    // "Make it quieter" with nothing to point back at: "it" is whatever the verb would take on its own.
    const onlyBack = slots.targets.every((g) => g.back && g.named.size === 0 && g.areas.length === 0 && g.nouns.length === 0);
    if (!r.ok && onlyBack && opts.implicit) return onTargets({ ...slots, targets: [] }, env, want, what, make, opts);
  }
  if (!r.ok && r.why === "ambiguous" && opts.prefer) {
    const preferred = opts.prefer(r.candidates);
    if (preferred.length === 1) r = { ok: true, entities: preferred };
  }
  if (r.ok) return make(r.entities);
  if (r.why === "ambiguous") return ask(r.candidates.map(entityChoice), what, (chosen) => make(chosen.flatMap((c) => (c.entity ? [c.entity] : []))));
  if (slots.targets.some((g) => g.back) && r.text === "it") return { kind: "none", why: NOTHING_TO_POINT_AT };
  return { kind: "none", why: r.text ? `I don't know a ${what} called "${r.text}" that I may use for that.` : `I don't see a ${what} I may use for that.` };
}

/** The guest a slot names: one, a question when the name fits several, or an honest "none". */
export function onGuest(slots: Slots, env: Env, make: (g: CatalogGuest) => Outcome): Outcome {
  const said = slots.guest;
  if (!said) return { kind: "none", why: "no guest was named" };
  const guests = said.text === "it" && env.focus?.guest ? [env.focus.guest] : said.guests;
  if (guests.length === 1) return make(guests[0]!);
  if (said.text === "it" && guests.length === 0) return { kind: "none", why: NOTHING_TO_POINT_AT };
  if (guests.length > 1) return ask(guests.map(guestChoice), "guest", (chosen) => (chosen[0]?.guest ? make(chosen[0].guest) : { kind: "none", why: "no guest chosen" }));
  return { kind: "none", why: `there is no guest "${said.text}" in the cluster` };
}

/** The entities' shared domain, when they have one. */
export function oneDomain(entities: readonly CatalogEntity[]): string | undefined {
  const domains = new Set(entities.map((e) => e.domain));
  return domains.size === 1 ? [...domains][0] : undefined;
}

/** The entities' shared area, when they have one. */
export function oneArea(entities: readonly CatalogEntity[]): string | undefined {
  const areas = new Set(entities.map((e) => e.area));
  return areas.size === 1 ? [...areas][0] : undefined;
}

/** One tool call, answered from its result (`ok` reads the tool's documented result shape). */
export function single<T>(tool: string, args: Record<string, unknown>, ok: (data: T) => string, focus?: Focus): Outcome {
  return { kind: "calls", calls: [{ tool, args }], say: ([o]) => spoken(o!, ok), ...(focus ? { focus } : {}) };
}
