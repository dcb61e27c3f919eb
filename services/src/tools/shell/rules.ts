// What one command (its words, as far as they can be known) destroys: RED for known-destructive actions,
// BLACK for what a dedicated tool would refuse. The protected guests and services are the household's own
// (TierFacts, from PROTECTED_GUESTS and PROTECTED_SERVICES), the same sets lifecycle.ts and system.ts use.
import type { Tier } from "../tiers.js";
import type { TierFacts } from "../tool.js";
import { isDeviceWrite, isSystemTarget, isSysrq } from "./paths.js";
import { UNKNOWN } from "./words.js";

export type Raise = (tier: Tier, reason: string) => void;

export interface RuleContext {
  facts: TierFacts;
  /** Folders the script may have changed into, for relative paths. */
  cwds: readonly string[];
  raise: Raise;
}

/** The root ZFS pool and LVM volume group of a Proxmox VE install, and the volumes in them that hold the system. */
const ROOT_POOL = "rpool";
const ROOT_VG = "pve";
const ROOT_LVS = new Set(["root", "swap", "data"]);

const operands = (args: readonly string[]) => args.filter((a) => !a.startsWith("-"));
/** The subcommand, wherever options put it: the first word that is no option. */
const firstWord = (args: readonly string[]) => args.find((a) => !a.startsWith("-")) ?? "";
const hasShort = (args: readonly string[], letters: RegExp) => args.some((a) => /^-[a-zA-Z]+$/.test(a) && letters.test(a.slice(1)));

/** A guest id in a word: 101, vm:101, vm-101-disk-0, subvol-101-disk-0, /nodes/pve/qemu/101/... */
function guestIds(word: string): number[] {
  const ids = [...word.matchAll(/(?:^|[:/-])(\d{3,9})(?=$|[/-])/g)].map((m) => Number(m[1]));
  return /^\d{3,9}$/.test(word) ? [Number(word)] : ids;
}

const protectedGuestIn = (words: readonly string[], facts: TierFacts) => words.flatMap(guestIds).find((id) => facts.protectedGuests.has(id));

const unitGlob = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);

