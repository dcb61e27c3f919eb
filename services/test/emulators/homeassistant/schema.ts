// Field checks for command messages, refusing what HA's voluptuous schemas refuse, with its wording.
import { HaError } from "./errors.js";

type Msg = Record<string, unknown>;

const malformed = (detail: string) => new HaError("invalid_format", `Message incorrectly formatted: ${detail}`);

export const isDict = (v: unknown): v is Msg => typeof v === "object" && v !== null && !Array.isArray(v);

export function requiredStr(msg: Msg, key: string): string {
  const v = msg[key];
  if (v === undefined) throw malformed(`required key not provided @ data['${key}']. Got None`);
  if (typeof v !== "string") throw malformed(`expected str for dictionary value @ data['${key}']. Got ${JSON.stringify(v)}`);
  return v;
}

export function optionalStr(msg: Msg, key: string): string | undefined {
  return msg[key] === undefined ? undefined : requiredStr(msg, key);
}

export function optionalDict(msg: Msg, key: string): Msg | undefined {
  const v = msg[key];
  if (v === undefined) return undefined;
  if (!isDict(v)) throw malformed(`expected dict for dictionary value @ data['${key}']. Got ${JSON.stringify(v)}`);
  return v;
}

export function optionalBool(msg: Msg, key: string): boolean | undefined {
  const v = msg[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw malformed(`expected bool for dictionary value @ data['${key}']. Got ${JSON.stringify(v)}`);
  return v;
}

export function positiveInt(msg: Msg, key: string): number {
  const v = msg[key];
  if (v === undefined) throw malformed(`required key not provided @ data['${key}']. Got None`);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw malformed(`expected a positive integer for dictionary value @ data['${key}']. Got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A string or list of strings, as cv.ensure_list accepts for target fields. */
export function stringList(value: unknown, key: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((x) => typeof x === "string")) throw malformed(`expected str for dictionary value @ data['${key}']`);
  return list as string[];
}
