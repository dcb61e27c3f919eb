// Decides the tier of a shell command before it runs on a node. The command is split at every operator that
// chains commands (; && || | & newline, substitutions), each part is classified, and the most dangerous part
// wins. Known read-only commands are GREEN, anything unknown is ORANGE, destructive patterns are RED or BLACK.
import { maxTier, type Tier } from "./tiers.js";

export interface Classification {
  tier: Tier;
  reasons: string[];
}

interface Part {
  words: string[];
  /** Targets of output redirections (`> file`). */
  writes: string[];
}

const SYSTEM_DIRS = new Set(["/", "/*", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root", "/sbin", "/sys", "/usr", "/var", "/var/lib", "/home", "/opt", "/srv", "/etc/pve", "/var/lib/vz"]);
const BLOCK_DEVICE = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|md|dm-|mapper\/|disk\/|zd|rbd)/;

/** Read-only commands, optionally only with some subcommands (first non-option word). */
const READ_ONLY: Record<string, true | readonly string[]> = {
  uptime: true, df: true, free: true, uname: true, hostname: true, whoami: true, id: true, date: true,
  cat: true, head: true, tail: true, wc: true, grep: true, egrep: true, zgrep: true, less: true, ls: true,
  ps: true, top: true, du: true, stat: true, file: true, which: true, echo: true, printf: true, true: true,
  sleep: true, nproc: true, lscpu: true, lsusb: true, lspci: true, lsblk: true, lsof: true, sensors: true,
  ss: true, netstat: true, ping: true, dig: true, host: true, nslookup: true, traceroute: true, w: true,
  who: true, last: true, vmstat: true, iostat: true, mpstat: true, pwd: true, sort: true, uniq: true,
  cut: true, awk: true, sed: true, tr: true, jq: true, md5sum: true, sha256sum: true, pveversion: true,
  find: true, tree: true, dmesg: true, journalctl: true, mount: true, findmnt: true, timedatectl: ["status", "show"],
  systemctl: ["status", "is-active", "is-enabled", "is-failed", "list-units", "list-timers", "show", "cat"],
  ip: ["a", "addr", "address", "r", "route", "l", "link", "n", "neigh", "neighbour"],
  qm: ["list", "status", "config", "pending", "listsnapshot"],
  pct: ["list", "status", "config", "pending", "listsnapshot"],
  pvesh: ["get", "ls"], pvecm: ["status", "nodes"], pvesm: ["status", "list"],
  zpool: ["status", "list", "iostat"], zfs: ["list", "get"],
  docker: ["ps", "logs", "inspect", "images", "stats", "version", "info"],
  apt: ["list", "policy", "show", "search"], "apt-cache": true, dpkg: ["-l", "-L", "-s", "--list"],
  smartctl: ["-a", "-H", "-i", "-A", "--all", "--health", "--info"],
  arp: true, nmap: ["-sn"], "ha-cli": ["info"], tailscale: ["status"],
};

/** Options that make an otherwise read-only command write or destroy. */
const WRITING_OPTIONS: Record<string, RegExp> = {
  // sed: in-place (also inside a cluster such as -ni), a script file, or w/W/e/r commands and flags in the script.
  sed: /^-[a-zA-Z]*[if]|^--(in|f|s)|(^|[;{}\s])\d*[wWeRr](\s|$)|\/[gpiImM0-9]*[we]\b/,
  find: /^(-delete|-exec|-execdir|-ok|-fprint|-fls)/,
  dmesg: /^(-c|-C|--clear|--read-clear)$/,
  journalctl: /^(--vacuum|--rotate|--flush|--relinquish)/,
  sort: /^(-o|--o)/,
  awk: /system|getline|[|>]|^-f/,
  gawk: /system|getline|[|>]|^-f/,
  mount: /.*/, // any argument means mounting something
  date: /^(-s|--set)/,
  arp: /^-[a-zA-Z]*[ds]/,
  ss: /^(-[a-zA-Z]*K|--kill)/,
};

/** ip is read-only only when the verb after its object shows something. */
const IP_READ_VERBS = new Set(["show", "sh", "list", "ls", "lst", "get"]);

const NODE_POWER = new Set(["shutdown", "poweroff", "reboot", "halt"]);
const WRAPPERS = new Set(["sudo", "nohup", "nice", "ionice", "time", "command", "exec", "stdbuf", "env"]);
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ash", "ksh", "eval", "source", "."]);
const FORK_BOMB = /:\s*\(\s*\)\s*\{[^}]*:\s*\|\s*:/;

/** The text inside a `...`, $(...), <(...) or >(...) that starts at `at` (to the end when unclosed). */
function innerOf(command: string, at: number): string {
  if (command[at] === "`") {
    const end = command.indexOf("`", at + 1);
    return command.slice(at + 1, end < 0 ? undefined : end);
  }
  let depth = 0;
  for (let i = at + 1; i < command.length; i++) {
    if (command[i] === "(") depth++;
    else if (command[i] === ")" && --depth === 0) return command.slice(at + 2, i);
  }
  return command.slice(at + 2);
}

/** The command a part runs, past env assignments and wrappers such as sudo, nice and timeout. */
function effectiveWords(words: string[]): string[] {
  let rest = words;
  for (;;) {
    const first = rest[0];
    if (first === undefined) return rest;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) rest = rest.slice(1);
    else if (WRAPPERS.has(first)) rest = rest.slice(rest[1] === "-u" || rest[1] === "-n" ? 3 : 1);
    else if (first === "timeout") rest = rest.slice(2);
    else return rest;
  }
}

