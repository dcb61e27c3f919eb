// Paths that matter to the classifier: the system folders whose loss takes a node down, devices whose writing
// wipes a disk, and the few /dev and /proc files with side effects even on read (a watchdog reboots the node
// when its file is opened and closed) or write (sysrq).
import { UNKNOWN } from "./words.js";

/** Folders whose recursive deletion, move or mode change breaks the node (BLACK). */
const SYSTEM_DIRS = new Set([
  "/", "/bin", "/boot", "/boot/efi", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/proc", "/root", "/run",
  "/sbin", "/srv", "/sys", "/usr", "/usr/bin", "/usr/lib", "/usr/lib64", "/usr/local", "/usr/sbin", "/usr/share", "/var", "/var/lib",
  "/var/log", "/etc/pve", "/var/lib/vz", "/var/lib/pve-cluster", "/var/lib/dpkg", "/etc/ssh", "/etc/systemd", "/etc/network", "/etc/corosync",
]);
/** Folders whose whole contents (/etc/*) matter as much as the folder itself. */
const CONTENT_DIRS = new Set(["/", "/bin", "/boot", "/etc", "/lib", "/lib64", "/sbin", "/usr", "/var", "/var/lib", "/etc/pve", "/dev", "/sys", "/proc"]);

const HOME = "/root";

/** Resolves . and .. and repeated slashes; relative paths against `cwd` (the shell starts in root's home). */
export function normalize(path: string, cwd = HOME): string {
  const absolute = path.startsWith("/") ? path : path === "~" || path.startsWith("~/") ? HOME + path.slice(1) : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of absolute.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

const globToRegex = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]").replace(/\[!/g, "[^")}$`);

const hasGlob = (path: string) => /[*?[]/.test(path);

/** The path is, or may match, a system folder or all of its contents. */
export function isSystemTarget(path: string, cwd = HOME): boolean {
  if (path.includes(UNKNOWN)) return false;
  const p = normalize(path, cwd);
  if (SYSTEM_DIRS.has(p)) return true;
  if (!hasGlob(p)) return false;
  const re = globToRegex(p);
  for (const dir of SYSTEM_DIRS) if (re.test(dir)) return true;
  // /etc/* or /e*/* : every entry of a folder that matters.
  const parent = p.slice(0, p.lastIndexOf("/")) || "/";
  const leaf = p.slice(p.lastIndexOf("/") + 1);
  if (/^\*+$/.test(leaf)) {
    if (CONTENT_DIRS.has(parent)) return true;
    if (hasGlob(parent)) for (const dir of CONTENT_DIRS) if (globToRegex(parent).test(dir)) return true;
  }
  return false;
}

const HARMLESS_DEVICES = /^\/dev\/(null|zero|full|random|urandom|stdin|stdout|stderr|tty|console|kmsg|fd\/\d+|pts\/\d+)$/;

/** Writing here wipes a disk, memory or a device: anything under /dev but the harmless ones. */
export function isDeviceWrite(path: string): boolean {
  if (path.includes(UNKNOWN)) return /^\/dev\//.test(path) && !/^\/dev\/(null|stdout|stderr)/.test(path);
  const p = normalize(path);
  return p.startsWith("/dev/") && !HARMLESS_DEVICES.test(p);
}

export const isSysrq = (path: string) => !path.includes(UNKNOWN) && normalize(path) === "/proc/sysrq-trigger";

/**
 * Opening these has effects: a watchdog starts counting, a tape rewinds, a disk or memory device reads
 * raw data. A read-only program may name them only when reading devices is its job (lsblk, smartctl).
 */
export function deviceProblem(word: string, devicesAllowed: boolean): string | null {
  const path = word.includes("=") && !word.startsWith("/") ? word.slice(word.indexOf("=") + 1) : word;
  if (!path.startsWith("/") && !(path.includes("..") && path.includes("dev"))) return null;
  const p = normalize(path);
  if (!p.startsWith("/dev/") || HARMLESS_DEVICES.test(p)) return null;
  if (/^\/dev\/(watchdog|st\d|nst|mem|kmem|port)/.test(p)) return `${p} has side effects when opened`;
  return devicesAllowed ? null : `${p} is a device`;
}
