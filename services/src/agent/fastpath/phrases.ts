// The fast path's templates spelled out as plain phrases, for offline speech recognition: "[the]" and
// "(a|b)" are expanded, name slots become {name}, and templates with a number slot are left out (a grammar
// of every number would drown the commands).
import { NAME_SLOT } from "../../speech/stt/grammar.js";
import { INTENTS, type Intent } from "./intents.js";

const NAME_KINDS = new Set(["entity", "guest", "node"]);
const MAX_PER_TEMPLATE = 64;

function expand(template: string, intent: Intent): string[] {
  let phrases: string[] = [""];
  for (const token of template.match(/\[[^\]]+\]|\([^)]+\)|\{[a-z_]+\}|[^\s[\](){}]+/g) ?? []) {
    let options: string[];
    if (token.startsWith("[")) options = ["", ...token.slice(1, -1).split("|")];
    else if (token.startsWith("(")) options = token.slice(1, -1).split("|");
    else if (token.startsWith("{")) {
      const spec = intent.slots?.[token.slice(1, -1)];
      if (!spec || !NAME_KINDS.has(spec.kind)) return [];
      options = [NAME_SLOT];
    } else options = [token];
    phrases = phrases.flatMap((p) => options.map((o) => `${p} ${o}`)).slice(0, MAX_PER_TEMPLATE);
  }
  return phrases.map((p) => p.replace(/\s+/g, " ").trim()).filter((p) => p && !/[^a-z0-9' {}-]/.test(p));
}

export function commandPhrases(intents: readonly Intent[] = INTENTS): string[] {
  return [...new Set(intents.flatMap((i) => i.templates.flatMap((t) => expand(t, i))))];
}
