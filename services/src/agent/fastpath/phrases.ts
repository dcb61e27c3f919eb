// The fast path's commands as plain phrases, for offline speech recognition: the common spoken forms of its
// intents, written with the matcher's own words, "[the]" and "(a|b)" expanded, and `{name}` where any known
// name goes (an entity, a guest, a node). Forms with a number are left out: a grammar of every number would
// drown the commands. Whatever pocketsphinx hears is then matched like typed text.
import { NAME_SLOT } from "../../speech/stt/grammar.js";
import type { Catalog } from "./catalog.js";

const MAX_PER_FORM = 64;

export const SPOKEN_FORMS: readonly string[] = [
  // the home lab
  "how is the cluster [doing]",
  "(how's|hows) the cluster [doing]",
  "[what is the] cluster status",
  "is the cluster (ok|okay|healthy|up)",
  "how are the (servers|nodes) [doing]",
  "are any nodes down",
  "(is|how is) {name} [up|doing]",
  "{name} status",
  "(temperature of|how hot is) {name}",
  "(list|show) [me] [the|my] (vms|virtual machines|containers|guests)",
  "(what|which) (vms|virtual machines|containers) are running",
  "(storage status|how full is the storage|are any disks getting full)",
  "(any|were there any) failed tasks",
  "did anything fail",
  "(show|list) [the] recent tasks",
  "(list|show) [the] backups",
  "(start|stop|restart|reboot|shut down) {name}",
  "(start|stop|restart|reboot|shut down) (vm|container) {name}",
  "(list|show) [the] snapshots of {name}",
  // the home
  "(turn|switch) (on|off) [the] {name}",
  "(turn|switch) [the] {name} (on|off)",
  "{name} (on|off)",
  "(turn|switch) (on|off) [all] the lights",
  "(turn|switch) (on|off) the lights in the {name}",
  "[the] {name} lights (on|off)",
  "(open|close) [the] {name}",
  "(lock|unlock) [the] {name}",
  "(pause|resume|stop) [the] {name}",
  "(pause|resume|play|next|skip|mute|unmute)",
  "(start|dock) the vacuum",
  "is [the] {name} (on|off|open|closed|locked)",
  "what is on [the] {name}",
  "(who is|who's|whos) home",
  "is anyone home",
  "(who is|who's|whos) at the [front] door",
  "(any|were there any) unknown visitors",
  "what did the cameras see",
  "show [me] the {name} camera",
  "what is the temperature [inside|outside]",
  "what is the weather [like]",
  "(what can you do|help)",
];

function expand(form: string): string[] {
  let phrases: string[] = [""];
  for (const token of form.match(/\[[^\]]+\]|\([^)]+\)|\{[a-z_]+\}|[^\s[\](){}]+/g) ?? []) {
    let options: string[];
    if (token.startsWith("[")) options = ["", ...token.slice(1, -1).split("|")];
    else if (token.startsWith("(")) options = token.slice(1, -1).split("|");
    else if (token.startsWith("{")) options = [NAME_SLOT];
    else options = [token];
    phrases = phrases.flatMap((p) => options.map((o) => `${p} ${o}`)).slice(0, MAX_PER_FORM);
  }
  return phrases.map((p) => p.replace(/\s+/g, " ").trim()).filter((p) => p && !/[^a-z0-9' {}-]/.test(p));
}

export function commandPhrases(forms: readonly string[] = SPOKEN_FORMS): string[] {
  return [...new Set(forms.flatMap(expand))];
}

/** The names a spoken command may hold: entities with their aliases, areas, guests (by name and as "vm N"), nodes. */
export async function spokenNames(catalog: Pick<Catalog, "entities" | "areas" | "guests" | "nodes">): Promise<string[]> {
  const [entities, areas, guests, nodes] = await Promise.all([catalog.entities(), catalog.areas(), catalog.guests(), catalog.nodes()]);
  return [
    ...new Set([
      ...entities.flatMap((e) => [e.name, ...(e.aliases ?? [])]),
      ...areas.flatMap((a) => [a.name, ...(a.aliases ?? [])]),
      ...guests.flatMap((g) => [g.name, `vm ${g.vmid}`]),
      ...nodes,
    ]),
  ].filter(Boolean);
}
