// A card's options declared once: the same list validates setConfig (with a readable error) and draws the
// visual editor, so the two cannot drift.

export type FieldSpec = { name: string; label: string; help?: string } & (
  | { type: "string"; maxLength?: number }
  | { type: "number"; min: number; max: number }
  | { type: "boolean" }
  | { type: "select"; options: readonly string[] }
  | { type: "multi"; options: readonly string[] }
);

export interface CardSchema {
  /** The custom element name, as in `type: custom:<card>`. */
  card: string;
  fields: readonly FieldSpec[];
}

/** Keys HA's dashboards add to any card. */
const HA_KEYS = new Set(["type", "grid_options", "layout_options", "view_layout", "visibility"]);

function problem(field: FieldSpec, value: unknown): string | undefined {
  switch (field.type) {
    case "string":
      if (typeof value !== "string") return "must be text";
      return field.maxLength !== undefined && value.length > field.maxLength ? `must be at most ${field.maxLength} characters` : undefined;
    case "number":
      return typeof value === "number" && value >= field.min && value <= field.max
        ? undefined
        : `must be a number from ${field.min} to ${field.max}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be true or false";
    case "select":
      return field.options.includes(value as string) ? undefined : `must be one of: ${field.options.join(", ")}`;
    case "multi":
      return Array.isArray(value) && value.length > 0 && value.every((v) => field.options.includes(v as string))
        ? undefined
        : `must be a non-empty list of: ${field.options.join(", ")}`;
  }
}

/** Returns the config when it is valid; throws one Error listing every problem otherwise. */
export function validateConfig<C>(schema: CardSchema, config: unknown): C {
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    throw new Error(`${schema.card}: the card configuration must be a mapping of options`);
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (HA_KEYS.has(key)) continue;
    const field = schema.fields.find((f) => f.name === key);
    if (!field) {
      problems.push(`unknown option "${key}" (known: ${schema.fields.map((f) => f.name).join(", ")})`);
      continue;
    }
    const why = problem(field, value);
    if (why) problems.push(`"${key}" ${why}`);
  }
  if (problems.length) throw new Error(`${schema.card}: ${problems.join("; ")}`);
  return config as C;
}
