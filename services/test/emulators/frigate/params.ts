// Frigate's API is FastAPI + pydantic v2: a parameter that does not parse as its declared type is refused
// with 422 and {"detail": [{type, loc, msg, input, ctx?}]} before the handler runs. This reproduces that
// for the parameter types our routes declare.
export type ParamType = "int" | "float" | "bool" | "str" | { enum: readonly string[] };

export interface ValidationIssue {
  type: string;
  loc: [string, string];
  msg: string;
  input: string;
  ctx?: Record<string, string>;
}

export type Parsed = string | number | boolean;

const TRUE = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE = new Set(["0", "off", "f", "false", "n", "no"]);

function parseOne(type: ParamType, raw: string): Parsed | Omit<ValidationIssue, "loc" | "input"> {
  const v = raw.trim();
  if (type === "str") return raw;
  if (type === "int") {
    if (/^[+-]?\d+(\.0*)?$/.test(v)) return Number.parseInt(v, 10);
    return { type: "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer" };
  }
  if (type === "float") {
    if (v !== "" && Number.isFinite(Number(v))) return Number(v);
    return { type: "float_parsing", msg: "Input should be a valid number, unable to parse string as a number" };
  }
  if (type === "bool") {
    if (TRUE.has(v.toLowerCase())) return true;
    if (FALSE.has(v.toLowerCase())) return false;
    return { type: "bool_parsing", msg: "Input should be a valid boolean, unable to interpret input" };
  }
  if (type.enum.includes(raw)) return raw;
  const quoted = type.enum.map((e) => `'${e}'`);
  const expected = `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return { type: "enum", msg: `Input should be ${expected}`, ctx: { expected } };
}

/** Parses the declared parameters present in `raw`; issues are collected the way FastAPI reports them. */
export function parseParams(
  where: "query" | "path",
  declared: Readonly<Record<string, ParamType>>,
  raw: (name: string) => string | undefined,
): { values: Record<string, Parsed>; issues: ValidationIssue[] } {
  const values: Record<string, Parsed> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, type] of Object.entries(declared)) {
    const input = raw(name);
    if (input === undefined) continue;
    const parsed = parseOne(type, input);
    if (typeof parsed === "object") {
      const { type: kind, msg, ctx } = parsed;
      issues.push({ type: kind, loc: [where, name], msg, input, ...(ctx ? { ctx } : {}) });
    }
    else values[name] = parsed;
  }
  return { values, issues };
}
