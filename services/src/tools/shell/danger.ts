// Finds what a command line may destroy, wherever it hides: in lists, pipelines, { groups; }, (subshells),
// $(substitutions), <(process substitutions), loops and functions; behind wrappers (sudo, nice, timeout, env,
// xargs, watch, ssh); inside strings handed to a shell (bash -c '...', eval, heredocs and echo ... | sh); and,
// when the script can run text as code at run time (eval, ${x@P}, arithmetic, a computed command name), in
// every string it contains. Words are guessed (words.ts) with the values the script assigns, so
// `a=rm; $a -rf /` is seen as `rm -rf /`. The result only raises a tier; proving GREEN is readonly.ts's job.
import { maxTier, tierRank, type Tier } from "../tiers.js";
import type { TierFacts } from "../tool.js";
import { isDeviceWrite, isSysrq, normalize } from "./paths.js";
import { parseShell, walk, type ShellTree, type ShNode } from "./parser.js";
import { applyRules, type RuleContext } from "./rules.js";
import { guessWord, UNKNOWN, type Variables } from "./words.js";
import { isWrapper, unwrap } from "./wrappers.js";

export interface Verdict {
  tier: Tier;
  reasons: string[];
}

const MAX_DEPTH = 4;
const MAX_VARIANTS = 16;
const MAX_PARSES = 64;
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "rbash", "fish", "csh", "tcsh"]);
const INTERPRETERS = /^(perl|python[0-9.]*|ruby|node|nodejs|php[0-9.]*|lua[0-9.]*|awk|gawk|mawk|nawk|tclsh|expect|Rscript|jshell|osascript)$/;
const DOWNLOADERS = /^(curl|wget|fetch|nc|ncat|netcat|socat|aria2c|http|https)$/;
const DYNAMIC_NODES = new Set(["arithmetic_expansion", "binary_expression", "unary_expression", "ternary_expression", "postfix_expression", "test_command", "subscript"]);
const DYNAMIC_COMMANDS = new Set(["eval", "let", "source", ".", "trap", "declare", "typeset", "local", "readonly", "export", "unset", "read", "mapfile", "readarray", "printf", "test", "["]);

/** What a command reads on its standard input, when that is known. */
type Stdin = { text: string } | { download: true } | undefined;

const basename = (word: string) => word.slice(word.lastIndexOf("/") + 1);

class Scan {
  tier: Tier = "GREEN";
  parses = 0;
  readonly found: { tier: Tier; reason: string }[] = [];
  constructor(readonly facts: TierFacts) {}

  raise = (tier: Tier, reason: string) => {
    if (tier === "GREEN") return;
    if (!this.found.some((f) => f.reason === reason && f.tier === tier)) this.found.push({ tier, reason });
    this.tier = maxTier(this.tier, tier);
  };
}

/** Values the script assigns to its variables, and the folders it changes into. */
function variables(root: ShNode): { vars: Map<string, string[]>; cwds: string[] } {
  const vars = new Map<string, string[]>();
  const cwds = new Set(["/root"]);
  const add = (name: string, values: string[]) => vars.set(name, [...(vars.get(name) ?? []), ...values].slice(0, MAX_VARIANTS));
  for (const node of walk(root)) {
    if (node.type === "variable_assignment") {
      const name = node.children.find((c) => c.field === "name")?.text;
      const value = node.children.find((c) => c.field === "value");
      if (name) add(name, value ? guessWord(value.text) : [""]);
    } else if (node.type === "for_statement") {
      const name = node.children.find((c) => c.field === "variable")?.text;
      if (name) add(name, node.children.filter((c) => c.field === "value").flatMap((c) => guessWord(c.text)));
    } else if (node.type === "command") {
      const words = commandWords(node);
      if (words[0] && ["cd", "pushd"].includes(words[0].text) && words[1]) for (const d of guessWord(words[1].text)) cwds.add(d.includes(UNKNOWN) ? "/" : normalize(d));
    }
  }
  return { vars, cwds: [...cwds] };
}

