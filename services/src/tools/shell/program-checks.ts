// Checks for programs with a syntax of their own, which getopt-style allow-lists cannot read: find's
// expressions, sed's scripts and options, ip's prefix-matched words, dpkg's action options. Each returns why
// the arguments are not proven read-only, or null.
import type { Arg } from "./options.js";
import { sedScriptProblem } from "./sed-script.js";

/** dpkg reads its own options: one query action as a word of its own, then package names or patterns. */
export function dpkgProblem(args: readonly Arg[], actions: readonly string[]): string | null {
  const first = args[0]?.value;
  if (first === undefined || !actions.includes(first)) return `dpkg ${first ?? ""} is not a query`;
  return args.slice(1).some((a) => a.value.startsWith("-") || a.glob) ? "dpkg takes one query option here" : null;
}

const FIND_TESTS_WITH_VALUE = new Set(["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-type", "-xtype", "-size", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer", "-user", "-group", "-uid", "-gid", "-perm", "-links", "-inum", "-samefile", "-maxdepth", "-mindepth", "-regextype", "-fstype", "-lname", "-ilname", "-used", "-printf"]);
const FIND_TESTS = new Set(["-empty", "-readable", "-writable", "-executable", "-nouser", "-nogroup", "-xdev", "-mount", "-follow", "-depth", "-daystart", "-noleaf", "-true", "-false", "-print", "-print0", "-ls", "-prune", "-quit", "-not", "-a", "-and", "-o", "-or", "!", "(", ")", ","]);

/** find: starting points, then an expression of tests only (no -delete, -exec, -ok, -fprint, -fls). */
export function findProblem(args: readonly Arg[]): string | null {
  let i = 0;
  while (i < args.length && ["-H", "-L", "-P"].includes(args[i]!.value)) i++;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a.value.startsWith("-") || ["!", "(", ")", ","].includes(a.value)) break;
    if (a.glob && !a.value.startsWith("/")) return `a pattern that may expand to an option (${a.value})`;
  }
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a.glob) return `an unquoted pattern in find's expression (${a.value})`;
    if (FIND_TESTS.has(a.value)) continue;
    if (FIND_TESTS_WITH_VALUE.has(a.value) || /^-newer[amctB]{2}$/.test(a.value)) {
      if (args[++i] === undefined || args[i]!.glob) return `${a.value} needs a value`;
      continue;
    }
    return `find ${a.value} is not on the allow-list (it may delete, run or write)`;
  }
  return null;
}

/** sed: -n, -E and -z with scripts that only print (see sed-script.ts); never -i, -f, -s. */
export function sedProblem(args: readonly Arg[]): string | null {
  const scripts: string[] = [];
  const operands: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    if (a.glob && v.startsWith("-")) return `a pattern that may expand to an option (${v})`;
    if (v === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith("--")) {
      if (["--quiet", "--silent", "--regexp-extended", "--null-data", "--unbuffered", "--posix", "--sandbox", "--debug"].includes(v)) continue;
      if (v.startsWith("--expression=")) scripts.push(v.slice("--expression=".length));
      else if (v === "--expression" && args[i + 1]) scripts.push(args[++i]!.value);
      else return `sed ${v.split("=")[0]} is not on the allow-list`;
      continue;
    }
    if (v.startsWith("-") && v !== "-") {
      for (let j = 1; j < v.length; j++) {
        const c = v[j]!;
        if ("nrEuz".includes(c)) continue;
        if (c === "e") {
          const rest = v.slice(j + 1);
          const script = rest || args[++i]?.value;
          if (script === undefined) return "-e without a script";
          scripts.push(script);
          break;
        }
        return `sed -${c} is not on the allow-list (in place, script file or separate outputs)`;
      }
      continue;
    }
    operands.push(a);
  }
  if (scripts.length === 0) {
    const first = operands.shift();
    if (!first) return "sed without a script";
    if (first.glob) return "a sed script with an unquoted pattern";
    scripts.push(first.value);
  }
  if (operands.some((o) => o.glob && !o.value.startsWith("/"))) return "a pattern that may expand to an option";
  for (const s of scripts) {
    const problem = sedScriptProblem(s);
    if (problem) return `sed script: ${problem}`;
  }
  return null;
}

const IP_OPTIONS = new Set(["-4", "-6", "-br", "-brief", "-s", "-stats", "-statistics", "-d", "-details", "-j", "-json", "-p", "-pretty", "-o", "-oneline", "-c", "-color", "-N", "-Numeric", "-r", "-resolve", "-h", "-human", "-human-readable", "-t", "-timestamp", "-ts", "-tshort"]);
const IP_OBJECTS = new Set(["a", "addr", "address", "r", "route", "l", "link", "n", "neigh", "neighbor", "neighbour", "rule", "maddr", "maddress", "ntable", "netconf"]);
const IP_VERBS = new Set(["show", "list", "get"]);

/**
 * ip matches words by prefix in an order of its own (ip -b is -batch, which reads commands from a file or
 * stdin): only these exact spellings are read-only: options from a short list, a known object, then show,
 * list or get (or nothing), then selectors.
 */
export function ipProblem(args: readonly Arg[]): string | null {
  let i = 0;
  while (i < args.length && args[i]!.value.startsWith("-")) {
    if (!IP_OPTIONS.has(args[i]!.value)) return `ip ${args[i]!.value} is not on the allow-list`;
    i++;
  }
  const object = args[i]?.value;
  if (object === undefined || !IP_OBJECTS.has(object)) return `ip ${object ?? ""} is not on the allow-list`;
  const verb = args[i + 1]?.value;
  if (verb !== undefined && !IP_VERBS.has(verb)) return `ip ${object} ${verb} is not a way to show`;
  if (verb === "get" && !["r", "route"].includes(object)) return `ip ${object} get`;
  return args.slice(i + 2).some((a) => a.glob) ? "a pattern in ip's arguments" : null;
}
