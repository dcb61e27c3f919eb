// The Supervisor checks a discovery body with voluptuous (Schema({Required("service"): str, Required("config"):
// dict}), extra keys refused) and answers the first problem in humanize_error's words.
export function discoveryBodyError(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return `expected a dictionary. Got ${pyRepr(body)}`;
  }
  const data = body as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (key !== "service" && key !== "config") return `extra keys not allowed @ data['${key}']. Got ${pyRepr(data[key])}`;
  }
  if (!("service" in data)) return "required key not provided @ data['service']. Got None";
  if (!("config" in data)) return "required key not provided @ data['config']. Got None";
  if (typeof data.service !== "string") return `expected str for dictionary value @ data['service']. Got ${pyRepr(data.service)}`;
  const config = data.config;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return `expected a dictionary for dictionary value @ data['config']. Got ${pyRepr(config)}`;
  }
  return null;
}

/** Python's repr of a JSON value, as voluptuous quotes it. */
function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `'${k}': ${pyRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}
