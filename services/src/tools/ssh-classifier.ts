// Decides the tier of a shell command before it runs on a node. The command is parsed with a real bash
// grammar (shell/parser.ts: tree-sitter-bash through web-tree-sitter), then judged twice:
// - GREEN only when shell/readonly.ts proves every part read-only (known programs, allow-listed options, no
//   expansion, redirection or env prefix);
// - shell/danger.ts finds what it may destroy anywhere inside, through wrappers and nested shells: RED for
//   known-destructive actions, BLACK for what a dedicated tool would refuse (protected guests and services
//   from config, disks and pools, init and sysrq).
// Not proven read-only is at least ORANGE; the most dangerous part decides. Without the parser (a bundle that
// left its .wasm out) every command is RED.
import { dangerOf } from "./shell/danger.js";
import { parserLoadError, parseShell } from "./shell/parser.js";
import { readOnlyProblem } from "./shell/readonly.js";
import { maxTier, type Tier } from "./tiers.js";
import type { TierFacts } from "./tool.js";

export interface Classification {
  tier: Tier;
  reasons: string[];
}

const NO_FACTS: TierFacts = { protectedGuests: new Set(), protectedServices: new Set() };
const MAX_REASONS = 6;

/**
 * The tier of `command`. Pass the household's facts (protected guests and services) so that a command doing
 * what a dedicated tool refuses is BLACK here too; without them only the built-in rules apply.
 */
export function classifyCommand(command: string, facts: TierFacts = NO_FACTS): Classification {
  if (command.trim() === "") return { tier: "ORANGE", reasons: ["empty command"] };
  const tree = parseShell(command);
  // Without the parser nothing can be proven or ruled out: every command needs the override key.
  if (!tree) return { tier: "RED", reasons: [`the shell parser is not available (${parserLoadError() ?? "unknown error"}): every command needs the override key`] };
  const danger = dangerOf(command, facts, tree);
  const problem = readOnlyProblem(tree, command);
  if (problem === null && danger.tier === "GREEN") return { tier: "GREEN", reasons: [] };
  const reasons = [...new Set([...danger.reasons, ...(problem ? [`not proven read-only: ${problem}`] : [])])];
  return { tier: maxTier("ORANGE", danger.tier), reasons: reasons.slice(0, MAX_REASONS) };
}
