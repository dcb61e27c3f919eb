// files (GREEN): look around and read inside the configured folders, nowhere else.
import { lstat, rm } from "node:fs/promises";
import { z } from "zod";
import { listDir, MAX_READ_BYTES, readText } from "./fs-read.js";
import type { Sandbox } from "./sandbox.js";
import { defineTool } from "./tool.js";

const pathArg = z.string().min(1).max(4096).describe("Absolute path inside a configured folder, or relative to the first one");

export function filesTools(sandbox: Sandbox) {
  const where = `Configured folders: ${sandbox.list().join(", ")}.`;
  return [
    defineTool({
      name: "list_directory",
      category: "files",
      description: `List a folder's entries (name, type, size, modified). ${where}`,
      input: z.object({ path: pathArg }),
      tier: "GREEN",
      untrusted: true,
      handler: (a) => listDir(sandbox, a.path),
    }),
    defineTool({
      name: "get_file_info",
      category: "files",
      description: `Size, type, permissions and times of a file or folder. ${where}`,
      input: z.object({ path: pathArg }),
      tier: "GREEN",
      handler: async (a) => {
        const real = await sandbox.resolve(a.path);
        const s = await lstat(real);
        return {
          path: real,
          type: s.isFile() ? "file" : s.isDirectory() ? "dir" : "other",
          size_bytes: s.size,
          hard_links: s.nlink,
          mode: `0${(s.mode & 0o7777).toString(8)}`,
          uid: s.uid,
          gid: s.gid,
          modified: s.mtime.toISOString(),
          created: s.birthtime.toISOString(),
        };
      },
    }),
    defineTool({
      name: "read_file",
      category: "files",
      description: `Read a text file (at most ${MAX_READ_BYTES / 1024} KiB per call; use offset for more). Secrets are masked. ${where}`,
      input: z.object({
        path: pathArg,
        offset: z.int().min(0).default(0),
        max_bytes: z.int().min(1).max(MAX_READ_BYTES).default(MAX_READ_BYTES),
      }),
      tier: "GREEN",
      untrusted: true,
      handler: (a) => readText(sandbox, a.path, { offset: a.offset, maxBytes: a.max_bytes }),
    }),
    defineTool({
      name: "delete_file",
      category: "system",
      description: `Delete a file, or a folder with recursive=true. ${where}`,
      input: z.object({ path: pathArg, recursive: z.boolean().default(false) }),
      tier: "ORANGE",
      // Removing a whole tree is hard to undo: the override key, not just the approval keyword. A configured
      // folder is refused before anyone is asked (and again when the call runs).
      raise: async (a) => {
        const real = await sandbox.resolve(a.path).catch(() => null);
        if (real) await sandbox.assertNotRoot(real, "deleted");
        return a.recursive ? "RED" : "GREEN";
      },
      summarize: (a) => `Delete ${a.recursive ? "the folder" : "the file"} ${a.path}`,
      handler: async (a) => {
        const real = await sandbox.resolve(a.path);
        await sandbox.assertNotRoot(real, "deleted");
        const isDir = (await lstat(real)).isDirectory();
        if (isDir && !a.recursive) throw new Error(`${a.path} is a folder; deleting it needs recursive=true`);
        await rm(real, { recursive: a.recursive });
        return { deleted: real };
      },
    }),
  ];
}
