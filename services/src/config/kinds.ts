// Value kinds for settings. Each kind knows how to read itself from an env string (options.json already
// carries typed JSON) and says in plain words what it expects, so a bad value fails with one clear line.
import { z } from "zod";

export interface Kind<T> {
  schema: z.ZodType<T>;
  /** What a person must write, for the error line. */
  expected: string;
  /** Turns an env var's text into the JSON-ish value the schema checks. */
  fromEnv: (text: string) => unknown;
}

const asIs = (text: string): unknown => text;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return Symbol("invalid JSON"); // fails any schema, and the error line shows the raw text
  }
}

const numberFromText = (text: string): unknown => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text);

export const text = (): Kind<string> => ({
  schema: z.string().trim().min(1),
  expected: "a non-empty string",
  fromEnv: asIs,
});

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T): Kind<T[number]> => ({
  schema: z.enum(values),
  expected: `one of ${values.join(", ")}`,
  fromEnv: (t) => t.trim(),
});

export const int = (min: number, max: number): Kind<number> => ({
  schema: z.int().min(min).max(max),
  expected: `a whole number from ${min} to ${max}`,
  fromEnv: numberFromText,
});

export const num = (min: number, max: number): Kind<number> => ({
  schema: z.number().min(min).max(max),
  expected: `a number from ${min} to ${max}`,
  fromEnv: numberFromText,
});

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

export const bool = (): Kind<boolean> => ({
  schema: z.boolean(),
  expected: "true or false",
  fromEnv: (t) => {
    const v = t.trim().toLowerCase();
    return TRUE.has(v) ? true : FALSE.has(v) ? false : t;
  },
});

export const url = (protocols: readonly string[]): Kind<string> => ({
  schema: z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol.replace(/:$/, ""));
      } catch {
        return false;
      }
    })
    .transform((v) => v.replace(/\/+$/, "")),
  expected: `a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`,
  fromEnv: asIs,
});

/** A JSON value (array or object) described by a schema; from env it is JSON text. */
export const json = <T>(schema: z.ZodType<T>, expected: string): Kind<T> => ({
  schema,
  expected,
  fromEnv: parseJson,
});

/** A list of strings: JSON array, or comma-separated text in env. */
export const textList = (item: z.ZodType<string>, expected: string): Kind<string[]> => ({
  schema: z.array(item),
  expected,
  fromEnv: (t) =>
    t.trim().startsWith("[")
      ? parseJson(t)
      : t
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
});

/** A list of whole numbers: JSON array, or comma-separated text in env. */
export const intList = (min: number, max: number): Kind<number[]> => ({
  schema: z.array(z.int().min(min).max(max)),
  expected: `a list of whole numbers from ${min} to ${max}`,
  fromEnv: (t) =>
    t.trim().startsWith("[")
      ? parseJson(t)
      : t
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
          .map(numberFromText),
});
