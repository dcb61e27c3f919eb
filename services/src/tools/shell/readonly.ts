// The proof that a command line only reads: GREEN needs every part of it to pass here. Allowed shapes: simple
// commands, pipelines of them, and lists joined by ; && || (never &, subshells, groups, loops, functions). A
// command has no assignments or env prefix, a literal name and literal words (words.ts: no expansion of any
// kind; a glob only where the program takes files and the glob starts with "/"), redirections only to
// /dev/null or between descriptors, and a program from programs.ts whose options and operands pass its
// allow-list. Anything in the source that the grammar did not account for must be white space or a comment.
import { deviceProblem } from "./paths.js";
import type { ShellTree, ShNode } from "./parser.js";
import { parseOptions, type Arg } from "./options.js";
import { PROGRAMS, type OperandRule, type ProgramSpec } from "./programs.js";
import { literalWord } from "./words.js";

/** Standard places of the programs: a command given by path must come from one of them. */
const BIN_DIRS = /^\/(usr\/)?s?bin\/[^/]+$/;
const QUIET_TARGETS = new Set(["/dev/null"]);

class Proof {
  readonly covered: [number, number][] = [];
  readonly commands: Arg[][] = [];
  cover(n: ShNode) {
    this.covered.push([n.start, n.end]);
  }
}

class NotProven extends Error {}
const fail = (reason: string): never => {
  throw new NotProven(reason);
};

function statement(n: ShNode, proof: Proof): void {
  switch (n.type) {
    case "command":
      return command(n, proof);
    case "redirected_statement": {
      const body = n.children.find((c) => c.field === "body");
      if (!body || body.type !== "command") return fail("a redirection around something other than a command");
      for (const child of n.children) if (child !== body) redirect(child, proof);
      return command(body, proof);
    }
    case "pipeline":
    case "list":
      for (const child of n.children) {
        if (child.named) statement(child, proof);
        else if (["|", "|&", "&&", "||", ";"].includes(child.type)) proof.cover(child);
        else fail(`the operator ${child.type}`);
      }
      return;
    default:
      return fail(`${n.type.replace(/_/g, " ")} (only simple commands and pipelines are proven)`);
  }
}

function redirect(r: ShNode, proof: Proof): void {
  if (r.type !== "file_redirect") return fail(`a ${r.type.replace(/_/g, " ")}`);
  const op = r.children.find((c) => !c.named)?.type ?? "";
  const targets = r.children.filter((c) => c.field === "destination");
  if (targets.length > 1) return fail("words after a redirection target");
  const target = targets[0] ? literalWord(targets[0].text) : null;
  const duplicate = (op === ">&" || op === "<&") && target?.ok && /^\d+$/.test(target.value);
  const closes = op === ">&-" || op === "<&-";
  const quiet = [">", ">>", "&>", "&>>", ">|"].includes(op) && target?.ok && !target.glob && QUIET_TARGETS.has(target.value);
  if (!duplicate && !closes && !quiet) return fail(`a redirection other than to /dev/null (${r.text})`);
  proof.cover(r);
}

function command(n: ShNode, proof: Proof): void {
  const argv: Arg[] = [];
  let previousEnd = -1;
  for (const child of n.children) {
    // Two nodes with nothing between them are one word to bash, whatever the grammar made of them.
    if (child.start === previousEnd) return fail(`"${child.text}" joined to the word before it`);
    previousEnd = child.end;
    if (child.type === "variable_assignment") return fail(`sets a variable for the command (${child.text})`);
    if (child.type === "file_redirect" || child.field === "redirect") {
      redirect(child, proof);
      continue;
    }
    if (child.field !== "name" && child.field !== "argument") return fail(`${child.type} in a command`);
    if (!child.named) return fail(`"${child.text}" (an expansion)`);
    const word = literalWord(child.text);
    if (!word.ok) return fail(`${word.reason} in ${child.text}`);
    if (child.field === "name" && word.glob) return fail("a pattern as the command name");
    argv.push({ value: word.value, glob: word.glob });
    proof.cover(child);
  }
  if (argv.length === 0) return fail("no command");
  proof.commands.push(argv);
}

