// Utterance templates: "(turn|switch) on [the] {device}" compiles to an anchored regular expression with a
// named group per slot. Words are matched on normalised text (lower case, no punctuation, single spaces).
const LEADING_FILLER = /^(?:(?:hey|ok|okay)\s+)?(?:jarvis[\s,]+)?(?:(?:please|can you|could you|would you|will you)\s+)?/;
const TRAILING_FILLER = /\s+(?:please|now|for me|thanks|thank you)$/;

export function normalise(utterance: string): string {
  return utterance
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/[^\p{L}\p{N}.\s-]+/gu, " ")
    .replace(/(?<!\d)\.|\.(?!\d)/g, " ") // keep decimals such as 21.5, drop sentence dots
    .replace(/\s+/g, " ")
    .trim()
    .replace(LEADING_FILLER, "")
    .replace(TRAILING_FILLER, "")
    .trim();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Compiles one template; slots become named groups of one or more words. Every element consumes its words
 * plus one space, so the pattern is matched against `normalise(text) + " "` (see matchTemplate).
 */
export function compileTemplate(template: string): RegExp {
  const tokens = template.match(/\[[^\]]+\]|\([^)]+\)|\{[a-z_]+\}|[^\s[\](){}]+/g) ?? [];
  const alternatives = (t: string) => `(?:${t.slice(1, -1).split("|").map((w) => escape(w.trim())).join("|")})`;
  const source = tokens
    .map((token) => {
      if (token.startsWith("[")) return `(?:${alternatives(token)} )?`;
      if (token.startsWith("(")) return `${alternatives(token)} `;
      if (token.startsWith("{")) return `(?<${token.slice(1, -1)}>.+?) `;
      return `${escape(token)} `;
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/** The slots of a normalised utterance under a compiled template, or null. */
export function matchTemplate(pattern: RegExp, normalised: string): Record<string, string> | null {
  const m = pattern.exec(`${normalised} `);
  return m ? { ...m.groups } : null;
}
