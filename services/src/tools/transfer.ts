// transfer (YELLOW): copy inside the configured folders, download into them, and move files to and from a
// node. Both ends are checked: the source must exist inside a folder, the destination's real parent must be
// inside one, and nothing is overwritten unless asked. Replacing a file, and writing where Proxmox or Home
// Assistant runs code, is ORANGE with the change shown (writes.ts); a download's URL is judged like
// fetch_webpage's, after resolving it, at every redirect, and fetched from the address that was checked.
import { createWriteStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { toClientError } from "../clients/errors.js";
import type { SshClient } from "../clients/ssh/client.js";
import { shellQuote } from "../clients/ssh/exec.js";
import { fetchChecked } from "../net/fetch.js";
import { UrlError, UrlGuard } from "../net/guard.js";
import { assertOneLink, SandboxError, type Sandbox } from "./sandbox.js";
import { defineTool } from "./tool.js";
import { checkedOr, urlAssessment } from "./web.js";
import { codePlace, combine, fingerprint, HASH_LIMIT, planLocalWrite, putLocal, replaceApproved, writeAssessment, type Fingerprint } from "./writes.js";

export const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
const MAX_REDIRECTS = 5;

const overwrite = z.boolean().default(false).describe("Replace the destination if it exists");

/** A regular file inside the folders with a single name, to read from. */
async function sourceFile(sandbox: Sandbox, requested: string): Promise<{ path: string; size: number }> {
  const file = await sandbox.resolve(requested);
  const s = await stat(file);
  if (!s.isFile()) throw new Error(`${requested} is not a regular file`);
  assertOneLink(s, requested);
  return { path: file, size: s.size };
}

export function transferTools(sandbox: Sandbox, opts: { maxDownloadBytes?: number; urlGuard?: UrlGuard } = {}) {
  const cap = opts.maxDownloadBytes ?? MAX_DOWNLOAD_BYTES;
  const guard = opts.urlGuard ?? new UrlGuard();
  return [
    defineTool({
      name: "copy_file",
      category: "transfer",
      description: `Copy a file from one place to another inside the configured folders (${sandbox.list().join(", ")}).`,
      input: z.object({ source: z.string().min(1), destination: z.string().min(1), overwrite }),
      tier: "YELLOW",
      raise: async (a) => {
        const from = await sourceFile(sandbox, a.source);
        const plan = await planLocalWrite(sandbox, a.destination, a.overwrite);
        return combine({ write: writeAssessment(plan, await fingerprint(from.path, from.size)) });
      },
      summarize: (a) => `Copy ${a.source} to ${a.destination}`,
      handler: async (a, ctx) => {
        const from = await sourceFile(sandbox, a.source);
        const { to } = await planLocalWrite(sandbox, a.destination, a.overwrite);
        // The file opened is the one checked for a second name: a swap after the check is not read.
        const source = await open(from.path, "r");
        try {
          assertOneLink(await source.stat(), a.source);
          await putLocal(to, replaceApproved(ctx.pin), a.overwrite, (temp) =>
            pipeline(source.createReadStream({ autoClose: false, start: 0 }), createWriteStream(temp, { flags: "wx" })),
          );
        } finally {
          await source.close();
        }
        return { copied: to, size_bytes: (await stat(to)).size };
      },
    }),
    defineTool({
      name: "download_file",
      category: "transfer",
      description: `Download an http(s) URL into a configured folder (at most ${Math.round(cap / 1048576)} MiB).`,
      input: z.object({
        url: z.url({ protocol: /^https?$/ }),
        destination: z.string().min(1),
        overwrite,
      }),
      tier: "YELLOW",
      // Reading from the home network could fetch admin pages: like fetch_webpage, it needs approval.
      raise: async (a) =>
        combine({ url: urlAssessment(await guard.check(a.url)), write: writeAssessment(await planLocalWrite(sandbox, a.destination, a.overwrite), null) }),
      timeoutMs: 10 * 60_000,
      summarize: (a) => `Download ${a.url} to ${a.destination}`,
      handler: async (a, ctx) => {
        const { to } = await planLocalWrite(sandbox, a.destination, a.overwrite);
        // Without the registry's check (and so its approval) the URL is checked here and the home network refused.
        const target = checkedOr((ctx.pin as { url?: unknown } | undefined)?.url, a.url);
        const first = typeof target === "string" ? await guard.check(target) : target;
        const res = await fetchChecked(first, guard, { approved: first === target, maxRedirects: MAX_REDIRECTS, timeoutMs: 60_000, signal: ctx.signal }).catch((err: unknown) => {
          throw err instanceof UrlError ? err : toClientError("Download", err);
        });
        let received = 0;
        try {
          if (res.status < 200 || res.status >= 300) throw new Error(`the server answered HTTP ${res.status}`);
          const declared = Number(res.headers["content-length"] ?? "0");
          if (declared > cap) throw new Error(`the file is ${declared} bytes, over the ${cap}-byte limit`);
          const limit = new Transform({
            transform(chunk: Buffer, _enc, done) {
              received += chunk.length;
              done(received > cap ? new Error(`the download passed the ${cap}-byte limit and was stopped`) : null, chunk);
            },
          });
          await putLocal(to, replaceApproved(ctx.pin), a.overwrite, (temp) => pipeline(res.body, limit, createWriteStream(temp, { flags: "wx" })));
        } finally {
          await res.release();
        }
        const contentType = [res.headers["content-type"]].flat()[0] ?? null;
        return { downloaded: to, size_bytes: received, content_type: contentType };
      },
    }),
  ];
}

/**
 * The node side of a transfer: the path is resolved on the node itself (symlinks included) and must fall
 * inside one of the node folders from config.
 */
async function nodePath(ssh: SshClient, node: string, requested: string, roots: readonly string[], mustExist: boolean): Promise<string> {
  if (!requested.startsWith("/") || requested.includes("\0")) throw new SandboxError(`${requested} must be an absolute path`);
  const r = await ssh.exec(node, `realpath ${mustExist ? "-e" : "-m"} -- ${shellQuote(requested)}`, { timeoutMs: 15_000, maxOutputBytes: 8192 });
  if (r.exitCode !== 0) throw new SandboxError(`${requested} does not exist on ${node}`);
  const real = r.stdout.trim();
  if (!roots.some((root) => real === root || real.startsWith(`${root.replace(/\/+$/, "")}/`))) {
    throw new SandboxError(`${requested} on ${node} is outside the folders Jarvis may use there (${roots.join(", ")})`);
  }
  return real;
}

/** What a (resolved) path on a node holds now: size, hash and hard links of a file, or null for nothing. */
async function nodeFile(ssh: SshClient, node: string, real: string): Promise<(Fingerprint & { regular: boolean; links: number }) | null> {
  const p = shellQuote(real);
  const script = `if [ -e ${p} ]; then stat -c '%s %h %F' -- ${p} && if [ -f ${p} ] && [ "$(stat -c %s -- ${p})" -le ${HASH_LIMIT} ]; then sha256sum -- ${p}; fi; else echo absent; fi`;
  const r = await ssh.exec(node, script, { timeoutMs: 120_000, maxOutputBytes: 8192 });
  const [first = "", second = ""] = r.stdout.split("\n");
  const m = /^(\d+) (\d+) (.+)$/.exec(first);
  if (r.exitCode !== 0 || (!m && first !== "absent")) throw new Error(`could not look at ${real} on ${node}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  if (!m) return null;
  const sha256 = /^[0-9a-f]{64}\b/.exec(second)?.[0];
  return { size: Number(m[1]), links: Number(m[2]), regular: m[3]!.startsWith("regular"), ...(sha256 ? { sha256 } : {}) };
}

/** A node file to read from or write over: a regular file with one name (another may be outside the folders). */
function usableNodeFile(file: { regular: boolean; links: number }, shown: string): void {
  if (!file.regular) throw new SandboxError(`${shown} is not a regular file`);
  if (file.links > 1) throw new SandboxError(`${shown} has ${file.links} hard links (the same file under other names, which may be outside the folders Jarvis may use), so it is neither read nor written`);
}

export function nodeTransferTools(ssh: SshClient, nodes: readonly string[], local: Sandbox, nodeRoots: readonly string[], opts: { maxBytes?: number } = {}) {
  const cap = opts.maxBytes ?? MAX_DOWNLOAD_BYTES;
  type Args = { node: string; direction: "to_node" | "from_node"; local_path: string; node_path: string; overwrite: boolean };

  /** Both ends of a transfer, checked, with the tier of what it writes. */
  async function plan(a: Args) {
    if (a.direction === "to_node") {
      const from = await sourceFile(local, a.local_path);
      const to = await nodePath(ssh, a.node, a.node_path, nodeRoots, false);
      const shown = `${a.node}:${to}`;
      const old = await nodeFile(ssh, a.node, to);
      if (old) {
        usableNodeFile(old, shown);
        if (!a.overwrite) throw new Error(`${to} exists on ${a.node}; set overwrite to replace it`);
      }
      const assessment = writeAssessment({ shown, old, place: codePlace(to) }, await fingerprint(from.path, from.size));
      return { from: from.path, to, assessment };
    }
    const from = await nodePath(ssh, a.node, a.node_path, nodeRoots, true);
    const source = await nodeFile(ssh, a.node, from);
    if (source) usableNodeFile(source, `${a.node}:${from}`);
    const write = await planLocalWrite(local, a.local_path, a.overwrite);
    return { from, to: write.to, assessment: writeAssessment(write, source) };
  }

  return [
    defineTool({
      name: "transfer_file",
      category: "transfer",
      description: `Copy a file between Jarvis's folders (${local.list().join(", ")}) and a node's folders (${nodeRoots.join(", ")}).`,
      input: z.object({
        node: z.enum(nodes as [string, ...string[]]),
        direction: z.enum(["to_node", "from_node"]),
        local_path: z.string().min(1),
        node_path: z.string().min(1),
        overwrite,
      }),
      tier: "YELLOW",
      raise: async (a) => combine({ write: (await plan(a)).assessment }),
      timeoutMs: 10 * 60_000,
      summarize: (a) => (a.direction === "to_node" ? `Copy ${a.local_path} to ${a.node}:${a.node_path}` : `Copy ${a.node}:${a.node_path} to ${a.local_path}`),
      handler: async (a, ctx) => {
        const { from, to } = await plan(a);
        const replace = replaceApproved(ctx.pin);
        if (a.direction === "to_node") {
          // Checked just now by plan(); a file that appeared since is replaced only if that was approved.
          if (!replace && (await ssh.exec(a.node, `test -e ${shellQuote(to)}`)).exitCode === 0) {
            throw new Error(`${to} exists on ${a.node}${a.overwrite ? " now (it did not when the call was checked); ask again" : "; set overwrite to replace it"}`);
          }
          await ssh.putFile(a.node, from, to);
          return { copied: `${a.node}:${to}`, size_bytes: (await stat(from)).size };
        }
        let size = 0;
        await putLocal(to, replace, a.overwrite, async (temp) => {
          size = await ssh.getFile(a.node, from, temp, cap);
        });
        return { copied: to, size_bytes: size };
      },
    }),
  ];
}
