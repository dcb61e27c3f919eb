// A small benchmark harness for shared, noisy machines: every suite measures its own baseline in the same
// run, interleaving rounds so drift hits both alike, and reports medians and the ratio to that baseline.
import { performance } from "node:perf_hooks";

export interface Case {
  name: string;
  run: () => unknown | Promise<unknown>;
}

export interface Suite {
  name: string;
  baseline: Case;
  cases: Case[];
  /** Rounds per case (each round times one call). */
  rounds?: number;
  warmup?: number;
  setup?: () => void | Promise<void>;
  teardown?: () => void | Promise<void>;
  /**
   * Lines printed under the suite's results, read after the rounds (e.g. upstream request counts, or a
   * figure derived from the timings such as the overhead over the baseline).
   */
  notes?: (timings: Timing[]) => string[];
}

/** One case's timings, baseline first, in the suite's order. */
export interface Timing {
  name: string;
  medianMs: number;
  p99Ms: number;
}

export interface Result {
  suite: string;
  name: string;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
  ratio: number;
  /** The suite's notes, on its last row. */
  notes?: string[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function time(c: Case): Promise<number> {
  const start = performance.now();
  await c.run();
  return performance.now() - start;
}

export async function runSuite(suite: Suite): Promise<Result[]> {
  await suite.setup?.();
  try {
    const all = [suite.baseline, ...suite.cases];
    for (let i = 0; i < (suite.warmup ?? 5); i++) for (const c of all) await time(c);
    const samples = all.map(() => [] as number[]);
    for (let r = 0; r < (suite.rounds ?? 50); r++) {
      for (const [i, c] of all.entries()) samples[i]!.push(await time(c));
    }
    const stats = samples.map((s) => s.sort((a, b) => a - b));
    const base = quantile(stats[0]!, 0.5);
    const notes = suite.notes?.(all.map((c, i) => ({ name: c.name, medianMs: quantile(stats[i]!, 0.5), p99Ms: quantile(stats[i]!, 0.99) })));
    return all.map((c, i) => ({
      suite: suite.name,
      name: c.name,
      medianMs: quantile(stats[i]!, 0.5),
      p90Ms: quantile(stats[i]!, 0.9),
      p99Ms: quantile(stats[i]!, 0.99),
      ratio: quantile(stats[i]!, 0.5) / base,
      ...(notes && i === all.length - 1 ? { notes } : {}),
    }));
  } finally {
    await suite.teardown?.();
  }
}

export function report(results: Result[]): string {
  const rows = results.map(
    (r) =>
      `${r.suite.padEnd(22)} ${r.name.padEnd(40)} median ${r.medianMs.toFixed(3).padStart(9)} ms` +
      `  p90 ${r.p90Ms.toFixed(3).padStart(9)} ms  p99 ${r.p99Ms.toFixed(3).padStart(9)} ms  x${r.ratio.toFixed(2)}` +
      (r.notes ?? []).map((n) => `\n${"".padEnd(23)}note: ${n}`).join(""),
  );
  return rows.join("\n");
}
