// Compares what the fast path made of an utterance with what the corpus expects.
import { ANY, type Call, type Expect } from "./types.js";

export type Seen = { kind: "calls"; calls: Call[] } | { kind: "ask" } | { kind: "nothing" };

/** Whether an argument has the tool's default value (the registry fills defaults in before it records a call). */
export type IsDefault = (tool: string, key: string, value: unknown) => boolean;

/** Null when `seen` is what was expected; otherwise why not, in words. */
export function mismatch(expect: Expect, seen: Seen, isDefault: IsDefault = () => false): string | null {
  const given = (tool: string, args: Record<string, unknown>) => Object.entries(args).filter(([k, v]) => !isDefault(tool, k, v));
  const sameArgs = (tool: string, want: Record<string, unknown>, got: Record<string, unknown>) => {
    const w = given(tool, want);
    const g = new Map(given(tool, got));
    return w.length === g.size && w.every(([k, v]) => g.has(k) && (v === ANY || JSON.stringify(v) === JSON.stringify(g.get(k))));
  };
  const sameCall = (want: Call, got: Call) => want.tool === got.tool && sameArgs(want.tool, want.args, got.args);
  const show = (s: Seen) => (s.kind === "calls" ? s.calls.map((c) => `${c.tool} ${JSON.stringify(c.args)}`).join(" ; ") || "no calls" : s.kind);
  if (expect === "ask" || expect === "nothing") return seen.kind === expect ? null : `expected ${expect}, got ${show(seen)}`;
  const want = "calls" in expect ? expect.calls : [expect];
  if (seen.kind !== "calls") return `expected ${want.map((c) => c.tool).join(", ")}, got ${seen.kind}`;
  const left = [...seen.calls];
  for (const w of want) {
    const i = left.findIndex((g) => sameCall(w, g));
    if (i < 0) return `expected ${w.tool} ${JSON.stringify(w.args)}, got ${show(seen)}`;
    left.splice(i, 1);
  }
  return left.length === 0 ? null : `unexpected ${show({ kind: "calls", calls: left })}`;
}
