// The approval keyword and override key. They count only as the person's answer to what Jarvis just asked:
// the whole message is the word (spelled with any case, spaces, hyphens or underscores between its letters, so
// speech works), with at most a few words of assent ("yes", "ok", "please", "go ahead", "do it", "confirm")
// and . , ! around it. A question, a negation, a quote, a URL, a longer sentence or the word inside another
// word approves nothing. Everywhere else (text for a model, a log, a loudspeaker) every spelling of both is cut
// out, including look-alike letters and invisible characters between them, so the words never travel back.

/** What a message carries as the person's answer. */
export interface Answer {
  keyword: boolean;
  override: boolean;
}

const NO_ANSWER: Answer = { keyword: false, override: false };

/** Words of assent that may stand beside the approval words; anything else makes the message not an answer. */
const ASSENT: readonly (readonly string[])[] = [
  "yes", "yeah", "yep", "yup", "ok", "okay", "sure", "please", "confirm", "confirmed", "approve", "approved",
  "proceed", "go", "now", "alright", "thanks", "jarvis",
].map((w) => [w]).concat([["go", "ahead"], ["do", "it"], ["thank", "you"], ["all", "right"]]);
const MAX_ASSENT_WORDS = 6;
const MAX_ANSWER_CHARS = 200;

/** Separators inside a spoken or typed approval word: spaces, dashes of every kind, underscores. */
const SEPARATOR = "[\\s\\p{Pd}_]*";
/** What may remain of an answer once its approval words are taken out. */
const ANSWER_REST = /^[\p{L}\p{N}\s\p{Pd}_.,!]*$/u;

/** The word's letters, lower case, without the separators people put between them. */
const fold = (text: string) => text.normalize("NFKC").toLowerCase().replace(/[\s\p{Pd}_]+/gu, "");

/** Look-alike letters a speech engine may read as Latin ones (Cyrillic and Greek capitals and small letters). */
const LOOKALIKE: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ["a", "АаΑα"], ["b", "ВвΒβЬ"], ["c", "СсϹϲ"], ["d", "ԁ"], ["e", "ЕеЁёΕε"], ["g", "ɡ"], ["h", "НһΗ"], ["i", "ІіΙιӀ"],
    ["j", "Јј"], ["k", "КкΚκ"], ["m", "МмΜ"], ["n", "ΝηП"], ["o", "ОоΟοσς"], ["p", "РрΡρ"], ["q", "ԛ"], ["s", "Ѕѕ"],
    ["t", "ТтΤτ"], ["u", "υ"], ["v", "ν"], ["w", "ԝ"], ["x", "ХхΧχ"], ["y", "УуΥγ"], ["z", "Ζ"],
  ].flatMap(([latin, alikes]) => [...alikes!].map((c) => [c, latin!])),
);

/** Between two letters of a word being redacted: up to three characters that are not letters or digits. */
const GAP = "[^a-z0-9]{0,3}";

/**
 * Text folded for redaction (NFKD, accents and invisible characters dropped, look-alikes mapped, lower case),
 * with where each folded character came from, so a match maps back onto the original text.
 */
interface Folded {
  text: string;
  /** Original start and end (UTF-16 offsets) of the code point each folded character came from. */
  from: number[];
  to: number[];
}

const ASCII = /^[\x00-\x7f]*$/;

function foldForRedaction(text: string): Folded {
  if (ASCII.test(text)) {
    const lower = text.toLowerCase();
    return { text: lower, from: [], to: [] };
  }
  const out: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of text) {
    const start = i;
    i += ch.length;
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out.push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch);
      from.push(start);
      to.push(i);
      continue;
    }
    const mapped = LOOKALIKE[ch] ?? ch.normalize("NFKD").replace(/[\p{M}\p{Cf}]/gu, "").toLowerCase();
    for (const c0 of mapped) {
      const c = LOOKALIKE[c0] ?? c0;
      out.push(c);
      from.push(start);
      to.push(i);
    }
  }
  return { text: out.join(""), from, to };
}

const LOOKALIKES = new RegExp(`[${Object.keys(LOOKALIKE).join("")}]`, "gu");
/** The folded text alone, by whole-string operations: fast, and finds at least every match foldForRedaction does. */
const roughFold = (text: string) =>
  text
    .replace(LOOKALIKES, (c) => LOOKALIKE[c]!)
    .normalize("NFKD")
    .replace(/[\p{M}\p{Cf}]/gu, "")
    .toLowerCase()
    .replace(LOOKALIKES, (c) => LOOKALIKE[c]!);

/** One approval word as the patterns that find it. */
class Word {
  /** Whole message check: the word standing alone (not inside another word). */
  readonly alone: RegExp;
  /** Anywhere in folded text, for redaction (global: used with matchAll only). */
  readonly anywhere: RegExp;
  /** The same, to ask whether there is one. */
  readonly probe: RegExp;
  /** The start of the word running to the very end of folded text, tried at one position (sticky). */
  readonly started: RegExp;

  /** How many letters and digits the word has. */
  readonly letters: number;

  constructor(word: string) {
    const letters = [...fold(word)];
    const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    this.alone = new RegExp(`(?<![\\p{L}\\p{N}])${letters.map(escape).join(SEPARATOR)}(?![\\p{L}\\p{N}])`, "gu");
    // Redaction matches the word's letters and digits only: its punctuation may be spelled any way.
    const core = [...fold(word).normalize("NFKD").replace(/[^\p{L}\p{N}]/gu, "")].map((c) => LOOKALIKE[c] ?? c);
    this.letters = core.length;
    this.anywhere = new RegExp(core.map(escape).join(GAP), "g");
    this.probe = new RegExp(this.anywhere.source);
    // j(?:GAP(?:a(?:GAP(?:r...)?)?)?)?$ : any proper start of the word, ending the text.
    let nested = "";
    for (let k = core.length - 1; k >= 1; k--) nested = `(?:${GAP}(?:${escape(core[k]!)}${nested})?)?`;
    this.started = new RegExp(`${escape(core[0] ?? "")}${nested}$`, "y");
  }
}

