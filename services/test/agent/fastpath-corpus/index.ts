// The corpus per home: the lab's requests and negatives hold in both, the home's own in each.
import { COTTAGE_HOME_CASES } from "./cottage-home.js";
import { DEMO_HOME_CASES } from "./demo-home.js";
import { LAB } from "./lab.js";
import { COTTAGE_NEGATIVES, DEMO_NEGATIVES, NEGATIVES } from "./negatives.js";
import type { Case } from "./types.js";

export const CORPUS: Readonly<Record<"demo" | "cottage", { positives: readonly Case[]; negatives: readonly Case[] }>> = {
  demo: { positives: [...LAB, ...DEMO_HOME_CASES], negatives: [...NEGATIVES, ...DEMO_NEGATIVES] },
  cottage: { positives: [...LAB, ...COTTAGE_HOME_CASES], negatives: [...NEGATIVES, ...COTTAGE_NEGATIVES] },
};
