// The identifiers a conversation mentions: guest ids, node and host names, addresses, entity ids. A summary
// may shorten anything else, but these must survive it exactly ("the VM" is useless a week later; "VM 105 on
// pve2" is not).
import type { ContentBlock } from "./providers/types.js";

const PATTERNS: RegExp[] = [
  /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2}|:\d{1,5})?\b/g, // IPv4, with a prefix length or port
  /\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/gi, // MAC
  /\b(?:vm|ct|vmid|lxc|qemu|guest|container)[\s#:-]*\d{3,9}\b/gi, // Proxmox guests: "VM 105", "ct:201"
  /\b(?:light|switch|lock|cover|climate|sensor|binary_sensor|media_player|camera|fan|person|device_tracker|input_boolean|script|automation|scene)\.[a-z0-9_]+\b/g,
  /\b(?:pve|node|nas|srv|server|host|proxmox)-?\d{1,3}\b/gi, // node-like names: pve2, nas-01 (others come from tool arguments)
];

/** Argument names whose values name a thing (tool calls are the most reliable source of identifiers). */
const ID_ARGS = new Set(["vmid", "node", "entity_id", "host", "hostname", "ip", "address", "camera", "service", "name", "path", "mac"]);

function fromText(text: string, into: Set<string>): void {
  for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) into.add(m[0]);
}

function fromArgs(input: unknown, into: Set<string>): void {
  if (!input || typeof input !== "object") return;
  for (const [key, value] of Object.entries(input)) {
    if (ID_ARGS.has(key) && (typeof value === "string" || typeof value === "number") && String(value).length <= 80) into.add(String(value));
    else if (typeof value === "object") fromArgs(value, into);
  }
}

/** The identifiers in some messages' blocks, in order of first mention, without repeats. */
export function identifiersIn(blocks: readonly ContentBlock[], limit = 40): string[] {
  const found = new Set<string>();
  for (const b of blocks) {
    if (b.type === "text") fromText(b.text, found);
    else if (b.type === "tool_use") fromArgs(b.input, found);
    else fromText(b.content, found);
  }
  return [...found].slice(0, limit);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a text mentions an identifier as a whole word; case and separators are forgiven ("VM 105" matches
 * "vm-105"), a longer identifier is no match ("192.0.2.1" is not in "192.0.2.15", "pve1" not in "pve12").
 */
export function mentions(text: string, identifier: string): boolean {
  const parts = identifier.split(/[\s#:-]+/).filter(Boolean).map(escape);
  return new RegExp(`(?<![\\p{L}\\p{N}.])${parts.join("[\\s#:-]*")}(?![\\p{L}\\p{N}]|\\.\\d)`, "iu").test(text);
}
