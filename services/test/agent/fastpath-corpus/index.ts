// The corpus per home: the lab's requests and negatives hold in both, the home's own in each.
import { COTTAGE_HOME_CASES } from "./cottage-home.js";
import { DEMO_HOME_CASES } from "./demo-home.js";
import { LAB } from "./lab.js";
import { COTTAGE_NEGATIVES, DEMO_NEGATIVES, NEGATIVES } from "./negatives.js";
import { COTTAGE_STEPS, DEMO_STEPS } from "./steps.js";
import { COTTAGE_TYPOS, DEMO_TYPOS, LAB_TYPOS } from "./typos.js";
import type { Case } from "./types.js";

export const CORPUS: Readonly<Record<"demo" | "cottage", { positives: readonly Case[]; negatives: readonly Case[] }>> = {
  demo: { positives: [...LAB, ...DEMO_HOME_CASES, ...DEMO_STEPS, ...LAB_TYPOS, ...DEMO_TYPOS], negatives: [...NEGATIVES, ...DEMO_NEGATIVES] },
  cottage: { positives: [...LAB, ...COTTAGE_HOME_CASES, ...COTTAGE_STEPS, ...LAB_TYPOS, ...COTTAGE_TYPOS], negatives: [...NEGATIVES, ...COTTAGE_NEGATIVES] },
};
