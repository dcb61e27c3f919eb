// The read-only programs: for each, every option it may carry (see options.ts for how they are read), what its
// operands may be, and which subcommands show rather than change. A program is missing on purpose when it can
// run code from its arguments or input (awk, xargs, env with a command, find -exec, pagers, interpreters,
// sudo and other wrappers) or write from an option that cannot be told apart cheaply. Missing means ORANGE.
import { dpkgProblem, findProblem, ipProblem, sedProblem } from "./program-checks.js";
import type { Arg, OptionSpec, Parsed } from "./options.js";

export interface OperandRule {
  min?: number;
  max?: number;
  /** Operands may be globs, when they start with "/" (so no file name can turn into an option). */
  glob?: boolean;
  /** Operands may be any words at all (patterns, hosts, formats), not only file names. */
  check?: (operands: readonly Arg[], parsed: Parsed) => string | null;
}

export interface ProgramSpec extends OptionSpec {
  operands?: OperandRule;
  /** Device files (/dev/sda) are what this program reads, with ioctls or probes; others may not name them. */
  devices?: boolean;
  /** Every literal argument is harmless (ps, echo): options are not checked. */
  anyArgs?: boolean;
  /** The first operand after the options must be one of these verbs (systemctl status); "" for none. */
  verbs?: Readonly<Record<string, OperandRule>>;
  /** The first argument must be one of these subcommands, each read with its own options (docker ps). */
  subcommands?: Readonly<Record<string, ProgramSpec>>;
  /** A whole check of the arguments for programs with their own syntax (find, ip, sed); null when fine. */
  custom?: (args: readonly Arg[]) => string | null;
}

const files: OperandRule = { glob: true };
const none: OperandRule = { max: 0 };
const number = (v: string) => /^[+-]?\d+(\.\d+)?[a-zA-Z]*$/.test(v);
const oneOf = (...allowed: string[]) => (v: string) => allowed.includes(v);
const vmid: OperandRule = { min: 1, max: 1, check: (ops) => (/^\d{3,9}$/.test(ops[0]!.value) ? null : "a guest id") };

// No -c: it opens the files a list names (a watchdog device among them, unseen here).
const CHECKSUM: ProgramSpec = { flags: "btwz", long: ["binary", "tag", "text", "zero", "ignore-missing", "quiet", "status", "strict", "warn", "help", "version"], operands: files };
const GREP: ProgramSpec = {
  flags: "EFGPiyvwxcLloqsbHhnTZzaIrRU0123456789",
  values: "efmABCdD",
  long: ["extended-regexp", "fixed-strings", "basic-regexp", "perl-regexp", "ignore-case", "no-ignore-case", "invert-match", "word-regexp", "line-regexp", "count", "files-with-matches", "files-without-match", "only-matching", "quiet", "silent", "no-messages", "byte-offset", "with-filename", "no-filename", "initial-tab", "null", "null-data", "text", "recursive", "dereference-recursive", "line-buffered", "help", "version"],
  longValues: ["regexp", "file", "max-count", "after-context", "before-context", "context", "directories", "devices", "include", "exclude", "exclude-dir", "label", "binary-files"],
  longOptional: ["color", "colour"],
  accept: { "-e": () => true, "--regexp": () => true, "-d": oneOf("read", "skip", "recurse"), "--directories": oneOf("read", "skip", "recurse"), "-D": oneOf("skip"), "--devices": oneOf("skip") },
  operands: { glob: true, check: (ops, p) => (p.options.some((o) => ["e", "f", "regexp", "file"].includes(o.name)) ? null : ops.length === 0 ? "no pattern" : null) },
};
const ZCAT: ProgramSpec = { flags: "fqv", long: ["force", "quiet", "verbose"], operands: files };

