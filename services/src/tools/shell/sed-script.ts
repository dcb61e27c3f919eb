// Proves a GNU sed script harmless: only commands that print or edit the pattern space. Refused: e (runs a
// command), w/W (write a file), r/R (read one: a device or fifo is not harmless to open), s///e and s///w, and
// anything not understood (a, i, c text, which GNU sed reads differently from other seds). When in doubt this
// reader splits more eagerly than sed does (a label ends at ; or a space), so it can only see too many
// commands, never too few.

const SIMPLE = new Set("pPdDnNgGhHxlzF=".split(""));
const S_FLAGS = /^[gpiImM0-9]*$/;

export function sedScriptProblem(script: string): string | null {
  let i = 0;
  const n = script.length;
  const skipSpace = () => {
    while (i < n && /[\s;]/.test(script[i]!)) i++;
  };
  /** Reads text delimited by `delim` starting at i (just past an opening delimiter), honouring backslashes. */
  const delimited = (delim: string): boolean => {
    for (; i < n; i++) {
      if (script[i] === "\\") {
        i++;
        continue;
      }
      if (script[i] === "\n" && delim !== "\n") return false;
      if (script[i] === delim) {
        i++;
        return true;
      }
    }
    return false;
  };
  const address = (): string | null => {
    const c = script[i];
    if (c === undefined) return null;
    if (/[0-9]/.test(c)) {
      while (i < n && /[0-9~]/.test(script[i]!)) i++;
    } else if (c === "$") i++;
    else if (c === "/" || c === "\\") {
      const delim = c === "\\" ? script[++i] : "/";
      if (delim === undefined || delim === "\n" || delim === "\\") return "an address with a bad delimiter";
      i++;
      if (!delimited(delim)) return "an unterminated address";
      while (i < n && /[IM]/.test(script[i]!)) i++;
    }
    return null;
  };
  while (i < n) {
    skipSpace();
    if (i >= n) break;
    if (script[i] === "#") {
      while (i < n && script[i] !== "\n") i++;
      continue;
    }
    const a1 = address();
    if (a1) return a1;
    if (script[i] === ",") {
      i++;
      if (script[i] === "+" || script[i] === "~") i++;
      const a2 = address();
      if (a2) return a2;
    }
    while (i < n && /[ \t!]/.test(script[i]!)) i++;
    const cmd = script[i++];
    if (cmd === undefined) return "an address without a command";
    if (cmd === "{" || cmd === "}") continue;
    if (SIMPLE.has(cmd)) continue;
    if (cmd === "q" || cmd === "Q" || cmd === "l" || cmd === "L") {
      while (i < n && /[ \t0-9]/.test(script[i]!)) i++;
      continue;
    }
    if (cmd === ":" || cmd === "b" || cmd === "t" || cmd === "T") {
      while (i < n && /[ \t]/.test(script[i]!)) i++;
      while (i < n && !/[\s;}]/.test(script[i]!)) i++;
      continue;
    }
    if (cmd === "s" || cmd === "y") {
      const delim = script[i++];
      if (delim === undefined || delim === "\n" || delim === "\\") return `a bad ${cmd} delimiter`;
      if (!delimited(delim) || !delimited(delim)) return `an unterminated ${cmd} command`;
      if (cmd === "y") continue;
      const start = i;
      while (i < n && !/[\s;}#]/.test(script[i]!)) i++;
      const flags = script.slice(start, i);
      if (!S_FLAGS.test(flags)) return `the s flags "${flags}" (e runs a command, w writes a file)`;
      continue;
    }
    if (cmd === "e") return "the e command runs a shell command";
    if (cmd === "w" || cmd === "W") return "the w command writes a file";
    if (cmd === "r" || cmd === "R") return "the r command reads a file";
    return `the sed command "${cmd}" is not on the allow-list`;
  }
  return null;
}
