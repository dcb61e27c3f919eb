// docs/relay-contract.md, read as the tests of both sides read it: the JSON blocks tagged `contract:kinds`
// and `contract:example <name>`.
import { readFileSync } from "node:fs";
import path from "node:path";

export const CONTRACT_FILE = path.resolve(import.meta.dirname, "../../../docs/relay-contract.md");

export interface Frame {
  id: number;
  type: string;
  [field: string]: unknown;
}
export interface Step {
  from: "card" | "ha";
  frame: Frame;
}
export type Kind = "call" | "subscription" | "stream";

const BLOCK = /```json contract:(\w+)(?: ([\w-]+))?\n([\s\S]*?)```/g;

function blocks(): { tag: string; name?: string; value: unknown }[] {
  const text = readFileSync(CONTRACT_FILE, "utf8");
  return [...text.matchAll(BLOCK)].map((m) => ({ tag: m[1]!, name: m[2], value: JSON.parse(m[3]!) }));
}

export function contractKinds(): Record<Kind, string[]> {
  const found = blocks().find((b) => b.tag === "kinds");
  if (!found) throw new Error(`${CONTRACT_FILE} has no contract:kinds block`);
  return found.value as Record<Kind, string[]>;
}

export function contractExamples(): Map<string, Step[]> {
  return new Map(blocks().filter((b) => b.tag === "example").map((b) => [b.name!, b.value as Step[]]));
}

/** The kind of a relayed command, by the contract. */
export function kindOf(command: string): Kind {
  const kinds = contractKinds();
  const kind = (Object.keys(kinds) as Kind[]).find((k) => kinds[k].includes(command));
  if (!kind) throw new Error(`${command} is not in the contract`);
  return kind;
}
