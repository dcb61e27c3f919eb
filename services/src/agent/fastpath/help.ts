// What Jarvis says when no language model can take a request: what it can do right now, with examples
// from this home (its real guests, devices and nodes), why it did not act when it held back on purpose (a
// question, a negation, something for later...), and how to add a model.
import { list } from "./answers.js";
import type { Catalog, CatalogEntity } from "./catalog.js";
import type { Caution } from "./text/caution.js";

export const ADD_A_MODEL =
  "To go beyond that, add a language model: an Anthropic API key (the add-on's anthropic_api_key option, or ANTHROPIC_API_KEY), " +
  "or a local OpenAI-compatible endpoint such as llama-server (local_llm_endpoint, or LOCAL_LLM_ENDPOINT).";

const HELP = /^(help( me)?|what can (you|i) (do|ask|say)( for me)?|what do you do|what (can|could|should) i (ask|say|try)( you)?|what are (your|the) (commands|capabilities|skills|options)|(list|show)( me)? (your|the)? ?commands|how can you help( me)?|how do you work|what are you able to do|what do you know how to do|commands|what can you help (me )?with)$/;

/** "What can you do?", "help" and their kin. */
export const isHelpRequest = (words: readonly string[]) => HELP.test(words.join(" "));

const WHY: Record<Caution["kind"], string> = {
  negation: "it says not to do something",
  reasoning: "it asks whether or why, which needs thinking rather than a command",
  hypothetical: "it is a what-if",
  howto: "it asks how to do something",
  later: "it is for later, and I only act on what is meant now",
  timed: "it is for a time of day or on a schedule, and I only act on what is meant now",
  exception: "it has an exception in it",
};

const quote = (s: string) => `“${s}”`;
const first = <T>(items: readonly T[], test: (x: T) => boolean) => items.find(test);

/** Examples of what to say, from what this home actually has. */
export async function examples(catalog: Catalog): Promise<string[]> {
  const [entities, guests, nodes] = await Promise.all([catalog.entities(), catalog.guests(), catalog.nodes()]);
  const name = (e: CatalogEntity | undefined) => e?.name;
  const byName = [...entities].sort((a, b) => a.name.localeCompare(b.name));
  const of = (domain: string) => first(byName, (e) => e.domain === domain);
  const out: string[] = [];
  if (nodes.length > 0) out.push(quote("how is the cluster"), quote(`is ${nodes[0]} up`), quote("any failed tasks"), quote("are any disks getting full"));
  const guest = guests.find((g) => g.name) ?? guests[0];
  if (guest) out.push(quote(`start ${guest.name || `vm ${guest.vmid}`}`), quote("list my containers"));
  const light = name(of("light"));
  if (light) out.push(quote(`turn off the ${light}`), quote(`set the ${light} to 40%`));
  const climate = name(of("climate"));
  if (climate) out.push(quote(`set the ${climate} to 21 degrees`));
  const media = name(of("media_player"));
  if (media) out.push(quote(`pause the ${media}`));
  const cover = name(of("cover"));
  if (cover) out.push(quote(`close the ${cover}`));
  const todo = name(first(byName, (e) => e.domain === "todo" && /shop|grocer/i.test(e.name)) ?? of("todo"));
  if (todo) out.push(quote(`what's on the ${todo}`));
  if (entities.some((e) => e.domain === "person")) out.push(quote("who is home"));
  if ((await catalog.cameras()).length > 0) out.push(quote("who is at the door"));
  out.push(quote("search the web for …"), quote("remember that …"));
  return out;
}

/** The answer to "what can you do?" without a model. */
export async function capabilities(catalog: Catalog): Promise<string> {
  return `Without a language model I understand plain requests about the home lab and the home, for example ${list(await examples(catalog))}. ${ADD_A_MODEL}`;
}

/** Why a request was not carried out, for a turn no model can take. */
export async function noModelAnswer(catalog: Catalog, words: readonly string[], found: readonly Caution[], why: string | null): Promise<string> {
  if (isHelpRequest(words)) return capabilities(catalog);
  const some = (await examples(catalog)).slice(0, 6);
  const tail = `I can act on plain requests said now, such as ${list(some)}. ${ADD_A_MODEL}`;
  if (found.length > 0) return `I haven't done anything: ${WHY[found[0]!.kind]}, and no language model is configured to take that. ${tail}`;
  if (why) return `I couldn't do that: ${why.replace(/\.$/, "")}. ${tail}`;
  return `I didn't understand that, and no language model is configured to work it out. ${tail}`;
}
