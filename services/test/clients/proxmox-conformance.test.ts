// Holds the emulator's route table against Proxmox VE's own API description (when this checkout has it):
// every route exists there with the same method, every parameter the emulator declares exists with the same
// type, requiredness and constraints, and none of the parameters Proxmox requires is missing.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROUTES } from "../emulators/proxmox/index.js";

const SCHEMA = "/work/shared/schemas/proxmox-ve-api.json";
const present = existsSync(SCHEMA);
if (!present) console.log(`note: ${SCHEMA} is absent, so the Proxmox conformance check is skipped`);

interface ApiProperty {
  type?: string;
  optional?: number;
  format?: unknown;
  pattern?: string;
  enum?: string[];
  minimum?: number | string;
  maximum?: number | string;
  maxLength?: number;
}
interface ApiNode {
  path: string;
  info?: Record<string, { parameters?: { properties?: Record<string, ApiProperty> } }>;
  children?: ApiNode[];
}

function index(nodes: ApiNode[], into = new Map<string, ApiNode>()): Map<string, ApiNode> {
  for (const n of nodes) {
    into.set(n.path, n);
    if (n.children) index(n.children, into);
  }
  return into;
}

describe("emulated Proxmox API against Proxmox's API description", () => {
  it.skipIf(!present)("every route, method and parameter exists there with the same declaration", () => {
    const api = index(JSON.parse(readFileSync(SCHEMA, "utf8")) as ApiNode[]);
    const problems: string[] = [];
    for (const route of ROUTES) {
      const where = `${route.method} ${route.path}`;
      const info = api.get(route.path)?.info?.[route.method];
      if (!info) {
        problems.push(`${where}: not in the API`);
        continue;
      }
      const real = info.parameters?.properties ?? {};
      for (const [name, ours] of Object.entries(route.params)) {
        const theirs = real[name];
        if (!theirs) {
          problems.push(`${where}: parameter ${name} is not in the API`);
          continue;
        }
        const check = (what: string, a: unknown, b: unknown) => {
          if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${where}: ${name}.${what} is ${JSON.stringify(a)}, API says ${JSON.stringify(b)}`);
        };
        check("type", ours.type, theirs.type);
        check("optional", ours.optional === true, theirs.optional === 1);
        if (ours.enum) check("enum", ours.enum, theirs.enum);
        if (ours.pattern) check("pattern", ours.pattern, theirs.pattern);
        if (ours.format) check("format", ours.format, theirs.format);
        if (ours.minimum !== undefined) check("minimum", ours.minimum, Number(theirs.minimum));
        if (ours.maximum !== undefined) check("maximum", ours.maximum, Number(theirs.maximum));
        if (ours.maxLength !== undefined) check("maxLength", ours.maxLength, theirs.maxLength);
      }
      for (const [name, theirs] of Object.entries(real)) {
        if (theirs.optional !== 1 && !(name in route.params)) problems.push(`${where}: required parameter ${name} is missing`);
      }
    }
    expect(problems).toEqual([]);
    expect(ROUTES.length).toBeGreaterThan(20);
  });
});
