// Writing a file: into the configured folders (copy_file, download_file, transfer_file from a node) or onto a
// node (transfer_file to it). What a write would replace and where it lands decide its tier: replacing a file
// is ORANGE, and so is writing where Proxmox or Home Assistant runs what it finds (hookscript snippets, HA's
// configuration, cron, systemd, /etc), with the change shown: the file, its old and new size and hash.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, copyFile, constants, link, lstat, rename, rm } from "node:fs/promises";
import path from "node:path";
import { assertOneLink, SandboxError, type Sandbox } from "./sandbox.js";
import { maxTier } from "./tiers.js";
import type { Assessment } from "./tool.js";

/** Files larger than this are shown by size alone (hashing them would hold up the approval prompt). */
export const HASH_LIMIT = 64 * 1024 * 1024;

export interface Fingerprint {
  size: number;
  sha256?: string;
}

const shown = (f: Fingerprint) => `${f.size} bytes${f.sha256 ? `, sha256 ${f.sha256.slice(0, 16)}` : ""}`;
const key = (f: Fingerprint | null) => (f ? `${f.size}:${f.sha256 ?? "?"}` : "none");

export async function fingerprint(file: string, size: number): Promise<Fingerprint> {
  if (size > HASH_LIMIT) return { size };
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { size, sha256: hash.digest("hex") };
}

// Real absolute paths (here or on a node) where what is written gets run, or configures what runs.
const CODE_PLACES: [RegExp, string][] = [
  [/\/snippets(\/|$)/, "a Proxmox snippets folder, where hookscripts run as root when a guest starts"],
  [/^\/etc\/pve(\/|$)/, "the Proxmox cluster configuration"],
  [/^\/etc\/cron[^/]*(\/|$)|^\/etc\/crontab$|^\/var\/spool\/cron(\/|$)/, "a cron folder, whose jobs run on a schedule"],
  [/^\/(etc|lib|usr\/lib|run)\/systemd(\/|$)|\/\.config\/systemd(\/|$)/, "a systemd folder, whose units run as services"],
  [/^\/etc(\/|$)/, "the system configuration (/etc)"],
  [/^\/(usr\/(local\/)?)?(s?bin|lib(32|64|exec)?)(\/|$)|^\/usr\/share\/perl5(\/|$)/, "a folder of programs or libraries"],
  [/^\/(root|home\/[^/]+)\/\.[^/]+/, "an account's start-up files or SSH keys"],
  [/\/(custom_components|python_scripts|pyscript|appdaemon|blueprints|packages|themes|www|\.storage)(\/|$)/, "Home Assistant's code or configuration"],
  [/\/(configuration|automations|scripts|scenes|secrets|customize|groups|ui-lovelace)\.ya?ml$/, "Home Assistant's configuration"],
  [/^\/(config|homeassistant)(\/|$)/, "Home Assistant's configuration folder"],
];

/** Why writing at this real path could change what Proxmox or Home Assistant runs, or null. */
export function codePlace(real: string): string | null {
  return CODE_PLACES.find(([pattern]) => pattern.test(real))?.[1] ?? null;
}

/** On this machine: the same, or a folder that holds Home Assistant's configuration.yaml above the path. */
async function localCodePlace(real: string): Promise<string | null> {
  const byPath = codePlace(real);
  if (byPath) return byPath;
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    if (await access(path.join(dir, "configuration.yaml")).then(() => true, () => false)) {
      return `Home Assistant's configuration folder (${dir})`;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** A destination about to be written: where it is, what it holds now, and whether code runs from there. */
export interface WritePlan {
  /** As the person will read it ("pve1:/var/lib/vz/snippets/hook.sh"). */
  shown: string;
  old: Fingerprint | null;
  place: string | null;
}

/**
 * Resolves a destination inside the folders for writing: never a folder itself, a directory, or a file with
 * a second hard link; an existing file only with overwrite.
 */
export async function planLocalWrite(sandbox: Sandbox, requested: string, overwrite: boolean): Promise<WritePlan & { to: string }> {
  const to = await sandbox.resolve(requested, { mustExist: false });
  await sandbox.assertNotRoot(to, "written over");
  const now = await lstat(to).catch(() => null);
  if (now) {
    if (!now.isFile()) throw new SandboxError(`${requested} is not a regular file; it is not written over`);
    assertOneLink(now, requested);
    if (!overwrite) throw new Error(`${requested} exists; set overwrite to replace it`);
  }
  return { to, shown: to, old: now ? await fingerprint(to, now.size) : null, place: await localCodePlace(to) };
}

/** What a write's check hands its run. */
export interface WritePin {
  /** The person approved replacing what is there; without it, a file that appeared meanwhile is kept. */
  replace: boolean;
}

/** The tier of writing `next` (its fingerprint, when known beforehand) as planned. */
export function writeAssessment(plan: WritePlan, next: Fingerprint | null): Assessment {
  const pin: WritePin = { replace: plan.old !== null };
  const binding = `${key(plan.old)}>${key(next)}`;
  if (plan.old) {
    const change = `replaces ${plan.shown} (${shown(plan.old)})${next ? ` with ${shown(next)}` : ""}`;
    return { tier: "ORANGE", why: plan.place ? `${change}: ${plan.place}` : change, binding, pin };
  }
  if (plan.place) return { tier: "ORANGE", why: `writes ${plan.shown}, ${plan.place}: a new file${next ? ` of ${shown(next)}` : ""}`, binding, pin };
  return { tier: "GREEN", pin };
}

/** Several checks of one call as one: the highest tier, every reason, each part's pin under its name. */
export function combine(parts: Record<string, Assessment>): Assessment {
  const all = Object.values(parts);
  const why = all.flatMap((a) => (a.why ? [a.why] : [])).join("; ");
  const bindings = all.map((a) => a.binding ?? "");
  return {
    tier: maxTier(...all.map((a) => a.tier)),
    ...(why ? { why } : {}),
    ...(bindings.some(Boolean) ? { binding: bindings.join("|") } : {}),
    pin: Object.fromEntries(Object.entries(parts).map(([name, a]) => [name, a.pin])),
  };
}

/** The write part of a run's pin: replacing is allowed only when the check found a file and it was approved. */
export function replaceApproved(pin: unknown): boolean {
  return (pin as { write?: Partial<WritePin> } | undefined)?.write?.replace === true;
}

/**
 * Puts a file at `to` by writing it beside it first: a new file never lands on one that appeared meanwhile,
 * and a replacement swaps in whole, so a failed write leaves the old file as it was.
 */
export async function putLocal(to: string, replace: boolean, overwrite: boolean, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = path.join(path.dirname(to), `.${path.basename(to)}.${randomUUID().slice(0, 8)}.jarvis-part`);
  try {
    await write(temp);
    if (replace) {
      const now = await lstat(to).catch(() => null);
      if (now) assertOneLink(now, to);
      await rename(temp, to);
      return;
    }
    await link(temp, to).catch(async (err: NodeJS.ErrnoException) => {
      // Filesystems without hard links (FAT, some network shares): an exclusive copy instead.
      if (err.code === "EPERM" || err.code === "ENOTSUP" || err.code === "EOPNOTSUPP") return copyFile(temp, to, constants.COPYFILE_EXCL);
      throw err;
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new Error(overwrite ? `${to} exists now (it did not when the call was checked); ask again` : `${to} exists; set overwrite to replace it`);
    }
    throw err;
  } finally {
    await rm(temp, { force: true });
  }
}
