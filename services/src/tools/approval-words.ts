// The approval keyword and override key as the person says or types them: "JARVIS-EXECUTE", "jarvis execute"
// and "Jarvis Execute!" all count. They approve only from the person's own message, and are cut out of any
// text before it reaches the model or a log.
const fold = (text: string) => text.toLowerCase().replace(/[\s\-_]+/g, "");

export class ApprovalWords {
  private readonly keyword: string;
  private readonly override: string | null;
  private readonly patterns: RegExp[];

  constructor(keyword: string, overrideKey: string | undefined) {
    this.keyword = fold(keyword);
    this.override = overrideKey && fold(overrideKey).length > 0 ? fold(overrideKey) : null;
    this.patterns = [keyword, overrideKey]
      .filter((w): w is string => !!w && fold(w).length > 0)
      .map((w) => new RegExp(spaced(w), "gi"));
  }

  hasKeyword(message: string | null | undefined): boolean {
    return !!message && fold(message).includes(this.keyword);
  }

  hasOverride(message: string | null | undefined): boolean {
    return !!message && this.override !== null && fold(message).includes(this.override);
  }

  get overrideConfigured(): boolean {
    return this.override !== null;
  }

  /** The text with every spelling of the keyword and override key replaced. */
  redact(text: string): string {
    return this.patterns.reduce((t, p) => t.replace(p, "[approval]"), text);
  }
}

/** A pattern matching the word's letters in order with any spaces, hyphens or underscores between them. */
function spaced(word: string): string {
  return [...fold(word)].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\-_]*");
}