/** A unit name (pve-cluster, corosync.service, 'pve*') that is or may match a protected service. */
export function protectedUnit(word: string, facts: TierFacts): string | undefined {
  const base = word.replace(/\.(service|socket|target|timer|path|mount)$/, "");
  if (facts.protectedServices.has(base) || facts.protectedServices.has(word)) return base;
  if (/[*?[]/.test(word) || word.includes(UNKNOWN)) {
    const re = unitGlob(word.replace(new RegExp(UNKNOWN, "g"), "*"));
    return [...facts.protectedServices].find((s) => re.test(s) || re.test(`${s}.service`));
  }
  return undefined;
}

const SERVICE_STOP = new Set(["stop", "kill", "disable", "mask", "freeze", "clean"]);
const SERVICE_RESTART = new Set(["restart", "try-restart", "reload-or-restart", "try-reload-or-restart", "condrestart", "force-reload", "reload"]);
const POWER = new Set(["poweroff", "halt", "reboot", "kexec", "soft-reboot", "suspend", "hibernate", "hybrid-sleep", "suspend-then-hibernate"]);

/** systemctl, service, /etc/init.d/X: any word is tried as the verb, so an option's value never hides one. */
function services(words: readonly string[], ctx: RuleContext) {
  const units = words.filter((w) => !w.startsWith("-"));
  const stops = units.some((w) => SERVICE_STOP.has(w) || (w === "--now" && units.includes("disable")));
  const restarts = units.some((w) => SERVICE_RESTART.has(w));
  for (const unit of units) {
    const hit = protectedUnit(unit, ctx.facts);
    if (hit && stops) ctx.raise("BLACK", `stops the protected service ${hit}`);
    else if (hit && restarts) ctx.raise("RED", `restarts the protected service ${hit}`);
  }
  if (units.some((w) => POWER.has(w) || /^(poweroff|halt|reboot|kexec)\.target$/.test(w))) ctx.raise("RED", "powers off or reboots the node");
  if (units.some((w) => ["rescue", "emergency", "rescue.target", "emergency.target"].includes(w))) ctx.raise("BLACK", "drops the node to rescue mode (stops every service)");
  if (units.includes("isolate")) ctx.raise(units.some((w) => /^(multi-user|graphical|default)\.target$/.test(w)) ? "RED" : "BLACK", "isolates a target (stops every other unit)");
  if (stops || restarts) ctx.raise("ORANGE", "changes a service");
}

const GUEST_READ = new Set(["list", "status", "config", "pending", "listsnapshot", "showcmd", "df", "cpusets", "help", "wait"]);
const GUEST_SAFE_FOR_PROTECTED = new Set([...GUEST_READ, "start", "resume", "snapshot"]);
const GUEST_DESTROY = new Set(["destroy", "rollback", "delsnapshot"]);

function guests(tool: string, args: readonly string[], ctx: RuleContext) {
  const sub = firstWord(args);
  if (GUEST_READ.has(sub)) return;
  const hit = protectedGuestIn(args.filter((a) => a !== sub), ctx.facts);
  if (hit !== undefined && !GUEST_SAFE_FOR_PROTECTED.has(sub)) ctx.raise("BLACK", `${tool} ${sub} of the protected guest ${hit}`);
  else if (ctx.facts.protectedGuests.size > 0 && !GUEST_SAFE_FOR_PROTECTED.has(sub) && args.some((a) => a.includes(UNKNOWN))) {
    ctx.raise("RED", `${tool} ${sub} of a guest computed at run time (it may be a protected one)`);
  }
  if (GUEST_DESTROY.has(sub)) ctx.raise("RED", `${tool} ${sub} destroys guest state`);
}

function pvesh(args: readonly string[], ctx: RuleContext) {
  const [method = "", path = ""] = args;
  if (method === "get" || method === "ls" || method === "usage") return;
  const hit = protectedGuestIn([path], ctx.facts);
  const guestPath = /^\/?nodes\/[^/]+\/(qemu|lxc)\/[^/]+(\/|$)/.test(path.replace(/^\/+/, ""));
  if (/\/(stopall|suspendall)$/.test(path)) ctx.raise(ctx.facts.protectedGuests.size > 0 ? "BLACK" : "RED", "stops every guest on a node");
  if (/\/nodes\/[^/]+\/status$/.test(path) && args.some((a) => /reboot|shutdown/.test(a))) ctx.raise("RED", "powers off or reboots the node");
  if (guestPath && hit !== undefined && !/\/status\/(start|resume)$|\/snapshot$/.test(path)) ctx.raise("BLACK", `changes the protected guest ${hit} through the API`);
  if (guestPath && (method === "delete" || /\/rollback$/.test(path))) ctx.raise("RED", "deletes or rolls back a guest through the API");
}

function removal(args: readonly string[], ctx: RuleContext, verb: string) {
  const targets = operands(args);
  if (args.includes("--no-preserve-root")) ctx.raise("BLACK", `${verb} --no-preserve-root`);
  for (const t of targets) for (const cwd of ctx.cwds) if (isSystemTarget(t, cwd)) ctx.raise("BLACK", `${verb} of a system folder (${t})`);
  const recursive = hasShort(args, /[rR]/) || args.includes("--recursive");
  if (recursive) ctx.raise("RED", "recursive delete");
  else ctx.raise("ORANGE", "deletes files");
}

function find(args: readonly string[], ctx: RuleContext, scan: (argv: string[]) => void) {
  const start = args.findIndex((a) => a.startsWith("-") && !["-H", "-L", "-P"].includes(a));
  const roots = (start < 0 ? args : args.slice(0, start)).filter((a) => !["-H", "-L", "-P"].includes(a));
  const expression = start < 0 ? [] : args.slice(start);
  const system = roots.some((r) => ctx.cwds.some((cwd) => isSystemTarget(r, cwd)));
  // Unfiltered (no name, path or regex test, or one that matches everything), find deletes the whole tree.
  const filtered = expression.some((w, i) => /^-(i?name|i?path|i?wholename|i?regex|samefile|inum)$/.test(w) && !/^\*+$/.test(expression[i + 1] ?? "*"));
  if (expression.includes("-delete")) ctx.raise(system && !filtered ? "BLACK" : "RED", system && !filtered ? `find -delete of a whole system folder (${roots.join(" ")})` : "find -delete");
  for (let i = 0; i < expression.length; i++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(expression[i]!)) continue;
    const end = expression.findIndex((w, j) => j > i && (w === ";" || w === "+"));
    const inner = expression.slice(i + 1, end < 0 ? undefined : end);
    ctx.raise("ORANGE", `find ${expression[i]} runs a command`);
    // {} is each match: the starting point itself when nothing filters.
    for (const root of roots.length > 0 ? roots : ["."]) scan(inner.map((w) => w.replace(/\{\}/g, filtered ? `${root}/match` : root)));
  }
  if (expression.some((w) => /^-(fprint|fprint0|fprintf|fls)$/.test(w))) ctx.raise("ORANGE", "find writes a file");
}

