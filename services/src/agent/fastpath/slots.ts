// Turns slot words into tool arguments using what Jarvis knows (HA entities, guests, nodes). A slot that
// matches nothing or more than one thing is not guessed: the fast path steps aside for the model.
export interface CatalogEntity {
  id: string;
  name: string;
  domain: string;
}

export interface CatalogGuest {
  vmid: number;
  name: string;
  kind: "qemu" | "lxc";
}

/** What the fast path may resolve names against; every list is read from caches, never fetched per word. */
export interface Catalog {
  entities(): Promise<CatalogEntity[]>;
  guests(): Promise<CatalogGuest[]>;
  nodes(): Promise<string[]>;
}

export type Resolution<T> = { ok: true; value: T } | { ok: false; why: "unknown" | "ambiguous" };

const DOMAIN_WORDS: Record<string, string[]> = {
  light: ["light", "lights", "lamp", "lamps"],
  switch: ["switch", "plug", "outlet"],
  fan: ["fan"],
  lock: ["lock", "door"],
  cover: ["cover", "blind", "blinds", "garage door", "shade", "shades"],
  climate: ["thermostat", "heating", "ac"],
  media_player: ["tv", "speaker", "player"],
};

const words = (s: string) => s.toLowerCase().replace(/_/g, " ").replace(/[^\p{L}\p{N} ]+/gu, " ").replace(/\s+/g, " ").trim();

function unique<T>(found: T[]): Resolution<T> {
  if (found.length === 1) return { ok: true, value: found[0]! };
  return { ok: false, why: found.length === 0 ? "unknown" : "ambiguous" };
}

/** "kitchen light", "the kitchen", "coffee maker" -> one entity of the allowed domains. */
export async function resolveEntity(text: string, catalog: Catalog, domains: readonly string[]): Promise<Resolution<CatalogEntity>> {
  const said = words(text).replace(/^(the|my|our) /, "");
  const candidates = (await catalog.entities()).filter((e) => domains.includes(e.domain));
  const names = (e: CatalogEntity) => {
    const base = [words(e.name), words(e.id.split(".")[1] ?? "")];
    // "kitchen" alone names "Kitchen Light" when the domain word was said in the template or is implied.
    const stripped = base.map((n) => DOMAIN_WORDS[e.domain]?.reduce((s, w) => s.replace(new RegExp(`\\s*\\b${w}\\b$`), ""), n) ?? n);
    const withWord = (DOMAIN_WORDS[e.domain] ?? []).flatMap((w) => stripped.map((n) => `${n} ${w}`));
    // "the light" alone names a light when there is only one; with several it is ambiguous.
    return new Set([...base, ...stripped, ...withWord, ...(DOMAIN_WORDS[e.domain] ?? [])]);
  };
  const exact = candidates.filter((e) => names(e).has(said));
  return unique(exact);
}

/** "vm 105", "105", "container media", "win11" -> one guest, of the kind asked for if one was said. */
export async function resolveGuest(text: string, catalog: Catalog, kind?: "qemu" | "lxc"): Promise<Resolution<CatalogGuest>> {
  const said = words(text).replace(/^(the|my) /, "");
  const saidKind = /\b(vm|virtual machine)\b/.test(said) ? "qemu" : /\b(container|ct|lxc)\b/.test(said) ? "lxc" : kind;
  const core = said.replace(/\b(vm|virtual machine|container|ct|lxc|guest|number)\b/g, "").replace(/\s+/g, " ").trim();
  const guests = (await catalog.guests()).filter((g) => !saidKind || g.kind === saidKind);
  if (/^\d+$/.test(core)) return unique(guests.filter((g) => g.vmid === Number(core)));
  return unique(guests.filter((g) => words(g.name) === core || words(g.name).replace(/ /g, "") === core.replace(/ /g, "")));
}

export async function resolveNode(text: string, catalog: Catalog): Promise<Resolution<string>> {
  const said = words(text).replace(/^(node|the node|host) /, "").replace(/ (node|host)$/, "").replace(/ /g, "");
  return unique((await catalog.nodes()).filter((n) => n.toLowerCase() === said));
}

export function resolveTemperature(text: string): Resolution<number> {
  const n = Number(text.replace(/\s*(degrees|degree|°|c|celsius)$/, ""));
  return Number.isFinite(n) && n >= 5 && n <= 35 ? { ok: true, value: n } : { ok: false, why: "unknown" };
}
