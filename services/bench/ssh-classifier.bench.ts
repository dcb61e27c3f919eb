// execute_ssh's classifier, which runs on every call (twice: the tier, then the approval summary). Each round
// classifies the next command of the test corpus (test/tools/ssh-command-corpus.ts), so the median is the p50
// per command over the corpus. Baseline: the tree-sitter parse alone of the same command.
import { classifyCommand } from "../src/tools/ssh-classifier.js";
import { loadShellParser, parseShell } from "../src/tools/shell/parser.js";
import { CORPUS, FACTS } from "../test/tools/ssh-command-corpus.js";
import type { Suite } from "./harness.js";

const COMMANDS = CORPUS.flatMap((f) => f.commands);
await loadShellParser();

/** A case that takes the corpus's commands in turn. */
const cycling = (run: (command: string) => unknown) => {
  let i = 0;
  return () => run(COMMANDS[i++ % COMMANDS.length]!);
};

export const sshClassifierSuite: Suite = {
  name: "ssh-classifier",
  rounds: COMMANDS.length * 3,
  warmup: 50,
  baseline: { name: "parse only (tree-sitter-bash)", run: cycling(parseShell) },
  cases: [{ name: "classifyCommand per command", run: cycling((c) => classifyCommand(c, FACTS)) }],
  notes: (timings) => {
    const t = timings.find((x) => x.name === "classifyCommand per command")!;
    return [`corpus ${COMMANDS.length} commands; classifier p50 ${(t.medianMs * 1000).toFixed(0)} us, p99 ${(t.p99Ms * 1000).toFixed(0)} us per command`];
  },
};