/** zfs destroy: a snapshot is RED; the root pool, its top datasets or a protected guest's disk are BLACK. */
function zfs(args: readonly string[], ctx: RuleContext) {
  const sub = firstWord(args);
  const targets = operands(args.slice(1));
  if (sub === "rollback") ctx.raise("RED", "zfs rollback loses everything since the snapshot");
  if (sub !== "destroy") return;
  for (const t of targets) {
    const dataset = t.split("@")[0]!;
    const depth = dataset.split("/").length;
    const hit = protectedGuestIn([dataset], ctx.facts);
    if (hit !== undefined) ctx.raise("BLACK", `zfs destroy of a disk of the protected guest ${hit}`);
    if (!t.includes("@") && (dataset === ROOT_POOL || (dataset.startsWith(`${ROOT_POOL}/`) && (depth <= 2 || dataset.startsWith(`${ROOT_POOL}/ROOT`))) || depth === 1)) {
      ctx.raise("BLACK", `zfs destroy of the pool or its system datasets (${t})`);
    }
  }
  ctx.raise("RED", "zfs destroy");
}

function lvm(name: string, args: readonly string[], ctx: RuleContext) {
  if (name === "vgremove" || name === "pvremove") return ctx.raise("BLACK", `${name} wipes a volume group or disk`);
  const targets = operands(args);
  for (const t of targets) {
    const p = t.startsWith("/dev/mapper/") ? t.slice(12).replace(/-/, "/") : t.replace(/^\/dev\//, "");
    const [vg, lv] = p.split("/");
    const hit = protectedGuestIn([p], ctx.facts);
    if (hit !== undefined) ctx.raise("BLACK", `${name} of a disk of the protected guest ${hit}`);
    if (vg === ROOT_VG && (lv === undefined || ROOT_LVS.has(lv))) ctx.raise("BLACK", `${name} of the system volume ${t}`);
  }
  ctx.raise("RED", `${name} deletes or shrinks a volume`);
}

const LISTING = /^(-l|--list|-d|--dump|-J|--json|-s|--show-size|-p|--print|print|-V|--verify|-x)$/;
const DISK_WRITERS = /^(mkfs(\..+)?|mke2fs|mkdosfs|mkntfs|mkexfatfs|blkdiscard|gdisk|cgdisk|cfdisk|flashrom)$/;

/**
 * Rules by program name; `scan` classifies a command nested in this one (find -exec). A rule raises only for
 * what it finds: that a command is not proven read-only (ORANGE) is readonly.ts's to say.
 */
export function applyRules(name: string, args: readonly string[], ctx: RuleContext, scan: (argv: string[]) => void): void {
  const raise = ctx.raise;
  const anyDevice = () => args.find((a) => isDeviceWrite(a.replace(/^[a-z]+=/, "")));
  if (DISK_WRITERS.test(name)) return raise("BLACK", `${name} rewrites a disk`);
  switch (name) {
    case "rm":
    case "unlink":
      return removal(args, ctx, name);
    case "rmdir":
      return raise("ORANGE", "deletes folders");
    case "mv":
      for (const t of operands(args).slice(0, -1)) for (const cwd of ctx.cwds) if (isSystemTarget(t, cwd)) raise("BLACK", `moves a system folder away (${t})`);
      return raise("ORANGE", "moves files");
    case "find":
      return find(args, ctx, scan);
    case "chmod":
    case "chown":
    case "chgrp": {
      const system = operands(args).slice(1).some((t) => ctx.cwds.some((cwd) => isSystemTarget(t, cwd)));
      if (system) raise(hasShort(args, /R/) || args.includes("--recursive") ? "BLACK" : "RED", `${name} of a system folder`);
      return raise("ORANGE", `${name} changes permissions`);
    }
    case "dd": {
      const out = args.find((a) => a.startsWith("of="))?.slice(3);
      if (out && isDeviceWrite(out)) raise("BLACK", `dd onto a device (${out})`);
      if (out && isSysrq(out)) raise("BLACK", "dd into the sysrq trigger");
      return raise("ORANGE", "dd writes");
    }
    case "tee":
    case "cp":
    case "install":
    case "rsync":
    case "ddrescue":
    case "truncate":
    case "shred":
    case "pv": {
      const device = anyDevice();
      if (device) raise("BLACK", `${name} writes to the device ${device}`);
      if (args.some(isSysrq)) raise("BLACK", "writes the sysrq trigger (reboots or halts the node at once)");
      if (name === "shred") raise("RED", "shred destroys file contents");
      if (name === "rsync" && args.some((a) => a.startsWith("--delete"))) raise("RED", "rsync --delete");
      return raise("ORANGE", `${name} writes files`);
    }
    case "mkswap":
      return raise(anyDevice() ? "BLACK" : "ORANGE", "mkswap formats a device");
    case "wipefs":
      if (args.includes("-n") || args.includes("--no-act") || !args.some((a) => /^(-[a-zA-Z]*[ao]|--all|--offset)/.test(a))) return raise("ORANGE", "wipefs");
      return raise("BLACK", "wipefs erases disk signatures");
    case "sgdisk":
    case "sfdisk":
    case "fdisk":
    case "parted":
      // Listing only when every word is a listing option or a device; anything else edits the partition table.
      if (args.some((a) => LISTING.test(a)) && args.every((a) => LISTING.test(a) || a.startsWith("/dev/"))) return raise("ORANGE", `${name} (listing)`);
      return raise("BLACK", `${name} rewrites a partition table`);
    case "badblocks":
      return raise(hasShort(args, /w/) ? "BLACK" : "ORANGE", "badblocks");
    case "hdparm":
      if (args.some((a) => /^--(security-erase|security-erase-enhanced|trim-sector-ranges|write-sector|make-bad-sector|security-set-pass|dco-restore)/.test(a))) raise("BLACK", "hdparm erases or rewrites the disk");
      return raise("ORANGE", "hdparm");
    case "nvme":
      if (["format", "sanitize", "delete-ns", "detach-ns", "write-zeroes", "write-uncor", "fw-download", "fw-commit"].includes(args[0] ?? "")) raise("BLACK", `nvme ${args[0]} erases or rewrites the disk`);
      return raise("ORANGE", "nvme");
    case "cryptsetup":
      if (args.some((a) => /^(luksFormat|erase|luksErase|reencrypt|luksKillSlot)$/.test(a))) raise("BLACK", "cryptsetup destroys an encrypted volume");
      return raise("ORANGE", "cryptsetup");
    case "mdadm":
      if (args.some((a) => /^(--zero-superblock|--create|-C)$/.test(a))) raise("BLACK", "mdadm rewrites disks");
      if (args.some((a) => /^(--stop|-S|--fail|-f|--remove|-r)$/.test(a))) raise("RED", "mdadm stops or degrades an array");
      return raise("ORANGE", "mdadm");
    case "zpool": {
      const sub = firstWord(args);
      if (["destroy", "labelclear", "create"].includes(sub)) raise("BLACK", `zpool ${sub} wipes a pool or its disks`);
      if (["export", "offline", "detach", "remove", "split", "add", "attach", "replace", "reguid"].includes(sub)) raise("RED", `zpool ${sub}`);
      return;
    }
    case "zfs":
      return zfs(args, ctx);
    case "lvremove":
    case "vgremove":
    case "pvremove":
    case "lvreduce":
    case "lvresize":
    case "vgreduce":
      return lvm(name, args, ctx);
    case "reboot":
    case "poweroff":
    case "halt":
      return raise("RED", "powers off or reboots the node");
    case "shutdown":
      return raise(args.includes("-c") || args.includes("-k") ? "ORANGE" : "RED", "powers off or reboots the node");
    case "init":
    case "telinit":
      if (args.some((a) => /^([0156sS]|single|emergency|rescue)$/.test(a))) raise("BLACK", `${name} ${args.join(" ")} changes the runlevel (halts, reboots or stops every service)`);
      return raise("ORANGE", name);
    case "systemctl":
    case "service":
    case "invoke-rc.d":
    case "update-rc.d":
      return services(args, ctx);
    case "kill": {
      const pids = (args[0]?.startsWith("-") && args[0] !== "--" ? args.slice(args[0] === "-s" || args[0] === "-n" ? 2 : 1) : args).filter((a) => a !== "--");
      if (pids.some((p) => p === "1" || p === "-1")) raise("BLACK", "kills init or every process");
      return raise("ORANGE", "kills processes");
    }
    case "killall5":
      return raise("BLACK", "kills every process");
    case "pkill":
    case "killall":
      for (const w of operands(args)) {
        const hit = protectedUnit(w, ctx.facts) ?? (["systemd", "init", "pmxcfs", "sshd"].includes(w) ? w : undefined);
        if (hit) raise("BLACK", `kills the protected service ${hit}`);
      }
      return raise("ORANGE", "kills processes");
    case "qm":
    case "pct":
      guests(name, args, ctx);
      if (name === "pct" && args[0] === "exec") scan(args.slice(args.indexOf("--") + 1 || 2));
      if (name === "qm" && args[0] === "guest" && args[1] === "exec") scan(args.slice(args.indexOf("--") + 1 || 3));
      return;
    case "pvesh":
      return pvesh(args, ctx);
    case "ha-manager":
      if (protectedGuestIn(args, ctx.facts) !== undefined && args.some((a) => /^(stopped|disabled|remove|stop|relocate|migrate|--state=(stopped|disabled))$/.test(a))) {
        raise("BLACK", "stops a protected guest through the HA manager");
      }
      return;
    case "crontab":
      if (hasShort(args, /r/)) raise("RED", "crontab -r removes every scheduled job");
      return;
    case "lxc-attach":
    case "docker":
      if (args[0] === "exec" || name === "lxc-attach") {
        const dash = args.indexOf("--");
        if (dash >= 0) scan(args.slice(dash + 1));
      }
      return;
    case "ip":
      if (args.includes("netns") && args.includes("exec")) scan(args.slice(args.indexOf("exec") + 2));
      return;
    case "sysctl":
      if (args.some((a) => a.startsWith("kernel.sysrq"))) raise("ORANGE", "sysctl");
      return;
  }
}