/** Programs by name (the last part of the command's path). */
export const PROGRAMS: Readonly<Record<string, ProgramSpec>> = {
  // Text and files: read and print.
  cat: { flags: "AbeEnstTuv", long: ["show-all", "number-nonblank", "show-ends", "number", "squeeze-blank", "show-tabs", "show-nonprinting", "help", "version"], operands: files },
  tac: { flags: "br", values: "s", long: ["before", "regex"], longValues: ["separator"], operands: files },
  head: { flags: "qvz0123456789", values: "nc", long: ["quiet", "silent", "verbose", "zero-terminated", "help", "version"], longValues: ["lines", "bytes"], operands: files },
  tail: { flags: "fFqvz0123456789", values: "ncs", long: ["retry", "quiet", "silent", "verbose", "zero-terminated", "help", "version"], longValues: ["lines", "bytes", "sleep-interval", "pid", "max-unchanged-stats"], longOptional: ["follow"], operands: files },
  wc: { flags: "cmlLw", long: ["bytes", "chars", "lines", "max-line-length", "words", "help", "version"], longValues: ["total"], operands: files },
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  zcat: ZCAT,
  xzcat: ZCAT,
  bzcat: ZCAT,
  sort: {
    flags: "bdfgiMhnRrVsuzc",
    values: "ktS",
    long: ["ignore-leading-blanks", "dictionary-order", "ignore-case", "general-numeric-sort", "ignore-nonprinting", "month-sort", "human-numeric-sort", "numeric-sort", "random-sort", "reverse", "version-sort", "stable", "unique", "zero-terminated", "help", "version"],
    longValues: ["key", "field-separator", "buffer-size", "parallel", "sort"],
    longOptional: ["check"],
    accept: { "-t": () => true, "--field-separator": () => true },
    operands: files,
  },
  // uniq INPUT OUTPUT writes OUTPUT: one operand at most.
  uniq: { flags: "cdDiuz", values: "fsw", long: ["count", "repeated", "ignore-case", "unique", "zero-terminated", "help", "version"], longValues: ["skip-fields", "skip-chars", "check-chars"], longOptional: ["all-repeated", "group"], operands: { max: 1 } },
  cut: { flags: "nsz", values: "bcdf", long: ["complement", "only-delimited", "zero-terminated", "help", "version"], longValues: ["bytes", "characters", "delimiter", "fields", "output-delimiter"], accept: { "-d": () => true, "--delimiter": () => true }, operands: files },
  tr: { flags: "cCdst", long: ["complement", "delete", "squeeze-repeats", "truncate-set1", "help", "version"], operands: { max: 2, check: () => null } },
  paste: { flags: "sz", values: "d", long: ["serial", "zero-terminated"], longValues: ["delimiters"], accept: { "-d": () => true }, operands: files },
  rev: { operands: files },
  nl: { flags: "p", values: "bhfvinsw", operands: files },
  strings: { flags: "afw", values: "nt", long: ["all", "print-file-name"], longValues: ["bytes", "radix", "encoding"], operands: files },
  od: { flags: "bcdfiloxsv", values: "AjNtw", operands: files },
  hexdump: { flags: "bcCdovx", values: "ens", operands: files },
  xxd: { flags: "abCEeiprsuvd", values: "cglons", operands: { max: 1 } },
  base64: { flags: "di", values: "w", long: ["decode", "ignore-garbage"], longValues: ["wrap"], operands: { max: 1 } },
  md5sum: CHECKSUM,
  sha1sum: CHECKSUM,
  sha256sum: CHECKSUM,
  sha512sum: CHECKSUM,
  b2sum: CHECKSUM,
  cksum: CHECKSUM,
  diff: {
    flags: "abBdEiNpqrstTuwyZ",
    values: "UC",
    long: ["brief", "report-identical-files", "recursive", "new-file", "ignore-case", "ignore-all-space", "ignore-space-change", "ignore-blank-lines", "text", "side-by-side", "strip-trailing-cr", "expand-tabs", "initial-tab", "minimal", "suppress-common-lines", "no-dereference"],
    longValues: ["exclude", "label", "width"],
    longOptional: ["unified", "context", "color"],
    operands: { glob: true, max: 2 },
  },
  cmp: { flags: "blsv", values: "in", operands: { max: 2 } },
  comm: { flags: "123z", operands: { max: 2 } },
  ls: {
    flags: "aAbBcCdfFgGhHiklLmnNopqQrRsStuUvxXZ1",
    values: "ITw",
    long: ["all", "almost-all", "author", "escape", "directory", "dired", "file-type", "full-time", "group-directories-first", "no-group", "human-readable", "si", "dereference-command-line", "dereference-command-line-symlink-to-dir", "hide-control-chars", "show-control-chars", "inode", "kibibytes", "literal", "numeric-uid-gid", "dereference", "reverse", "recursive", "size", "context", "zero", "help", "version"],
    longValues: ["block-size", "format", "hide", "ignore", "indicator-style", "quoting-style", "sort", "tabsize", "time", "time-style", "width"],
    longOptional: ["color", "hyperlink", "classify"],
    operands: files,
    devices: true,
  },
  stat: { flags: "Lft", values: "c", long: ["dereference", "file-system", "terse", "help", "version"], longValues: ["format", "printf"], longOptional: ["cached"], operands: files, devices: true },
  file: { flags: "bhiLNkl", long: ["brief", "mime", "mime-type", "mime-encoding", "dereference", "no-dereference", "no-pad", "keep-going", "raw"], operands: files, devices: true },
  du: {
    flags: "0abcDhHklLmsSxv",
    values: "Bdt",
    long: ["null", "all", "apparent-size", "bytes", "total", "dereference-args", "human-readable", "si", "summarize", "separate-dirs", "one-file-system", "count-links", "dereference", "no-dereference", "inodes", "help", "version"],
    longValues: ["block-size", "max-depth", "threshold", "exclude", "time-style"],
    longOptional: ["time"],
    operands: files,
  },
  df: { flags: "ahHiklmPTv", values: "Btx", long: ["all", "human-readable", "si", "inodes", "local", "portability", "print-type", "total", "sync", "no-sync", "help", "version"], longValues: ["block-size", "type", "exclude-type"], longOptional: ["output"], operands: files, devices: true },
  tree: { flags: "adfilpsughDFCnNqrtvUxJX", values: "LPI", long: ["noreport", "dirsfirst", "du", "si", "prune", "inodes", "device"], longValues: ["charset", "filelimit", "sort", "timefmt"], operands: files },
  find: { custom: (args) => findProblem(args) },
  sed: { custom: (args) => sedProblem(args) },
  // Printing and small facts.
  echo: { anyArgs: true },
  // printf -v NAME assigns, and a subscript in NAME (a[$(cmd)]) runs as code.
  printf: { custom: (args) => (args[0]?.value.startsWith("-v") ? "printf -v assigns a variable" : args.some((a) => a.glob) ? "a pattern in printf's arguments" : null) },
  true: { anyArgs: true },
  false: { anyArgs: true },
  sleep: { operands: { check: (ops) => (ops.every((o) => /^(\d+(\.\d+)?[smhd]?|infinity)$/.test(o.value)) ? null : "a duration") } },
  pwd: { flags: "LP", operands: none },
  uptime: { flags: "psV", long: ["pretty", "since", "help", "version"], operands: none },
  uname: { flags: "asnrvmpio", long: ["all", "kernel-name", "nodename", "kernel-release", "kernel-version", "machine", "processor", "hardware-platform", "operating-system", "help", "version"], operands: none },
  // hostname NAME, -F and -b set the name.
  hostname: { flags: "dfiIsAy", long: ["domain", "fqdn", "long", "ip-address", "all-ip-addresses", "short", "all-fqdns", "yp", "nis"], operands: none },
  whoami: { operands: none },
  id: { flags: "agGnruzZ", long: ["group", "groups", "name", "real", "user", "zero", "context"], operands: { max: 1, check: () => null } },
  groups: { operands: { check: () => null } },
  // date MMDDhhmm and -s set the clock: only +FORMAT operands.
  date: {
    flags: "uR",
    values: "dfr",
    optional: "I",
    long: ["utc", "universal", "rfc-email", "debug", "help", "version"],
    longValues: ["date", "file", "reference", "rfc-3339"],
    longOptional: ["iso-8601"],
    accept: { "-d": () => true, "--date": () => true },
    operands: { max: 1, check: (ops) => (ops.every((o) => o.value.startsWith("+")) ? null : "an operand that sets the clock") },
  },
  nproc: { long: ["all"], longValues: ["ignore"], operands: none },
  which: { flags: "a", operands: { check: () => null } },
  type: { flags: "afptP", operands: { check: () => null } },
  command: { custom: (args) => (args.length >= 2 && (args[0]!.value === "-v" || args[0]!.value === "-V") && args.slice(1).every((a) => !a.glob) ? null : "command runs another program (only -v looks one up)") },
  env: { custom: (args) => (args.length === 0 ? null : "env with arguments sets variables or runs a program") },
  printenv: { flags: "0", operands: { check: () => null } },
  locale: { flags: "akmcv", operands: { check: () => null } },
  getent: { flags: "s", values: "s", operands: { min: 1, check: () => null } },
  basename: { flags: "asz", values: "s", operands: { check: () => null } },
  dirname: { flags: "z", operands: { check: () => null } },
  realpath: { flags: "eLmPqsz", operands: files },
  readlink: { flags: "efmnqsvz", operands: files },
  seq: { flags: "w", values: "fs", operands: { max: 3, check: (ops) => (ops.every((o) => number(o.value)) ? null : "not a number") } },
  // Processes, memory, hardware, network state.
  ps: { anyArgs: true },
  pgrep: { anyArgs: true },
  pidof: { anyArgs: true },
  top: { flags: "bcHiSs1", values: "ndpuUoO", accept: { "-n": number, "-d": number }, operands: none },
  free: { flags: "bkmgtphlvwt", values: "sc", long: ["bytes", "kilo", "mega", "giga", "tera", "peta", "kibi", "mebi", "gibi", "tebi", "pebi", "human", "si", "lohi", "total", "wide", "committed", "help", "version"], longValues: ["seconds", "count"], operands: none },
  vmstat: { anyArgs: true },
  iostat: { anyArgs: true },
  mpstat: { anyArgs: true },
  w: { anyArgs: true },
  who: { anyArgs: true },
  users: { operands: none },
  last: { anyArgs: true },
  // lastlog -C and -S clear and set records.
  lastlog: { values: "btu", operands: none },
  lscpu: { anyArgs: true },
  lsmem: { anyArgs: true },
  lsmod: { operands: none },
  lsusb: { flags: "vt", values: "sdD", operands: none, devices: true },
  // No -x: -xxx reads all of a device's configuration space, which can upset some devices.
  lspci: { flags: "kmnvtDPQqb", values: "sd", operands: none },
  lsblk: { anyArgs: true, devices: true },
  blkid: { flags: "dgiklLpsUuVh", values: "osStLUnuO", operands: files, devices: true },
  findmnt: { anyArgs: true, devices: true },
  mount: { flags: "lv", values: "t", operands: none },
  lsof: { anyArgs: true },
  sensors: { flags: "Aujf", operands: { check: () => null } },
  dmidecode: { flags: "qu", values: "ts", long: ["quiet", "dump"], longValues: ["type", "string"], operands: none },
  ss: {
    flags: "46aeHilmnoOprstuwxZzEMS0",
    values: "Af",
    long: ["numeric", "resolve", "all", "listening", "options", "extended", "memory", "processes", "info", "summary", "tcp", "udp", "unix", "raw", "ipv4", "ipv6", "no-header", "oneline", "packet", "threads", "cgroup", "tos", "context"],
    longValues: ["query", "family"],
    operands: { check: () => null },
  },
  netstat: { anyArgs: true },
  ping: { flags: "46nqvDOaAR", values: "ciswWtI", accept: { "-c": number, "-i": (v) => number(v) && Number(v) >= 0.2, "-s": number, "-w": number, "-W": number, "-t": number }, operands: { min: 1, max: 1, check: () => null } },
  dig: { anyArgs: true },
  host: { anyArgs: true },
  nslookup: { anyArgs: true },
  traceroute: { anyArgs: true },
  tracepath: { anyArgs: true },
  arp: { flags: "naev", values: "iHA", long: ["numeric", "verbose", "all"], longValues: ["device", "hw-type"], operands: { max: 1, check: () => null } },
  ethtool: { flags: "iSkgacTPlm", operands: { min: 1, max: 1, check: () => null } },
  iptables: { flags: "LSnvx", values: "t", long: ["list", "list-rules", "numeric", "verbose", "exact", "line-numbers"], longValues: ["table"], operands: { max: 1, check: () => null } },
  ip6tables: { flags: "LSnvx", values: "t", long: ["list", "list-rules", "numeric", "verbose", "exact", "line-numbers"], longValues: ["table"], operands: { max: 1, check: () => null } },
  ip: { custom: (args) => ipProblem(args) },
  smartctl: {
    flags: "aAHicxj",
    values: "dln",
    long: ["all", "xall", "health", "info", "attributes", "capabilities", "scan", "scan-open"],
    longOptional: ["json"],
    longValues: ["device", "log", "nocheck"],
    accept: { "-l": oneOf("error", "selftest", "xerror", "xselftest", "devstat", "ssd", "scttemp", "sataphy"), "--log": oneOf("error", "selftest", "xerror", "xselftest", "devstat", "ssd", "scttemp", "sataphy") },
    operands: { max: 1 },
    devices: true,
  },
  // System and logs.
  dmesg: {
    flags: "dekrtuwxHPTSJ",
    values: "lfs",
    optional: "L",
    long: ["show-delta", "reltime", "kernel", "raw", "ctime", "userspace", "follow", "follow-new", "decode", "human", "nopager", "notime", "syslog", "json"],
    longValues: ["level", "facility", "buffer-size", "time-format", "since", "until"],
    longOptional: ["color"],
    operands: none,
  },
  journalctl: {
    flags: "aefklmqrxN",
    values: "utpnSUobgFMDc",
    long: ["all", "pager-end", "follow", "dmesg", "full", "merge", "quiet", "reverse", "catalog", "fields", "no-pager", "no-tail", "no-hostname", "utc", "system", "user", "list-boots", "disk-usage", "case-sensitive", "no-full", "header", "show-cursor", "list-namespaces"],
    longValues: ["unit", "user-unit", "identifier", "priority", "since", "until", "output", "grep", "field", "cursor", "after-cursor", "output-fields", "facility", "namespace"],
    longOptional: ["boot", "lines"],
    accept: { "-b": (v) => /^([+-]?\d+|[0-9a-f]{32}|all)$/.test(v), "-n": (v) => /^[+-]?\d+$|^all$/.test(v), "--lines": (v) => /^[+-]?\d+$|^all$/.test(v), "-p": () => true, "--priority": () => true, "-g": () => true, "--grep": () => true },
    operands: { check: (ops) => (ops.every((o) => /^[A-Z_][A-Z0-9_]*=|^\+$/.test(o.value)) ? null : "a journal match (FIELD=value)") },
  },
  systemctl: {
    flags: "alqr",
    values: "tpPno",
    long: ["all", "full", "quiet", "recursive", "no-pager", "no-legend", "plain", "failed", "value", "with-dependencies", "reverse", "before", "after", "show-types", "system", "no-ask-password", "help", "version"],
    longValues: ["type", "property", "state", "lines", "output"],
    longOptional: ["legend"],
    accept: { "-n": number, "--lines": number },
    verbs: {
      "": { max: 0 },
      status: { check: () => null },
      show: { check: () => null },
      cat: { check: () => null },
      "is-active": { check: () => null },
      "is-enabled": { check: () => null },
      "is-failed": { check: () => null },
      "is-system-running": { max: 0 },
      "list-units": { check: () => null },
      "list-unit-files": { check: () => null },
      "list-timers": { check: () => null },
      "list-sockets": { check: () => null },
      "list-dependencies": { check: () => null },
      "list-jobs": { check: () => null },
      "show-environment": { max: 0 },
      "get-default": { max: 0 },
    },
  },
  timedatectl: {
    flags: "ap",
    values: "p",
    long: ["all", "value", "no-pager", "no-ask-password", "help", "version"],
    longValues: ["property"],
    verbs: { "": { max: 0 }, status: { max: 0 }, show: { max: 0 }, "show-timesync": { max: 0 }, "timesync-status": { max: 0 }, "list-timezones": { max: 0 } },
  },
  hostnamectl: { long: ["no-pager", "static", "transient", "pretty", "json"], verbs: { "": { max: 0 }, status: { max: 0 } } },
  // crontab with no -l (or with a file operand) installs a new crontab.
  crontab: { custom: (args) => (["-l", "-u " + (args[1]?.value ?? "") + " -l"].includes(args.map((a) => a.value).join(" ")) && !args.some((a) => a.glob) ? null : "crontab without -l replaces or removes a crontab") },
  // Proxmox VE.
  pveversion: { flags: "v", long: ["verbose"], operands: none },
  qm: {
    subcommands: {
      list: { long: ["full"], operands: none },
      status: { long: ["verbose"], operands: vmid },
      config: { long: ["current"], longValues: ["snapshot"], operands: vmid },
      pending: { operands: vmid },
      listsnapshot: { operands: vmid },
    },
  },
  pct: {
    subcommands: {
      list: { operands: none },
      status: { long: ["verbose"], operands: vmid },
      config: { long: ["current"], longValues: ["snapshot"], operands: vmid },
      pending: { operands: vmid },
      listsnapshot: { operands: vmid },
      df: { operands: vmid },
    },
  },
  pvesh: {
    subcommands: {
      get: { anyArgs: true },
      ls: { anyArgs: true },
    },
  },
  pvecm: { subcommands: { status: { operands: none }, nodes: { operands: none } } },
  pvesm: { subcommands: { status: { longValues: ["storage", "content", "target"], operands: none }, list: { longValues: ["content", "vmid"], operands: { max: 1, check: () => null } } } },
  "ha-manager": { subcommands: { status: { long: ["verbose"], operands: none }, config: { operands: none } } },
  zpool: {
    subcommands: {
      status: { flags: "xvPLgpDtesi", values: "T", accept: { "-T": oneOf("d", "u") }, operands: { check: () => null } },
      list: { flags: "HgLpPv", values: "oT", operands: { check: () => null } },
      iostat: { flags: "vHpPgLlqrwyn", values: "T", operands: { check: () => null } },
      get: { flags: "Hp", values: "o", operands: { min: 1, check: () => null } },
      history: { flags: "il", operands: { check: () => null } },
      version: { operands: none },
    },
  },
  zfs: {
    subcommands: {
      list: { flags: "Hprt", values: "dosSt", operands: { check: () => null } },
      get: { flags: "Hpr", values: "dost", operands: { min: 1, check: () => null } },
      version: { operands: none },
    },
  },
  // Containers and packages.
  docker: {
    subcommands: {
      ps: { flags: "aqsln", values: "fn", long: ["all", "quiet", "size", "latest", "no-trunc"], longValues: ["filter", "format", "last"], accept: { "--format": () => true, "-f": () => true, "--filter": () => true }, operands: none },
      logs: { flags: "ft", values: "n", long: ["follow", "timestamps", "details"], longValues: ["tail", "since", "until"], operands: { min: 1, max: 1, check: () => null } },
      inspect: { flags: "s", values: "f", long: ["size"], longValues: ["format", "type"], accept: { "--format": () => true, "-f": () => true }, operands: { min: 1, check: () => null } },
      images: { flags: "aq", values: "f", long: ["all", "quiet", "digests", "no-trunc"], longValues: ["filter", "format"], accept: { "--format": () => true, "-f": () => true }, operands: { max: 1, check: () => null } },
      stats: { flags: "a", long: ["all", "no-stream", "no-trunc"], longValues: ["format"], accept: { "--format": () => true }, operands: { check: () => null } },
      version: { values: "f", longValues: ["format"], accept: { "--format": () => true, "-f": () => true }, operands: none },
      info: { values: "f", longValues: ["format"], accept: { "--format": () => true, "-f": () => true }, operands: none },
    },
  },
  apt: {
    flags: "aq",
    long: ["upgradable", "installed", "all-versions", "manual-installed", "full", "names-only", "quiet"],
    verbs: { list: { check: () => null }, policy: { check: () => null }, show: { check: () => null }, search: { check: () => null } },
  },
  "apt-cache": {
    flags: "aq",
    long: ["names-only", "full", "installed", "recurse", "no-all-versions", "quiet"],
    verbs: { policy: { check: () => null }, show: { check: () => null }, search: { check: () => null }, depends: { check: () => null }, rdepends: { check: () => null }, madison: { check: () => null }, showpkg: { check: () => null }, stats: { max: 0 } },
  },
  dpkg: { custom: (args) => dpkgProblem(args, ["-l", "--list", "-L", "--listfiles", "-s", "--status", "-S", "--search", "-p", "--print-avail", "--get-selections", "--print-architecture", "--print-foreign-architectures", "--audit", "-C"]) },
  "dpkg-query": { custom: (args) => dpkgProblem(args, ["-l", "--list", "-L", "--listfiles", "-s", "--status", "-S", "--search", "-p", "--print-avail", "-W", "--show"]) },
  tailscale: { subcommands: { status: { long: ["json", "peers", "self", "active"], operands: none }, ip: { flags: "46", operands: { max: 1, check: () => null } } } },
};
