// Numbers said in words become digits: "twenty two" -> 22, "one hundred and five" -> 105, "one oh five" ->
// 105 (guest ids are read digit by digit), "twenty one point five" -> 21.5. A lone "one" stays a word unless
// a number belongs there ("the ceiling one", "which one" are not numbers; "vm one", "pve one" are).

const UNITS: Record<string, number> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000 };

const isNumberWord = (w: string) => w in UNITS || w in TENS || w in SCALES;
/** Words after which a lone "one" is a number. */
const NUMBER_CONTEXT = new Set(["vm", "container", "ct", "lxc", "guest", "node", "pve", "to", "at", "number", "id", "level", "speed", "position", "volume", "by"]);
const UNIT_WORDS = new Set(["percent", "degrees", "degree", "minute", "minutes", "hour", "hours", "second", "seconds", "day", "days", "week", "weeks"]);

/** The value of a run of number words, or null when it is not one number. */
function valueOf(run: string[]): number | null {
  // Digit by digit: "one oh five", "one zero eight".
  if (run.length >= 2 && run.every((w) => w in UNITS && UNITS[w]! < 10)) return Number(run.map((w) => UNITS[w]).join(""));
  let total = 0;
  let current = 0;
  let last: "unit" | "ten" | "scale" | null = null;
  for (const w of run) {
    if (w === "oh") return null;
    if (w in UNITS) {
      if (last === "unit" || (last === "ten" && UNITS[w]! >= 10)) return null;
      current += UNITS[w]!;
      last = "unit";
    } else if (w in TENS) {
      if (last === "unit" || last === "ten") return null;
      current += TENS[w]!;
      last = "ten";
    } else {
      const scale = SCALES[w]!;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      last = "scale";
    }
  }
  return total + current;
}

/** Replaces number words in a token list with digits. */
export function numbersToDigits(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const w = tokens[i]!;
    const startsRun = isNumberWord(w) || (w === "a" && tokens[i + 1] !== undefined && tokens[i + 1]! in SCALES);
    if (!startsRun) {
      out.push(w);
      i++;
      continue;
    }
    const run: string[] = [];
    let j = i;
    if (w === "a") j++; // "a hundred"
    while (j < tokens.length && (isNumberWord(tokens[j]!) || (tokens[j] === "and" && tokens[j - 1]! in SCALES && isNumberWord(tokens[j + 1] ?? "")))) {
      if (tokens[j] !== "and") run.push(tokens[j]!);
      j++;
    }
    // "oh" alone is an exclamation, and "one" alone usually a pronoun.
    const lone = run.length === 1 && (run[0] === "oh" || (run[0] === "one" && !NUMBER_CONTEXT.has(out.at(-1) ?? "") && !UNIT_WORDS.has(tokens[j] ?? "")));
    let value = lone ? null : valueOf(run);
    if (value !== null && tokens[j] === "point" && tokens[j + 1] !== undefined && tokens[j + 1]! in UNITS) {
      value = Number(`${value}.${UNITS[tokens[j + 1]!]}`);
      j += 2;
    }
    if (value === null) {
      out.push(...tokens.slice(i, j));
    } else out.push(String(value));
    i = j;
  }
  return out;
}