export class ApprovalWords {
  private readonly keyword: Word;
  private readonly override: Word | null;
  private readonly words: Word[];

  constructor(keyword: string, overrideKey: string | undefined) {
    if (!/[\p{L}\p{N}]/u.test(keyword)) throw new Error("the approval keyword needs at least one letter or digit");
    this.keyword = new Word(keyword);
    this.override = overrideKey && /[\p{L}\p{N}]/u.test(overrideKey) ? new Word(overrideKey) : null;
    this.words = this.override ? [this.keyword, this.override] : [this.keyword];
  }

  /**
   * What the message approves as the person's answer: the approval words with nothing around them but a few
   * words of assent and . , ! (see the top of this file). Anything else answers nothing.
   */
  answer(message: string | null | undefined): Answer {
    if (!message) return NO_ANSWER;
    let rest = message.normalize("NFKC").toLowerCase().trim();
    if (rest.length === 0 || rest.length > MAX_ANSWER_CHARS) return NO_ANSWER;
    const take = (word: Word | null) => {
      if (!word) return false;
      const before = rest;
      rest = rest.replace(word.alone, " ");
      return rest !== before;
    };
    // The longer word first: an override key may contain the keyword.
    const [first, second] = (this.override?.alone.source.length ?? 0) > this.keyword.alone.source.length ? [this.override, this.keyword] : [this.keyword, this.override];
    const found = new Map([[first, take(first)], [second, take(second)]]);
    const answer = { keyword: found.get(this.keyword) === true, override: this.override !== null && found.get(this.override) === true };
    if (!answer.keyword && !answer.override) return NO_ANSWER;
    if (!ANSWER_REST.test(rest)) return NO_ANSWER;
    const tokens = rest.split(/[\s\p{Pd}_.,!]+/u).filter(Boolean);
    if (tokens.length > MAX_ASSENT_WORDS) return NO_ANSWER;
    for (let i = 0; i < tokens.length; ) {
      const phrase = ASSENT.filter((p) => p.every((w, k) => tokens[i + k] === w)).sort((a, b) => b.length - a.length)[0];
      if (!phrase) return NO_ANSWER;
      i += phrase.length;
    }
    return answer;
  }

  /** The message is the person's answer with the approval keyword. */
  hasKeyword(message: string | null | undefined): boolean {
    return this.answer(message).keyword;
  }

  /** The message is the person's answer with the override key (alone, it is also how the key is typed in the card). */
  hasOverride(message: string | null | undefined): boolean {
    return this.answer(message).override;
  }

  get overrideConfigured(): boolean {
    return this.override !== null;
  }

  /** The text with every spelling of the keyword and override key replaced. */
  redact(text: string): string {
    // Most text has no approval word: a quick look first, the exact mapping back only when there is one.
    if (!ASCII.test(text)) {
      const rough = roughFold(text);
      if (!this.words.some((w) => w.probe.test(rough))) return text;
    }
    const folded = foldForRedaction(text);
    const spans = this.spans(folded);
    if (spans.length === 0) return text;
    let out = "";
    let at = 0;
    for (const [start, end] of spans) {
      out += `${text.slice(at, start)}[approval]`;
      at = end;
    }
    return out + text.slice(at);
  }

  /** Redacts a reply that arrives in pieces, holding back only an end that may be the start of a word. */
  stream(): StreamRedactor {
    return new StreamRedactor(this);
  }

  /** Original-text spans of every match, left to right, not overlapping. */
  private spans(folded: Folded): [number, number][] {
    const found: [number, number][] = [];
    for (const word of this.words) {
      for (const m of folded.text.matchAll(word.anywhere)) found.push(original(folded, m.index, m.index + m[0].length));
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged: [number, number][] = [];
    for (const span of found) {
      const last = merged.at(-1);
      if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push([...span]);
    }
    return merged;
  }

  /** Where in `text` (an original offset) an end that may begin an approval word starts; text.length if none. */
  heldFrom(text: string): number {
    const folded = foldForRedaction(text);
    // Only after the last whole match: what that covers is redacted already.
    const done = this.spans(folded).at(-1)?.[1] ?? 0;
    // A word is at most four folded characters per letter long: only that much of the end can start one.
    const longest = Math.max(...this.words.map((w) => w.letters * 4));
    for (let i = Math.max(0, folded.text.length - longest); i < folded.text.length; i++) {
      const start = original(folded, i, i + 1)[0];
      if (start < done) continue;
      if (this.words.some((w) => ((w.started.lastIndex = i), w.started.test(folded.text)))) return start;
    }
    return text.length;
  }
}

function original(folded: Folded, start: number, end: number): [number, number] {
  if (folded.from.length === 0) return [start, end];
  return [folded.from[start]!, folded.to[end - 1]!];
}

/** Redacts streamed text: push pieces in, get out what is safe to show and say now; end() gives the rest. */
export class StreamRedactor {
  private held = "";

  constructor(private readonly words: ApprovalWords) {}

  push(piece: string): string {
    const text = this.held + piece;
    const cut = this.words.heldFrom(text);
    this.held = text.slice(cut);
    return this.words.redact(text.slice(0, cut));
  }

  /** The rest, redacted (a word started at the end that never finished is said as it was). */
  end(): string {
    const rest = this.words.redact(this.held);
    this.held = "";
    return rest;
  }
}