/** Splits at chaining operators and redirections, honouring quotes. Returns null when quoting is unbalanced. */
function split(command: string): { parts: Part[]; substitutions: string[] } | null {
  const parts: Part[] = [];
  const substitutions: string[] = [];
  let words: string[] = [];
  let writes: string[] = [];
  let word = "";
  let inWord = false;
  let redirect = false;
  const endWord = () => {
    if (!inWord) return;
    if (redirect) writes.push(word);
    else words.push(word);
    word = "";
    inWord = false;
    redirect = false;
  };
  const endPart = () => {
    endWord();
    if (words.length > 0 || writes.length > 0) parts.push({ words, writes });
    words = [];
    writes = [];
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "\\") {
      word += command[++i] ?? "";
      inWord = true;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return null;
      word += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === "\\") j++;
        else if (command[j] === "`" || (command[j] === "$" && command[j + 1] === "(")) substitutions.push(innerOf(command, j));
      }
      if (j >= command.length) return null;
      word += command.slice(i + 1, j).replace(/\\(.)/g, "$1");
      inWord = true;
      i = j;
    } else if (c === "`" || (c === "$" && command[i + 1] === "(") || ((c === "<" || c === ">") && command[i + 1] === "(")) {
      substitutions.push(innerOf(command, i));
      word += c;
      inWord = true;
    } else if (";|&\n()".includes(c)) {
      endPart();
    } else if (c === ">") {
      endWord();
      if (command[i + 1] === ">" || command[i + 1] === "|") i++;
      if (command[i + 1] === "&" && /[\d-]/.test(command[i + 2] ?? "")) {
        i++; // >&2 duplicates a descriptor, writes nothing
        while (/[\d-]/.test(command[i + 1] ?? "")) i++;
        continue;
      }
      if (command[i + 1] === "&") i++; // >&file is a write, like >file
      redirect = true;
    } else if (c === "<") {
      endWord();
    } else if (/\s/.test(c)) {
      if (!redirect || inWord) endWord();
    } else {
      // "2>" and "&>": the descriptor number belongs to the redirection, not the command.
      if (/\d/.test(c) && !inWord && command[i + 1] === ">") continue;
      word += c;
      inWord = true;
    }
  }
  endPart();
  return { parts, substitutions };
}

