// Requests that carry free text: a web search ("search the web for ..."), a note to remember ("remember that
// ..."), an item for a to-do list ("add milk to the shopping list"). The text is taken as said (case kept);
// only the opening is matched, so "don't ...", "can I ..." or "remember to ..." (a reminder, for later) are
// not these requests.
import { spoken } from "./answers.js";
import type { Outcome } from "./intents/types.js";
import { entityChoice, ask } from "./intents/shared.js";
import type { Catalog } from "./catalog.js";
import { tokens, unwrap } from "./text/normalise.js";
import type { Vocabulary } from "./vocabulary.js";

const POLITE = /^(?:(?:please|kindly|ok|okay|hey|so|now|and)\s*,?\s+)*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|go ahead and\s+|i (?:want|need) you to\s+)?(?:please\s+)?/i;
const TAIL = /(?:\s*,?\s*(?:please|thanks|thank you|for me|now|right now))*\s*[.!?]*\s*$/i;

/** The request with politeness off both ends, case kept. */
export function plainText(utterance: string): string {
  return unwrap(utterance).replace(POLITE, "").replace(TAIL, "").trim();
}

const SEARCHES: RegExp[] = [
  /^(?:search|look|check|find)\s+(?:on\s+)?(?:the\s+)?(?:web|internet|net|online)\s+(?:for|about|on)\s+(.+)$/i,
  /^(?:do|run)\s+an?\s+(?:web|internet|google|online)\s+search\s+(?:for|on|about)\s+(.+)$/i,
  /^(?:web|internet|google|online)\s+search\s+(?:for\s+|on\s+|about\s+)?(.+)$/i,
  /^(?:search|google|look\s+up|lookup)\s+(?:for\s+|about\s+)?(.+?)(?:\s+(?:on|in)\s+(?:the\s+)?(?:web|internet|google|net)|\s+online)?$/i,
  /^look\s+(.+?)\s+up(?:\s+online|\s+on\s+the\s+(?:web|internet))?$/i,
  /^what\s+does\s+(?:the\s+)?(?:web|internet)\s+say\s+about\s+(.+)$/i,
  /^find\s+(?:out\s+)?(?:online|on\s+the\s+(?:web|internet))\s+(.+)$/i,
];
/** Searches that are for something else Jarvis has (its memory, files, logs): not the web. */
const NOT_WEB = /^(?:my|your|the)\s+(?:memor(?:y|ies)|notes|files?|logs?|projects?|code)\b/i;

const REMEMBER = /^(?:remember|note|make\s+a\s+note|take\s+a\s+note|jot\s+down|keep\s+in\s+mind|save\s+a\s+note|do\s+not\s+forget|don'?t\s+forget)(?:\s+that|\s*:|\s*,)?\s+(.{3,500})$/i;
/** "remember to ..." is a reminder; "remember when/what ..." a question. */
const NOT_A_NOTE = /^(?:to|when|what|where|who|how|if|whether|why|which|the\s+time|me|this|it)\b/i;

const ADD_ITEM = /^(?:add|put|stick|pop|throw|write|include)\s+(.+?)\s+(?:to|on|onto|in|into)\s+(?:the\s+|my\s+|our\s+)?(.+?)$/i;

export interface FreeMatch {
  intent: string;
  outcome: Outcome;
}

function webSearch(text: string): FreeMatch | null {
  for (const pattern of SEARCHES) {
    const m = pattern.exec(text);
    const query = m?.[1]?.trim();
    if (query && query.length >= 2 && !NOT_WEB.test(query)) {
      return {
        intent: "web_search",
        outcome: {
          kind: "calls",
          calls: [{ tool: "web_search", args: { query } }],
          say: ([o]) =>
            spoken(o!, (d: { results: { title: string; url: string; snippet?: string }[]; answers?: string[] }) => {
              if (d.answers?.[0]) return d.answers[0];
              const top = d.results.slice(0, 3);
              if (top.length === 0) return `Nothing found for "${query}".`;
              return `Top results for "${query}": ${top.map((r) => `${r.title} (${new URL(r.url).hostname})`).join("; ")}.`;
            }),
        },
      };
    }
  }
  return null;
}

function remember(text: string): FreeMatch | null {
  const m = REMEMBER.exec(text);
  const content = m?.[1]?.trim().replace(/[.!]+$/, "");
  if (!content || NOT_A_NOTE.test(content)) return null;
  return {
    intent: "remember",
    outcome: { kind: "calls", calls: [{ tool: "remember", args: { content } }], say: ([o]) => spoken(o!, () => `I'll remember that ${content}.`) },
  };
}

async function addItem(text: string, catalog: Catalog, vocab: Vocabulary): Promise<FreeMatch | null> {
  const m = ADD_ITEM.exec(text);
  if (!m) return null;
  const item = m[1]!.replace(/^(?:some|a|an|more)\s+/i, "").trim();
  const listWords = tokens(m[2]!);
  const lists = (await catalog.entities()).filter((e) => e.domain === "todo");
  if (lists.length === 0 || item === "") return null;
  // The list as named ("shopping list", "the groceries"), or any list when only "list" was said.
  const named = [listWords, listWords.at(-1) === "list" ? listWords.slice(0, -1) : [...listWords, "list"]]
    .flatMap((w) => vocab.lookup(w))
    .flatMap((r) => (r.kind === "entity" && r.entity.domain === "todo" ? [r.entity] : []));
  const generic = ["list", "to do", "todo", "to do list", "todo list", "list for me"].includes(listWords.join(" "));
  // "The shopping list" is whatever list the household shops from ("Groceries").
  const shopping = /^(shopping|grocery|groceries)( list)?$/.test(listWords.join(" ")) ? lists.filter((l) => /shop|grocer/i.test(l.name)) : [];
  const found = [...new Set(named.length > 0 ? named : generic ? lists : shopping)];
  if (found.length === 0) return null;
  const add = (list: { id: string; name: string }): Outcome => ({
    kind: "calls",
    calls: [{ tool: "add_todo_item", args: { entity_id: list.id, item } }],
    say: ([o]) => spoken(o!, () => `Added ${item} to ${list.name}.`),
  });
  if (found.length === 1) return { intent: "add_todo_item", outcome: add(found[0]!) };
  return { intent: "add_todo_item", outcome: ask(found.map(entityChoice), "list", (chosen) => (chosen[0]?.entity ? add(chosen[0].entity) : { kind: "none", why: "no list chosen" })) };
}

/** The free-text request the utterance is, if any. */
export async function matchFreeText(utterance: string, catalog: Catalog, vocab: Vocabulary, available: (tool: string) => boolean): Promise<FreeMatch | null> {
  const text = plainText(utterance);
  const found = webSearch(text) ?? remember(text) ?? (await addItem(text, catalog, vocab));
  return found && found.outcome.kind === "calls" && !found.outcome.calls.every((c) => available(c.tool)) ? null : found;
}
