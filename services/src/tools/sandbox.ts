// Keeps file tools inside the configured folders. A path is resolved through every symlink before it is
// checked, so neither "../" nor a link pointing outside gets past; a path that does not exist yet (a copy's
// destination) is checked through its nearest existing parent. A folder itself is never deleted or written
// over, and a file with a second hard link (another name, perhaps outside) is neither read nor written.
import type { Stats } from "node:fs";
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";

export class SandboxError extends Error {
  override readonly name = "SandboxError";
}

export class Sandbox {
  private readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = roots.map((r) => path.resolve(r));
  }

  get empty(): boolean {
    return this.roots.length === 0;
  }

  list(): readonly string[] {
    return this.roots;
  }

  /** The real absolute path for `requested`, or a SandboxError naming why it is refused. */
  async resolve(requested: string, opts: { mustExist?: boolean } = {}): Promise<string> {
    if (this.roots.length === 0) throw new SandboxError("no folders are configured for file access");
    if (requested.includes("\0")) throw new SandboxError("the path contains a NUL byte");
    const absolute = path.resolve(this.roots[0]!, requested);
    const real = await realOrParent(absolute, opts.mustExist ?? true);
    for (const root of this.roots) {
      const realRoot = await realpath(root).catch(() => null);
      if (realRoot && (real === realRoot || real.startsWith(realRoot + path.sep))) return real;
    }
    throw new SandboxError(`${requested} is outside the folders Jarvis may use (${this.roots.join(", ")})`);
  }

  /**
   * Refuses a resolved path that is a configured folder, or holds one, however the folder was spelled or
   * linked: such a path is never deleted, moved or written over.
   */
  async assertNotRoot(real: string, action: string): Promise<void> {
    const spellings = [...this.roots, ...(await Promise.all(this.roots.map((r) => realpath(r).catch(() => r))))];
    const root = spellings.find((r) => within(r, real));
    if (root !== undefined) {
      throw new SandboxError(`${real} ${root === real ? "is" : "holds"} a folder Jarvis is given (${root}); it is never ${action}`);
    }
  }
}

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * Refuses a file with more than one hard link: another name of the same file may be outside the folders, and
 * reading or writing it here would reach that file.
 */
export function assertOneLink(stats: Stats, shown: string): void {
  if (!stats.isDirectory() && stats.nlink > 1) {
    throw new SandboxError(
      `${shown} has ${stats.nlink} hard links (the same file under other names, which may be outside the folders Jarvis may use), so it is neither read nor written`,
    );
  }
}

async function realOrParent(absolute: string, mustExist: boolean): Promise<string> {
  try {
    return await realpath(absolute);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    if (mustExist) throw new SandboxError(`${absolute} does not exist`);
    // A link that points nowhere yet would be followed by the write: its target, wherever it is, is refused.
    if ((await lstat(absolute).catch(() => null))?.isSymbolicLink()) {
      throw new SandboxError(`${absolute} is a link to a place that does not exist; it is not written through`);
    }
    const parent = path.dirname(absolute);
    if (parent === absolute) throw new SandboxError(`${absolute} does not exist`);
    return path.join(await realOrParent(parent, false), path.basename(absolute));
  }
}
