// Snapshot names are free words ("before-upgrade", "pre_update"): taken out of a request before it is parsed,
// so "roll back docker-host to before-upgrade" parses as "roll back docker-host" with the name beside it.

const NAME = `["']?(?!(?:of|from|on|for|the|in|at|to|vm|container|guest)\\b)([A-Za-z][A-Za-z0-9_-]{1,39})["']?`;
const END = `\\s*[.!?]*\\s*$`;
const PATTERNS: RegExp[] = [
  // roll back / revert / restore ... to NAME
  new RegExp(`^(.*\\b(?:roll\\s*back|rollback|revert|restore|go\\s+back|roll\\b.*?\\bback)\\b.*?)\\s+to\\s+(?:(?:the|its|his|her|their)\\s+)?(?:snapshot\\s+(?:called\\s+|named\\s+)?)?${NAME}(?:\\s+snapshot)?${END}`, "i"),
  // delete the snapshot NAME of ... / delete the NAME snapshot of ...
  new RegExp(`^(.*\\b(?:delete|remove|drop|discard)\\s+(?:the\\s+)?snapshot)\\s+(?:called\\s+|named\\s+)?${NAME}(\\s+.*)?$`, "i"),
  new RegExp(`^(.*\\b(?:delete|remove|drop|discard))\\s+(?:the\\s+)?${NAME}\\s+(snapshot(?:\\s+.*)?)$`, "i"),
  // take a snapshot of ... called NAME
  new RegExp(`^(.*\\bsnapshot\\b.*?)\\s+(?:called|named|as|with\\s+(?:the\\s+)?name)\\s+${NAME}${END}`, "i"),
];

/** The request without its snapshot name, and the name, when the request is about snapshots and names one. */
export function takeSnapshotName(text: string): { text: string; name?: string } {
  if (!/\b(snapshot|roll\s*back|rollback|revert|restore|roll\b.*\bback)\b/i.test(text)) return { text };
  for (const [i, p] of PATTERNS.entries()) {
    const m = p.exec(text);
    if (!m) continue;
    if (i === 2) return { text: `${m[1]} ${m[3]}`, name: m[2] };
    return { text: `${m[1]}${i === 1 ? (m[3] ?? "") : ""}`, name: m[2] };
  }
  return { text };
}