/** A command's words in order: name, arguments, and words that tree-sitter filed as extra redirect targets. */
function commandWords(node: ShNode, extra: readonly ShNode[] = []): ShNode[] {
  const words = node.children.filter((c) => c.field === "name" || c.field === "argument");
  for (const r of node.children.filter((c) => c.type === "file_redirect")) words.push(...r.children.filter((c) => c.field === "destination").slice(1));
  return [...words, ...extra];
}

function variants(words: readonly ShNode[], vars: Variables): string[][] {
  let out: string[][] = [[]];
  for (const word of words) {
    const candidates = guessWord(word.text, vars);
    const next: string[][] = [];
    for (const prefix of out) for (const c of candidates) if (next.length < MAX_VARIANTS) next.push([...prefix, c]);
    out = next;
  }
  // An unquoted expansion splits at spaces: `x="rm -rf /"; $x` runs rm.
  const split = out.filter((argv) => argv.some((w) => /\s/.test(w))).map((argv) => argv.flatMap((w) => w.split(/\s+/).filter(Boolean)));
  return [...out, ...split].slice(0, MAX_VARIANTS * 2);
}

/** Strings inside a shell's or interpreter's code: what a system() call or a pipe to sh could run. */
function quotedStrings(code: string): string[] {
  return [...code.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|`([^`]*)`/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

class Scanner {
  constructor(private readonly scan: Scan) {}

  script(source: string, depth: number, parsed?: ShellTree): void {
    if (depth > MAX_DEPTH) return this.scan.raise("ORANGE", "commands nested too deep to follow");
    // A budget, so that a crafted command cannot make every call slow; what was not read is not ruled out.
    if (++this.scan.parses > MAX_PARSES) return this.scan.raise("RED", "too many nested command lines to check them all");
    const tree = parsed ?? parseShell(source);
    if (!tree) return this.scan.raise("ORANGE", "the shell parser is not available");
    const { vars, cwds } = variables(tree.root);
    const ctx: RuleContext = { facts: this.scan.facts, cwds, raise: this.scan.raise };
    this.node(tree.root, { vars, ctx, depth, stdin: undefined, extra: [] });
    if ([...walk(tree.root)].some((n) => this.dynamic(n, vars))) {
      // Text may become code at run time: every string the script holds is read as a command line too.
      for (const n of walk(tree.root)) {
        if (["raw_string", "string", "ansi_c_string", "heredoc_body", "word", "concatenation"].includes(n.type) && n.text.length > 2) {
          for (const text of n.type === "heredoc_body" ? [n.text] : guessWord(n.text, vars)) this.script(text, depth + 1);
        }
      }
    }
  }

  private dynamic(n: ShNode, vars: Variables): boolean {
    if (DYNAMIC_NODES.has(n.type)) return true;
    if (n.type === "expansion" && (n.text.startsWith("${!") || /@[PEAKa]\}$/.test(n.text))) return true;
    if (n.type !== "command") return false;
    const [name, ...args] = commandWords(n).map((w) => w.text);
    if (name === undefined) return false;
    // printf -v, test -v and test's arithmetic operators evaluate a subscript (a[$(cmd)]) as code.
    if (name === "printf") return args.some((a) => a.startsWith("-v"));
    if (name === "test" || name === "[") return args.some((a) => /^-(v|eq|ne|lt|le|gt|ge)$/.test(a));
    return DYNAMIC_COMMANDS.has(name) || guessWord(name, vars).some((w) => w.includes(UNKNOWN));
  }

  private node(n: ShNode, env: Env): void {
    switch (n.type) {
      case "command":
        this.command(n, env);
        break;
      case "redirected_statement": {
        const body = n.children.find((c) => c.field === "body");
        const redirects = n.children.filter((c) => c.field === "redirect");
        const extra = redirects.flatMap((r) => r.children.filter((c) => c.field === "destination").slice(1));
        const heredoc = redirects.map((r) => this.heredocText(r, env.vars)).find((t) => t !== undefined);
        for (const r of redirects) this.node(r, env);
        if (body) this.node(body, { ...env, extra, stdin: heredoc !== undefined ? { text: heredoc } : env.stdin });
        return;
      }
      case "pipeline": {
        const stages = n.children.filter((c) => c.named);
        stages.forEach((stage, i) => this.node(stage, { ...env, extra: [], stdin: i === 0 ? env.stdin : this.produced(stages[i - 1]!, env.vars) }));
        return;
      }
      case "file_redirect":
        this.redirect(n, env);
        break;
      case "function_definition": {
        const name = n.children.find((c) => c.field === "name")?.text;
        const body = n.children.find((c) => c.field === "body");
        if (name && body && [...walk(body)].some((c) => c.type === "command_name" && c.text === name)) this.scan.raise("BLACK", "a function that calls itself (fork bomb)");
        break;
      }
    }
    for (const child of n.children) this.node(child, { ...env, extra: [], stdin: undefined });
  }

  private heredocText(r: ShNode, vars: Variables): string | undefined {
    if (r.type === "heredoc_redirect") return r.children.find((c) => c.type === "heredoc_body")?.text ?? "";
    if (r.type === "herestring_redirect") return guessWord(r.children.find((c) => c.named)?.text ?? "", vars)[0];
    return undefined;
  }

  /** What a pipeline stage writes for the next one, when it is literal text or a download. */
  private produced(stage: ShNode, vars: Variables): Stdin {
    const cmd = stage.type === "redirected_statement" ? stage.children.find((c) => c.field === "body") : stage;
    if (!cmd || cmd.type !== "command") return undefined;
    const words = commandWords(cmd).map((w) => guessWord(w.text, vars)[0] ?? "");
    const name = basename(words[0] ?? "");
    if (DOWNLOADERS.test(name)) return { download: true };
    if (name === "echo" || name === "printf") return { text: words.slice(1).filter((w) => !/^-[neE]+$/.test(w)).join(" ").replace(/\\n/g, "\n") };
    return undefined;
  }

  private redirect(r: ShNode, env: Env): void {
    const op = r.children.find((c) => !c.named)?.type ?? "";
    const target = r.children.find((c) => c.field === "destination");
    if (!target || !op.includes(">") || /^\d+$/.test(target.text) || target.text === "-") return;
    for (const path of guessWord(target.text, env.vars)) {
      if (isSysrq(path)) this.scan.raise("BLACK", "writes the sysrq trigger (reboots or halts the node at once)");
      else if (isDeviceWrite(path)) this.scan.raise("BLACK", `writes straight to the device ${path}`);
      else if (!/^\/dev\/(null|stdout|stderr)$/.test(path)) this.scan.raise("ORANGE", `writes to ${path.replace(new RegExp(UNKNOWN, "g"), "?")}`);
    }
  }

  private command(n: ShNode, env: Env): void {
    const words = commandWords(n, env.extra);
    if (words.length === 0) return;
    const heredoc = n.children.map((c) => this.heredocText(c, env.vars)).find((t) => t !== undefined);
    const stdin = heredoc !== undefined ? { text: heredoc } : env.stdin;
    for (const argv of variants(words, env.vars)) this.argv(argv, { ...env, stdin });
  }

  argv(argv: readonly string[], env: Env): void {
    const raise = this.scan.raise;
    const [first = "", ...args] = argv;
    if (first === "") return;
    if (first.includes(UNKNOWN)) return raise("RED", "the command name is computed at run time");
    const initScript = first.match(/^\/etc\/init\.d\/([^/]+)$/);
    if (initScript) return applyRules("service", [initScript[1]!, ...args], env.ctx, () => undefined);
    const name = basename(first);
    const nested = (script: string) => (script.includes(UNKNOWN) ? raise("RED", `${name} runs a command line computed at run time`) : this.script(script, env.depth + 1));
    if (isWrapper(name)) {
      let inner = unwrap(name, args);
      if (inner.length > 0) raise("ORANGE", `${name} runs another command`);
      if (name === "xargs") {
        const fromInput = env.stdin && "text" in env.stdin ? env.stdin.text.split(/\s+/).filter(Boolean) : [];
        inner = inner.map((i) => (i.argv ? { argv: [...i.argv, ...fromInput] } : i));
      }
      for (const i of inner) {
        if (i.script !== undefined) nested(i.script);
        if (i.argv) this.argv(i.argv, { ...env, depth: env.depth + 1, stdin: name === "xargs" ? undefined : env.stdin });
      }
      return;
    }
    if (SHELLS.has(name) || (name === "busybox" && SHELLS.has(args[0] ?? ""))) return this.shell(name, name === "busybox" ? args.slice(1) : args, env);
    if (name === "eval") return nested(args.join(" "));
    if (name === "source" || name === ".") {
      const downloads = args.some((a) => /^<\(/.test(a) && a.split(/[\s(|;&]+/).some((w) => DOWNLOADERS.test(basename(w))));
      return raise(downloads ? "RED" : "ORANGE", downloads ? `${name} runs a download` : `${name} runs a script file`);
    }
    if (INTERPRETERS.test(name)) {
      raise("ORANGE", `${name} runs a program`);
      for (const code of [...args, ...(env.stdin && "text" in env.stdin ? [env.stdin.text] : [])]) for (const s of quotedStrings(code)) if (s.trim()) this.script(s, env.depth + 1);
      if (env.stdin && "download" in env.stdin) raise("RED", "pipes a download into an interpreter");
      return;
    }
    if (name === "sed") for (const a of args) for (const m of a.matchAll(/(?:^|[;\n{}0-9$/])\s*e\s+([^;\n}]+)/g)) nested(m[1]!);
    applyRules(name, args, env.ctx, (inner) => this.argv(inner, { ...env, depth: env.depth + 1 }));
  }

  private shell(name: string, args: readonly string[], env: Env): void {
    const raise = this.scan.raise;
    raise("ORANGE", `runs another shell (${name})`);
    const c = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
    if (c >= 0) {
      const script = args.slice(c + 1).find((a) => !a.startsWith("-"));
      if (script === undefined) return;
      return script.includes(UNKNOWN) ? raise("RED", `${name} -c runs a command line computed at run time`) : this.script(script, env.depth + 1);
    }
    const file = args.find((a) => !a.startsWith("-") && !a.startsWith("+"));
    if (file !== undefined && /^<\(/.test(file) && file.split(/[\s(|;&]+/).some((w) => DOWNLOADERS.test(basename(w)))) return raise("RED", `${name} runs a download`);
    if (file !== undefined) return raise(file.includes(UNKNOWN) ? "RED" : "ORANGE", `${name} runs a script file`);
    if (env.stdin && "download" in env.stdin) return raise("RED", "pipes a download into a shell");
    if (env.stdin && "text" in env.stdin) return this.script(env.stdin.text, env.depth + 1);
  }
}

interface Env {
  vars: Variables;
  ctx: RuleContext;
  depth: number;
  stdin: Stdin;
  /** Words of the command that the grammar filed under a redirection (`rm >x -rf /`). */
  extra: readonly ShNode[];
}

/** The highest tier anything in the command line reaches, with the reasons (most serious first). */
export function dangerOf(command: string, facts: TierFacts, tree?: ShellTree): Verdict {
  const scan = new Scan(facts);
  new Scanner(scan).script(command, 0, tree);
  return { tier: scan.tier, reasons: scan.found.sort((a, b) => tierRank(b.tier) - tierRank(a.tier)).map((f) => f.reason) };
}
