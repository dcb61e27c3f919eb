// Reading and listing inside a sandbox, shared by the files and projects tools: capped, binary-aware, and
// with secrets masked before anything leaves.
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { assertOneLink, SandboxError, type Sandbox } from "./sandbox.js";
import { maskSecrets } from "./secret-filter.js";

export const MAX_READ_BYTES = 64 * 1024;
const MAX_ENTRIES = 500;

export interface TextRead {
  path: string;
  size_bytes: number;
  offset: number;
  text?: string;
  binary?: true;
  truncated: boolean;
  secrets_masked: number;
}

export async function readText(sandbox: Sandbox, requested: string, opts: { offset?: number; maxBytes?: number } = {}): Promise<TextRead> {
  const file = await sandbox.resolve(requested);
  // Checked before opening (a FIFO would block the open), and again on what was opened.
  if (!(await stat(file)).isFile()) throw new Error(`${requested} is not a regular file`);
  const handle = await open(file, "r");
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new SandboxError(`${requested} changed while it was opened`);
    assertOneLink(info, requested);
    const offset = Math.min(opts.offset ?? 0, info.size);
    const want = Math.min(opts.maxBytes ?? MAX_READ_BYTES, MAX_READ_BYTES, info.size - offset);
    const buffer = Buffer.alloc(want);
    const { bytesRead } = await handle.read(buffer, 0, want, offset);
    const bytes = buffer.subarray(0, bytesRead);
    const base = { path: file, size_bytes: info.size, offset, truncated: offset + bytesRead < info.size };
    if (bytes.subarray(0, 8192).includes(0)) return { ...base, binary: true, secrets_masked: 0 };
    const { text, masked } = maskSecrets(bytes.toString("utf8"));
    return { ...base, text, secrets_masked: masked };
  } finally {
    await handle.close();
  }
}

export interface Entry {
  name: string;
  type: "file" | "dir" | "link" | "other";
  size_bytes?: number;
  modified?: string;
}

export async function listDir(sandbox: Sandbox, requested: string): Promise<{ path: string; entries: Entry[]; truncated: boolean }> {
  const dir = await sandbox.resolve(requested);
  const dirents = await readdir(dir, { withFileTypes: true });
  const entries = await Promise.all(
    dirents.slice(0, MAX_ENTRIES).map(async (d): Promise<Entry> => {
      const type = d.isFile() ? "file" : d.isDirectory() ? "dir" : d.isSymbolicLink() ? "link" : "other";
      if (type !== "file") return { name: d.name, type };
      const s = await stat(path.join(dir, d.name)).catch(() => null);
      return { name: d.name, type, size_bytes: s?.size, modified: s?.mtime.toISOString() };
    }),
  );
  entries.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === "dir" ? -1 : 1));
  return { path: dir, entries, truncated: dirents.length > MAX_ENTRIES };
}