function classifyPart(part: Part, reasons: string[]): Tier {
  let tier: Tier = "GREEN";
  for (const target of part.writes) {
    if (target === "/dev/null" || target === "/dev/stdout" || target === "/dev/stderr") continue;
    if (BLOCK_DEVICE.test(target)) return (reasons.push(`writes straight to the disk ${target}`), "BLACK");
    tier = maxTier(tier, "ORANGE");
    reasons.push(`writes to ${target}`);
  }
  const [cmd = "", ...args] = effectiveWords(part.words);
  if (cmd === "") return tier;
  const name = cmd.split("/").pop()!;
  const sub = args.find((a) => !a.startsWith("-")) ?? args[0] ?? "";

  if (/[$`]/.test(cmd)) return (reasons.push(`the command name is computed (${cmd})`), maxTier(tier, "RED"));
  if (SHELLS.has(name)) {
    const inline = args[0] === "-c" ? args[1] : name === "eval" ? args.join(" ") : undefined;
    reasons.push(`runs another shell (${name})`);
    return maxTier(tier, "ORANGE", inline !== undefined ? classifyCommand(inline).tier : "ORANGE");
  }
  if (name.startsWith("mkfs") || name === "wipefs" || name === "fdisk" || name === "sfdisk" || name === "parted" || name === "sgdisk") {
    return (reasons.push(`${name} rewrites a disk`), "BLACK");
  }
  if (name === "dd" && args.some((a) => a.startsWith("of=/dev/") && BLOCK_DEVICE.test(a.slice(3)))) {
    return (reasons.push("dd onto a disk"), "BLACK");
  }
  if (name === "shred" && args.some((a) => BLOCK_DEVICE.test(a))) return (reasons.push("shred of a disk"), "BLACK");
  if (name === "rm") {
    const recursive = args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === "--recursive");
    const targets = args.filter((a) => !a.startsWith("-"));
    if (targets.some((t) => SYSTEM_DIRS.has(t.replace(/\/+$/, "") || "/") || t === "/*" || t === "~")) {
      return (reasons.push(`rm of a system folder (${targets.join(" ")})`), "BLACK");
    }
    if (args.includes("--no-preserve-root")) return (reasons.push("rm --no-preserve-root"), "BLACK");
    reasons.push(recursive ? "recursive delete" : "deletes files");
    return maxTier(tier, recursive ? "RED" : "ORANGE");
  }
  if (NODE_POWER.has(name) || (name === "init" && ["0", "6"].includes(sub)) || (name === "systemctl" && ["poweroff", "reboot", "halt", "kexec"].includes(sub))) {
    return (reasons.push("powers off or reboots the node"), maxTier(tier, "RED"));
  }
  if ((name === "qm" || name === "pct") && ["destroy", "rollback", "delsnapshot"].includes(sub)) {
    return (reasons.push(`${name} ${sub} destroys guest state`), maxTier(tier, "RED"));
  }
  if ((name === "zfs" || name === "zpool") && ["destroy", "rollback", "labelclear"].includes(sub)) {
    return (reasons.push(`${name} ${sub}`), maxTier(tier, name === "zpool" ? "BLACK" : "RED"));
  }
  if (name === "kill" && args.some((a) => a === "1" || a === "-1")) return (reasons.push("kills init or every process"), "BLACK");
  if (name === "chmod" || name === "chown") {
    const targets = args.filter((a) => !a.startsWith("-"));
    if (args.some((a) => /^-[a-zA-Z]*R/.test(a)) && targets.slice(1).some((t) => SYSTEM_DIRS.has(t.replace(/\/+$/, "") || "/"))) {
      return (reasons.push(`recursive ${name} of a system folder`), "BLACK");
    }
  }

  const allowed = READ_ONLY[name];
  const options = args.filter((a) => a.startsWith("-"));
  const operands = args.filter((a) => !a.startsWith("-"));
  // Subcommand entries match the first non-option word; option entries ("-H") allow the command only when
  // every option it carries is one of them.
  const optionEntries = Array.isArray(allowed) ? allowed.filter((a) => a.startsWith("-")) : [];
  const readOnly =
    allowed === true ||
    (Array.isArray(allowed) &&
      (allowed.includes(sub) ||
        (optionEntries.length > 0 && options.length > 0 && options.every((o) => optionEntries.includes(o))) ||
        (args.length === 0 && name !== "qm" && name !== "pct")));
  const writing = WRITING_OPTIONS[name];
  const changes =
    (writing !== undefined && args.some((a) => writing.test(a))) ||
    (name === "ip" && operands[1] !== undefined && !IP_READ_VERBS.has(operands[1])) ||
    (name === "hostname" && operands.length > 0) ||
    (name === "uniq" && operands.length > 1);
  if (readOnly && !changes) return tier;
  reasons.push(`${[name, sub].filter(Boolean).join(" ")} is not on the read-only list`);
  return maxTier(tier, "ORANGE");
}

export function classifyCommand(command: string): Classification {
  const reasons: string[] = [];
  if (FORK_BOMB.test(command)) return { tier: "BLACK", reasons: ["fork bomb"] };
  const split_ = split(command);
  if (!split_) return { tier: "ORANGE", reasons: ["unbalanced quotes"] };
  let tier: Tier = split_.parts.length === 0 ? "ORANGE" : "GREEN";
  if (split_.parts.length === 0) reasons.push("empty command");
  for (const part of split_.parts) tier = maxTier(tier, classifyPart(part, reasons));
  for (let i = 1; i < split_.parts.length; i++) {
    const [from, to] = [effectiveWords(split_.parts[i - 1]!.words)[0] ?? "", effectiveWords(split_.parts[i]!.words)[0] ?? ""];
    if (/^(curl|wget|fetch|nc)$/.test(from.split("/").pop()!) && SHELLS.has(to.split("/").pop()!)) {
      reasons.push("pipes a download into a shell");
      tier = maxTier(tier, "RED");
    }
  }
  if (split_.substitutions.length > 0) {
    reasons.push("uses command substitution");
    // What runs inside counts too; classifying to the end of the line can only over-estimate.
    tier = maxTier(tier, "ORANGE", ...split_.substitutions.map((inner) => classifyCommand(inner).tier));
  }
  return { tier, reasons };
}
