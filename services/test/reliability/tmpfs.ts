// A tiny tmpfs of its own, for a real full disk (ENOSPC) rather than a mocked one. Mounting needs root (or
// CAP_SYS_ADMIN); where it is not allowed, mountTmpfs says why, so a test can skip instead of failing.
import { execFileSync } from "node:child_process";
import { rmSync, statfsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "../helpers/jarvis.js";

export interface Tmpfs {
  dir: string;
  /** Bytes still free for an ordinary user. */
  free(): number;
  /** Takes all the free space but `leave` bytes. */
  fill(leave: number): void;
  /** Gives the space taken by fill back. */
  empty(): void;
  unmount(): void;
}

export function mountTmpfs(bytes: number): Tmpfs | { refused: string } {
  const dir = tempDir("jarvis-tmpfs-");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0700`, "tmpfs", dir], { stdio: "pipe" });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const why = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
    return { refused: `cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): ${why}` };
  }
  const filler = path.join(dir, "filler");
  const free = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  const empty = () => rmSync(filler, { force: true });
  return {
    dir,
    free,
    fill: (leave) => {
      empty();
      writeFileSync(filler, Buffer.alloc(Math.max(0, free() - leave)));
    },
    empty,
    unmount: () => {
      execFileSync("umount", [dir], { stdio: "pipe" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
