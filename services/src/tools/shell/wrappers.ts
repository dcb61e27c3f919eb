// Programs that run another command: sudo, nice, timeout, env, xargs, watch, ssh... Finding what they run,
// so that `nice rm -rf /` is judged as `rm -rf /`. Each wrapper's options are read as it reads them; where an
// option is not known, every word after it is tried as the start of the command too (over-estimating is the
// safe side here: this only ever raises a tier).

export interface Inner {
  /** The command it runs, as words. */
  argv?: string[];
  /** Or a shell script it hands to a shell (sh -c, watch, ssh, su -c). */
  script?: string;
}

interface WrapperSpec {
  /** Short options that take a value. */
  values?: string;
  longValues?: readonly string[];
  /** Short options whose value is a shell command line (su -c, flock -c). */
  shell?: string;
  /** Words between the options and the command (timeout DURATION, chroot DIR, ssh HOST). */
  positionals?: number;
  /** The remaining words are joined and run by a shell (watch, ssh). */
  joined?: boolean;
  /** Words of the form NAME=value before the command are assignments (env). */
  assignments?: boolean;
}

const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: { values: "ugCDhprtTUR", longValues: ["user", "group", "close-from", "chdir", "host", "prompt", "role", "type", "command-timeout", "other-user"], assignments: true },
  doas: { values: "uC" },
  nice: { values: "n", longValues: ["adjustment"] },
  ionice: { values: "cnp", longValues: ["class", "classdata", "pid"] },
  nohup: {},
  setsid: {},
  time: { values: "fo", longValues: ["format", "output"] },
  command: {},
  builtin: {},
  exec: { values: "a" },
  stdbuf: { values: "ioe", longValues: ["input", "output", "error"] },
  chrt: { positionals: 1 },
  taskset: { positionals: 1 },
  timeout: { values: "sk", longValues: ["signal", "kill-after"], positionals: 1 },
  env: { values: "uCS", longValues: ["unset", "chdir", "split-string"], assignments: true },
  chroot: { longValues: ["userspec", "groups"], positionals: 1 },
  flock: { values: "wEc", longValues: ["timeout", "conflict-exit-code", "command"], shell: "c", positionals: 1 },
  unshare: {},
  nsenter: { values: "tSGrwZ", longValues: ["target", "setuid", "setgid", "root", "wd"] },
  runuser: { values: "ugc", longValues: ["user", "group", "command"], shell: "c" },
  su: { values: "cgGs", longValues: ["command", "group", "shell"], shell: "c" },
  "systemd-run": { values: "upEMHd", longValues: ["unit", "property", "setenv", "machine", "host", "description", "slice", "working-directory", "on-calendar", "on-active", "uid", "gid"] },
  "systemd-inhibit": { longValues: ["what", "who", "why", "mode"] },
  watch: { values: "nd", longValues: ["interval", "differences"], joined: true },
  script: { values: "cEIOBT", longValues: ["command", "echo", "log-in", "log-out", "log-io", "log-timing"], shell: "c" },
  busybox: {},
  strace: { values: "oepsuIEaS", positionals: 0 },
  ltrace: { values: "oepsuaS" },
  ssh: { values: "bcDEeFIiJLlmOopQRSWw", positionals: 1, joined: true },
  xargs: { values: "adEeIiLlnPs", longValues: ["arg-file", "delimiter", "eof", "replace", "max-lines", "max-args", "max-procs", "max-chars", "process-slot-var"] },
  parallel: { values: "jSd", longValues: ["jobs"] },
  firejail: {},
  fakeroot: {},
  catchsegv: {},
};

export const isWrapper = (name: string) => name in WRAPPERS;

/**
 * What a wrapper runs: one reading, or several when an option's arity is unknown. Empty when it runs nothing
 * (sudo -l, command -v, xargs reading its command from nowhere runs echo).
 */
export function unwrap(name: string, args: readonly string[]): Inner[] {
  const spec = WRAPPERS[name];
  if (!spec) return [];
  if ((name === "command" || name === "type") && (args[0] === "-v" || args[0] === "-V")) return [];
  const found: Inner[] = [];
  let i = 0;
  let uncertainFrom = -1;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a.startsWith("--")) {
      const [long, attached] = a.slice(2).split(/=(.*)/s) as [string, string | undefined];
      if (attached === undefined && spec.longValues?.includes(long)) {
        if (long === "command" && spec.shell) found.push({ script: args[i + 1] ?? "" });
        if (long === "split-string") found.push({ script: args[i + 1] ?? "" });
        i++;
      } else if (attached !== undefined && (long === "command" || long === "split-string")) found.push({ script: attached });
      continue;
    }
    // sudo -l lists, -v and -k touch the timestamp; they still may carry a command to show, never run.
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (spec.values?.includes(c)) {
        const value = a.slice(j + 1) || args[++i];
        if ((spec.shell?.includes(c) || (name === "env" && c === "S")) && value !== undefined) found.push({ script: value });
        break;
      }
      if (/[0-9]/.test(c) && name === "nice") break;
      if (!/[a-zA-Z]/.test(c)) break;
      if (uncertainFrom < 0 && !KNOWN_FLAGS[name]?.includes(c)) uncertainFrom = i + 1;
    }
  }
  if (spec.assignments) while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]!)) i++;
  i += spec.positionals ?? 0;
  const rest = args.slice(i);
  if (rest.length > 0) found.push(spec.joined && !(name === "watch" && args.includes("-x")) ? { script: rest.join(" ") } : { argv: rest });
  if (uncertainFrom >= 0) {
    for (let k = uncertainFrom; k < Math.min(args.length, i + 3); k++) if (k !== i && !args[k]!.startsWith("-")) found.push({ argv: args.slice(k) });
  }
  return found;
}

/** Flags (no value) each wrapper is known to take; any other letter makes the reading uncertain. */
const KNOWN_FLAGS: Readonly<Record<string, string>> = {
  sudo: "AbEeHiKklnPSsVv",
  doas: "Lns",
  nice: "",
  ionice: "t",
  nohup: "",
  setsid: "cfw",
  time: "apqv",
  command: "p",
  exec: "cl",
  timeout: "v",
  env: "i0v",
  flock: "sxneuo",
  unshare: "muinpUCTrfl",
  nsenter: "muinpUCTaF",
  runuser: "lmpf",
  su: "lmpPf",
  "systemd-run": "qPtGS",
  watch: "bcetxgpwq",
  script: "aefqkV",
  strace: "fFcCdhiqrtTvVwxyYzZk",
  ssh: "46AaCfGgKkMNnqsTtVvXxYy",
  xargs: "0prtx",
  parallel: "k",
};