function operandsProblem(operands: readonly Arg[], rule: OperandRule | undefined, parsedOptions: Parameters<NonNullable<OperandRule["check"]>>[1]): string | null {
  const r = rule ?? {};
  if (r.max !== undefined && operands.length > r.max) return `more than ${r.max} operand(s)`;
  if (r.min !== undefined && operands.length < r.min) return "too few operands";
  for (const o of operands) {
    if (!o.glob) continue;
    if (!r.glob || r.max !== undefined) return `the pattern ${o.value} (its matches are not known)`;
    if (!o.value.startsWith("/")) return `the pattern ${o.value} may expand to a name that reads as an option`;
  }
  return r.check?.(operands, parsedOptions) ?? null;
}

function programProblem(args: readonly Arg[], spec: ProgramSpec, label: string): string | null {
  if (spec.anyArgs) return args.some((a) => a.glob) ? `a pattern in ${label}'s arguments` : null;
  if (spec.custom) return spec.custom(args);
  if (spec.subcommands) {
    const sub = args[0];
    const subSpec = sub && !sub.glob ? spec.subcommands[sub.value] : undefined;
    if (!subSpec) return `${label} ${sub?.value ?? ""} is not a read-only subcommand`;
    return programProblem(args.slice(1), subSpec, `${label} ${sub!.value}`);
  }
  const parsed = parseOptions(args, spec);
  if (!parsed.ok) return `${label}: ${parsed.reason}`;
  const { operands } = parsed.parsed;
  if (spec.verbs) {
    const verb = operands[0];
    const rule = verb ? (verb.glob ? undefined : spec.verbs[verb.value]) : spec.verbs[""];
    if (!rule) return `${label} ${verb?.value ?? ""} is not a read-only verb`;
    const problem = operandsProblem(operands.slice(1), rule, parsed.parsed);
    return problem && `${label} ${verb!.value}: ${problem}`;
  }
  const problem = operandsProblem(operands, spec.operands, parsed.parsed);
  return problem && `${label}: ${problem}`;
}

function commandProblem(argv: readonly Arg[]): string | null {
  const path = argv[0]!.value;
  if (path.includes("/") && !BIN_DIRS.test(path)) return `${path} is not a standard program`;
  const name = path.slice(path.lastIndexOf("/") + 1);
  const spec = Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name] : undefined;
  if (!spec) return `${name} is not on the read-only list`;
  for (const a of argv.slice(1)) {
    const problem = deviceProblem(a.value, spec.devices === true);
    if (problem) return `${name}: ${problem}`;
  }
  return programProblem(argv.slice(1), spec, name);
}

/** null when the command line is proven read-only, else why not. */
export function readOnlyProblem(tree: ShellTree, source: string): string | null {
  if (tree.hasError) return "the command does not parse as plain shell";
  const proof = new Proof();
  try {
    for (const child of tree.root.children) {
      if (child.type === "comment" || child.type === ";") proof.cover(child);
      else if (child.named) statement(child, proof);
      else fail(child.type === "&" ? "runs something in the background" : `the operator ${child.type}`);
    }
  } catch (err) {
    if (err instanceof NotProven) return err.message;
    throw err;
  }
  const covered = new Uint8Array(source.length);
  for (const [a, b] of proof.covered) covered.fill(1, a, b);
  for (let i = 0; i < source.length; i++) {
    if (!covered[i] && !/[ \t\n]/.test(source[i]!)) return `text the parser did not account for (${JSON.stringify(source.slice(i, i + 12))})`;
  }
  if (proof.commands.length === 0) return "no command";
  for (const argv of proof.commands) {
    const problem = commandProblem(argv);
    if (problem) return problem;
  }
  return null;
}
