// Reads a program's arguments the way GNU getopt_long does: short options clustered (-la), a short option's
// value attached (-n50) or in the next word (-n 50), long options with =value or the next word, no
// abbreviations of long options (an abbreviation is refused, not guessed), -- ends the options, and options
// may follow operands (permutation) unless the program stops at its first operand. Anything the allow-list
// does not name is refused: the caller then cannot prove the command read-only.

export interface Arg {
  value: string;
  /** Has an unquoted *, ? or [ that the shell would expand to file names. */
  glob: boolean;
}

export interface OptionSpec {
  /** Short options that take no value ("0123456789" for head -5). */
  flags?: string;
  /** Short options that take a value, attached or in the next word. */
  values?: string;
  /** Short options whose value can only be attached (-L, -Lalways). */
  optional?: string;
  long?: readonly string[];
  longValues?: readonly string[];
  /** Long options whose value can only follow "=". */
  longOptional?: readonly string[];
  /** Which values an option accepts, by "-x" or "--name". Without an entry any value not starting with - is taken. */
  accept?: Readonly<Record<string, (value: string) => boolean>>;
  /** Options end at the first operand (the program does not permute). */
  stopAtOperand?: boolean;
}

export interface Parsed {
  /** Option names as written without dashes ("n", "lines"), each with its value when it took one. */
  options: { name: string; value?: string }[];
  operands: Arg[];
}

export type ParseResult = { ok: true; parsed: Parsed } | { ok: false; reason: string };

const refuse = (reason: string): ParseResult => ({ ok: false, reason });

export function parseOptions(args: readonly Arg[], spec: OptionSpec): ParseResult {
  const options: Parsed["options"] = [];
  const operands: Arg[] = [];
  const takeValue = (key: string, value: Arg | undefined, separate: boolean): string | null => {
    if (!value) return null;
    if (value.glob) return null;
    const accept = spec.accept?.[key];
    if (accept) return accept(value.value) ? value.value : null;
    // A separate value that looks like an option is ambiguous (some programs would read it as one).
    return separate && value.value.startsWith("-") ? null : value.value;
  };
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const word = arg.value;
    if (ended || word === "-" || !word.startsWith("-") || arg.glob) {
      if (arg.glob && !ended && word.startsWith("-")) return refuse(`a pattern that may expand to an option (${word})`);
      operands.push(arg);
      if (spec.stopAtOperand) ended = true;
      continue;
    }
    if (word === "--") {
      ended = true;
      continue;
    }
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const name = word.slice(2, eq < 0 ? undefined : eq);
      const attached = eq < 0 ? undefined : word.slice(eq + 1);
      const key = `--${name}`;
      if (spec.long?.includes(name)) {
        if (attached !== undefined) return refuse(`${key} takes no value`);
        options.push({ name });
      } else if (spec.longOptional?.includes(name)) {
        if (attached !== undefined && spec.accept?.[key] && !spec.accept[key]!(attached)) return refuse(`${key}=${attached} is not allowed`);
        options.push({ name, ...(attached !== undefined ? { value: attached } : {}) });
      } else if (spec.longValues?.includes(name)) {
        const value = attached !== undefined ? takeValue(key, { value: attached, glob: false }, false) : takeValue(key, args[++i], true);
        if (value === null) return refuse(`${key} needs a value this check accepts`);
        options.push({ name, value });
      } else return refuse(`the option ${key} is not on the allow-list`);
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const c = word[j]!;
      const key = `-${c}`;
      if (spec.flags?.includes(c)) options.push({ name: c });
      else if (spec.optional?.includes(c)) {
        const rest = word.slice(j + 1);
        if (rest && spec.accept?.[key] && !spec.accept[key]!(rest)) return refuse(`${key}${rest} is not allowed`);
        options.push({ name: c, ...(rest ? { value: rest } : {}) });
        break;
      } else if (spec.values?.includes(c)) {
        const rest = word.slice(j + 1);
        const value = rest ? takeValue(key, { value: rest, glob: false }, false) : takeValue(key, args[++i], true);
        if (value === null) return refuse(`${key} needs a value this check accepts`);
        options.push({ name: c, value });
        break;
      } else return refuse(`the option ${key} is not on the allow-list`);
    }
  }
  return { ok: true, parsed: { options, operands } };
}

export const has = (parsed: Parsed, ...names: string[]) => parsed.options.some((o) => names.includes(o.name));
