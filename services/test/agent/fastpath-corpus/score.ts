// Runs the corpus through any way of asking (the matcher itself, or the WebSocket) and scores it: positives
// right (tool and arguments), negatives acted on (any tool call at all), with the misses listed.
import { mismatch, type IsDefault, type Seen } from "./check.js";
import type { Case } from "./types.js";

export interface Score {
  positives: { right: number; total: number; misses: string[] };
  negatives: { acted: number; total: number; misses: string[] };
}

export async function score(
  corpus: { positives: readonly Case[]; negatives: readonly Case[] },
  see: (utterance: string, index: number) => Promise<Seen>,
  isDefault?: IsDefault,
): Promise<Score> {
  const out: Score = { positives: { right: 0, total: 0, misses: [] }, negatives: { acted: 0, total: 0, misses: [] } };
  let i = 0;
  for (const [utterance, expect] of corpus.positives) {
    const miss = mismatch(expect, await see(utterance, i++), isDefault);
    out.positives.total++;
    if (miss) out.positives.misses.push(`${utterance}: ${miss}`);
    else out.positives.right++;
  }
  for (const [utterance] of corpus.negatives) {
    const seen = await see(utterance, i++);
    out.negatives.total++;
    if (seen.kind === "calls" && seen.calls.length > 0) {
      out.negatives.acted++;
      out.negatives.misses.push(`${utterance}: ${seen.calls.map((c) => c.tool).join(", ")}`);
    }
  }
  return out;
}

export const ratio = (s: Score) => s.positives.right / s.positives.total;

export function summary(s: Score): string {
  return (
    `positives ${s.positives.right}/${s.positives.total} right (${(100 * ratio(s)).toFixed(1)}%), negatives acted on ${s.negatives.acted}/${s.negatives.total}` +
    [...s.positives.misses, ...s.negatives.misses].map((m) => `\n  ${m}`).join("")
  );
}
