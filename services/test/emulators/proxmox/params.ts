// Parameter declarations and verification the way Proxmox's JSON-schema layer does it: path and query/body
// parameters are checked together; anything undeclared, missing, mistyped or out of range is refused with
// Proxmox's per-parameter messages (HTTP 400 "Parameter verification failed.").
export type ParamType = "string" | "integer" | "boolean" | "number";

/** Formats Proxmox registers by name; each has its own check and message below. */
export type ParamFormat =
  | "pve-node"
  | "pve-vmid"
  | "pve-configid"
  | "pve-storage-id"
  | "pve-storage-content"
  | "pve-storage-content-list"
  | "prune-backups";

export interface ParamSpec {
  type: ParamType;
  optional?: true;
  format?: ParamFormat;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type ParamValue = string | number | boolean;
export type ParamValues = Record<string, ParamValue>;

// The standard options Proxmox reuses across its API.
export const NODE: ParamSpec = { type: "string", format: "pve-node" };
export const VMID: ParamSpec = { type: "integer", format: "pve-vmid", minimum: 100, maximum: 999999999 };
export const SNAPNAME: ParamSpec = { type: "string", format: "pve-configid", maxLength: 40 };
export const STORAGE: ParamSpec = { type: "string", format: "pve-storage-id" };
export const TIMEOUT: ParamSpec = { type: "integer", minimum: 0, optional: true };
export const FLAG: ParamSpec = { type: "boolean", optional: true };
export const TEXT: ParamSpec = { type: "string", optional: true };

const CONTENT_TYPES = new Set(["images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import"]);
const contentType = (v: string) => (CONTENT_TYPES.has(v) ? undefined : `invalid content type '${v}'\n`);

// Each returns an error text (ending in a newline, as Proxmox's die messages do) or undefined.
const FORMATS: Record<ParamFormat, (v: string) => string | undefined> = {
  "pve-node": (v) =>
    /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(v) ? undefined : "value does not look like a valid node name\n",
  "pve-vmid": (v) => (/^[1-9][0-9]{2,8}$/.test(v) ? undefined : "value does not look like a valid VM ID\n"),
  "pve-configid": (v) => (/^[a-z][a-z0-9_-]+$/i.test(v) ? undefined : `invalid configuration ID '${v}'\n`),
  "pve-storage-id": (v) =>
    /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v) ? undefined : `storage ID '${v}' contains illegal characters\n`,
  "pve-storage-content": contentType,
  "pve-storage-content-list": (v) => v.split(",").map(contentType).find((e) => e !== undefined),
  "prune-backups": (v) =>
    v.split(",").every((kv) => /^keep-(all=[01]|(last|hourly|daily|weekly|monthly|yearly)=\d+)$/.test(kv)) ? undefined : `value '${v}' is not a prune-backups property string\n`,
};

function coerce(type: ParamType, raw: string): ParamValue | undefined {
  switch (type) {
    case "string":
      return raw;
    case "integer":
      return /^[+-]?\d+$/.test(raw) ? Number(raw) : undefined;
    case "number":
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : undefined;
    case "boolean":
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      return undefined;
  }
}

function checkOne(spec: ParamSpec, raw: string): { value?: ParamValue; error?: string } {
  const value = coerce(spec.type, raw);
  if (value === undefined) return { error: `type check ('${spec.type}') failed - got '${raw}'` };
  if (spec.maxLength !== undefined && raw.length > spec.maxLength) {
    return { error: `value may only be ${spec.maxLength} characters long` };
  }
  if (typeof value === "number") {
    if (spec.minimum !== undefined && value < spec.minimum) return { error: `value must have a minimum value of ${spec.minimum}` };
    if (spec.maximum !== undefined && value > spec.maximum) return { error: `value must have a maximum value of ${spec.maximum}` };
  }
  if (spec.enum && !spec.enum.includes(raw)) {
    return { error: `value '${raw}' does not have a value in the enumeration '${spec.enum.join(", ")}'` };
  }
  if (spec.pattern && !new RegExp(`^${spec.pattern}$`).test(raw)) return { error: "value does not match the regex pattern" };
  const formatError = spec.format && FORMATS[spec.format](raw);
  if (formatError) return { error: `invalid format - ${formatError}` };
  return { value };
}

/** Checks raw string parameters against their declarations; errors are keyed by parameter name. */
export function verifyParams(
  specs: ParamSpecs,
  raw: Record<string, string>,
): { values: ParamValues; errors: Record<string, string> } {
  const values: ParamValues = {};
  const errors: Record<string, string> = {};
  for (const name of Object.keys(raw)) {
    if (!(name in specs)) errors[name] = "property is not defined in schema and the schema does not allow additional properties";
  }
  for (const [name, spec] of Object.entries(specs)) {
    const given = raw[name];
    if (given === undefined) {
      if (!spec.optional) errors[name] = "property is missing and it is not optional";
      continue;
    }
    const { value, error } = checkOne(spec, given);
    if (error !== undefined) errors[name] = error;
    else values[name] = value!;
  }
  return { values, errors };
}
