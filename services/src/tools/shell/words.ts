// Reading one shell word from its source text, two ways:
// - literalWord: the exact string bash would pass, only when the word has no expansion of any kind (no $,
//   backticks, braces, tilde, ANSI-C or locale quoting, line continuation). Globs are reported, not decoded.
//   This is the only reading that can lead to GREEN.
// - guessWord: what the word may become at run time, for finding destructive commands: quotes removed,
//   $'...' decoded, variables replaced by the values the script assigns them, {a,b} expanded; whatever cannot be
//   known becomes UNKNOWN. It over-approximates on purpose (several candidates), never proves anything.

/** Stands for a part of a word whose value is only known at run time. */
export const UNKNOWN = "\u0000";
const MAX_CANDIDATES = 32;

export type Literal = { ok: true; value: string; glob: boolean } | { ok: false; reason: string };

// Characters that stay themselves outside quotes. Everything else (glob, brace, tilde, history, operators,
// whitespace) is refused or reported.
const PLAIN = /[A-Za-z0-9_\-./:=,+%@^#]/;

export function literalWord(raw: string): Literal {
  let value = "";
  let glob = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) return { ok: false, reason: "unbalanced quote" };
      value += raw.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < raw.length && raw[j] !== '"'; j++) {
        const d = raw[j]!;
        if (d === "$" || d === "`") return { ok: false, reason: "expansion inside double quotes" };
        if (d === "\\") {
          const next = raw[j + 1];
          if (next === undefined || next === "\n") return { ok: false, reason: "line continuation" };
          if ("$`\"\\".includes(next)) {
            value += next;
            j++;
            continue;
          }
        }
        value += d;
      }
      if (j >= raw.length) return { ok: false, reason: "unbalanced quote" };
      i = j;
    } else if (c === "\\") {
      const next = raw[i + 1];
      if (next === undefined || next === "\n") return { ok: false, reason: "line continuation" };
      value += next;
      i++;
    } else if (c === "*" || c === "?" || c === "[") {
      glob = true;
      value += c;
    } else if (c === "]") {
      value += c;
    } else if (c === "#" && i === 0) {
      return { ok: false, reason: "a word that starts a comment" };
    } else if (PLAIN.test(c) || c.charCodeAt(0) > 127) {
      value += c;
    } else if (c === "$") {
      return { ok: false, reason: raw[i + 1] === "'" ? "ANSI-C quoting ($'...')" : raw[i + 1] === '"' ? "locale quoting ($\"...\")" : "an expansion ($)" };
    } else if (c === "`") {
      return { ok: false, reason: "command substitution" };
    } else if (c === "{" || c === "}") {
      return { ok: false, reason: "a brace (brace expansion)" };
    } else if (c === "~") {
      return { ok: false, reason: "tilde expansion" };
    } else {
      return { ok: false, reason: `the character ${JSON.stringify(c)} outside quotes` };
    }
  }
  return { ok: true, value, glob };
}

/** Values a script gives its variables (assignments, for loops), for guessing what an expansion becomes. */
export type Variables = ReadonlyMap<string, readonly string[]>;

function product(parts: string[][]): string[] {
  let out = [""];
  for (const alternatives of parts) {
    const next: string[] = [];
    for (const prefix of out) for (const alt of alternatives) if (next.length < MAX_CANDIDATES) next.push(prefix + alt);
    out = next;
  }
  return out;
}

const ANSI_C: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** The contents of $'...' starting after the opening quote; returns the text and the index of the closing quote. */
function ansiC(raw: string, from: number): [string, number] {
  let out = "";
  let i = from;
  for (; i < raw.length && raw[i] !== "'"; i++) {
    if (raw[i] !== "\\") {
      out += raw[i];
      continue;
    }
    const c = raw[++i] ?? "";
    let m: RegExpMatchArray | null;
    if (ANSI_C[c] !== undefined) out += ANSI_C[c];
    else if ((m = raw.slice(i).match(/^x([0-9a-fA-F]{1,2})/))) (out += String.fromCharCode(parseInt(m[1]!, 16))), (i += m[0].length - 1);
    else if ((m = raw.slice(i).match(/^u([0-9a-fA-F]{1,4})/)) || (m = raw.slice(i).match(/^U([0-9a-fA-F]{1,8})/))) {
      out += String.fromCodePoint(Math.min(parseInt(m[1]!, 16), 0x10ffff));
      i += m[0].length - 1;
    } else if ((m = raw.slice(i).match(/^[0-7]{1,3}/))) (out += String.fromCharCode(parseInt(m[0], 8) & 0xff)), (i += m[0].length - 1);
    else if ((m = raw.slice(i).match(/^c(.)/))) (out += String.fromCharCode(m[1]!.charCodeAt(0) & 0x1f)), (i += 1);
    else out += `\\${c}`;
  }
  return [out, i];
}

/** Index just past the bracket that closes the one at `open` (for $( and ${), honouring quotes. */
function closing(raw: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\\") i++;
    else if (c === "'" && left !== "{") i = Math.max(i, raw.indexOf("'", i + 1));
    else if (c === left) depth++;
    else if (c === right && --depth === 0) return i + 1;
    if (i < 0) break;
  }
  return raw.length;
}

function parameter(inner: string, vars: Variables): string[] {
  const m = inner.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+?])(.*))?$/s);
  if (!m) return [UNKNOWN];
  const known = vars.get(m[1]!);
  if (m[2] === undefined) return known && known.length > 0 ? [...known] : [UNKNOWN];
  // ${x:-default}: either the value or the default.
  return [...(known ?? [UNKNOWN]), m[3]!];
}

/** Splits the inside of {...} at top-level commas; null when it is no brace expansion. */
function braceAlternatives(body: string): string[] | null {
  const range = body.match(/^(-?\d+)\.\.(-?\d+)$/);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    const out: string[] = [];
    for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? 1 : -1) if (out.length < MAX_CANDIDATES) out.push(String(n));
    return out;
  }
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body[i] === "{") depth++;
    else if (body[i] === "}") depth--;
    else if (body[i] === "," && depth === 0) (parts.push(body.slice(start, i)), (start = i + 1));
  }
  if (parts.length === 0) return null;
  parts.push(body.slice(start));
  return parts;
}

/** What a word may expand to at run time (at most 32 candidates); unknown parts are UNKNOWN. */
export function guessWord(raw: string, vars: Variables = new Map()): string[] {
  const parts: string[][] = [];
  const lit = (s: string) => parts.push([s]);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      lit(raw.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? raw.length : end;
    } else if (c === "$" && raw[i + 1] === "'") {
      const [text, end] = ansiC(raw, i + 2);
      lit(text);
      i = end;
    } else if (c === '"' || (c === "$" && raw[i + 1] === '"')) {
      const open = c === "$" ? i + 1 : i;
      let j = open + 1;
      let inner = "";
      for (; j < raw.length && raw[j] !== '"'; j++) {
        if (raw[j] === "\\" && "$`\"\\".includes(raw[j + 1] ?? "")) inner += raw[j] + raw[++j]!;
        else if (raw[j] === "$" && raw[j + 1] === "(") {
          const end = closing(raw, j + 1, "(", ")");
          inner += raw.slice(j, end);
          j = end - 1;
        } else inner += raw[j];
      }
      // Inside double quotes only $ and ` expand; reuse the unquoted reader on an escaped copy.
      const escaped = inner.replace(/\\(?![$`"\\])/g, "\\\\").replace(/([*?[{}~'\s|&;<>()])/g, "\\$1");
      parts.push(guessWord(escaped, vars));
      i = j;
    } else if (c === "\\") {
      lit(raw[i + 1] === "\n" ? "" : (raw[i + 1] ?? ""));
      i++;
    } else if (c === "$" && raw[i + 1] === "{") {
      const end = closing(raw, i + 1, "{", "}");
      parts.push(parameter(raw.slice(i + 2, end - 1), vars));
      i = end - 1;
    } else if (c === "$" && raw[i + 1] === "(") {
      i = closing(raw, i + 1, "(", ")") - 1;
      lit(UNKNOWN);
    } else if (c === "$" && /[A-Za-z_]/.test(raw[i + 1] ?? "")) {
      const name = raw.slice(i + 1).match(/^[A-Za-z_][A-Za-z0-9_]*/)![0];
      parts.push(parameter(name, vars));
      i += name.length;
    } else if (c === "$" && /[0-9@*#?$!-]/.test(raw[i + 1] ?? "")) {
      lit(UNKNOWN);
      i++;
    } else if (c === "`") {
      const end = raw.indexOf("`", i + 1);
      lit(UNKNOWN);
      i = end < 0 ? raw.length : end;
    } else if (c === "{") {
      const end = closing(raw, i, "{", "}");
      const alternatives = braceAlternatives(raw.slice(i + 1, end - 1));
      if (alternatives && end <= raw.length && raw[end - 1] === "}") {
        parts.push(alternatives.flatMap((alt) => guessWord(alt, vars)));
        i = end - 1;
      } else lit(c);
    } else lit(c);
  }
  return product(parts);
}
