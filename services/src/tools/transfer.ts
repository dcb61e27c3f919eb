// transfer (YELLOW): copy inside the configured folders and download into them. Both ends are checked: the
// source must exist inside a folder, the destination's real parent must be inside one, and nothing is
// overwritten unless asked.
import { createWriteStream } from "node:fs";
import { copyFile, constants, rm, stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { SshClient } from "../clients/ssh/client.js";
import type { Tier } from "./tiers.js";
import { isLocalHost } from "./web.js";
import { shellQuote } from "../clients/ssh/exec.js";
import { SandboxError, type Sandbox } from "./sandbox.js";
import { defineTool } from "./tool.js";

export const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/**
 * Follows redirects one hop at a time, so a public address cannot bounce the download onto the home network
 * (the approval was for the address the person saw).
 */
async function fetchFollowing(url: string, signal: AbortSignal): Promise<Response> {
  const startsLocal = isLocalHost(new URL(url).hostname);
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await fetch(current, { signal, redirect: "manual" });
    const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
    if (!location) return res;
    const next = new URL(location, current);
    if (next.protocol !== "http:" && next.protocol !== "https:") throw new Error(`the download redirects to ${next.protocol} addresses, which are refused`);
    if (!startsLocal && isLocalHost(next.hostname)) throw new Error(`the download redirects to ${next.host} on the home network; ask for that address directly`);
    current = next.toString();
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects`);
}

const overwrite = z.boolean().default(false).describe("Replace the destination if it exists");

export function transferTools(sandbox: Sandbox, opts: { maxDownloadBytes?: number } = {}) {
  const cap = opts.maxDownloadBytes ?? MAX_DOWNLOAD_BYTES;
  return [
    defineTool({
      name: "copy_file",
      category: "transfer",
      description: `Copy a file from one place to another inside the configured folders (${sandbox.list().join(", ")}).`,
      input: z.object({ source: z.string().min(1), destination: z.string().min(1), overwrite }),
      tier: "YELLOW",
      summarize: (a) => `Copy ${a.source} to ${a.destination}`,
      handler: async (a) => {
        const from = await sandbox.resolve(a.source);
        const to = await sandbox.resolve(a.destination, { mustExist: false });
        if (!(await stat(from)).isFile()) throw new Error(`${a.source} is not a regular file`);
        await copyFile(from, to, a.overwrite ? 0 : constants.COPYFILE_EXCL).catch((err: NodeJS.ErrnoException) => {
          throw err.code === "EEXIST" ? new Error(`${a.destination} exists; set overwrite to replace it`) : err;
        });
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
      raise: (a): Tier => (isLocalHost(new URL(a.url).hostname) ? "ORANGE" : "GREEN"),
      timeoutMs: 10 * 60_000,
      summarize: (a) => `Download ${a.url} to ${a.destination}`,
      handler: async (a, ctx) => {
        const to = await sandbox.resolve(a.destination, { mustExist: false });
        const exists = await stat(to).then(() => true, () => false);
        if (exists && !a.overwrite) throw new Error(`${a.destination} exists; set overwrite to replace it`);
        const res = await fetchFollowing(a.url, ctx.signal);
        if (!res.ok || !res.body) throw new Error(`the server answered HTTP ${res.status}`);
        const declared = Number(res.headers.get("content-length") ?? "0");
        if (declared > cap) throw new Error(`the file is ${declared} bytes, over the ${cap}-byte limit`);
        let received = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _enc, done) {
            received += chunk.length;
            done(received > cap ? new Error(`the download passed the ${cap}-byte limit and was stopped`) : null, chunk);
          },
        });
        try {
          await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), limit, createWriteStream(to));
        } catch (err) {
          await rm(to, { force: true });
          throw err;
        }
        return { downloaded: to, size_bytes: received, content_type: res.headers.get("content-type") };
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

export function nodeTransferTools(ssh: SshClient, nodes: readonly string[], local: Sandbox, nodeRoots: readonly string[], opts: { maxBytes?: number } = {}) {
  const cap = opts.maxBytes ?? MAX_DOWNLOAD_BYTES;
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
      timeoutMs: 10 * 60_000,
      summarize: (a) => (a.direction === "to_node" ? `Copy ${a.local_path} to ${a.node}:${a.node_path}` : `Copy ${a.node}:${a.node_path} to ${a.local_path}`),
      handler: async (a) => {
        if (a.direction === "to_node") {
          const from = await local.resolve(a.local_path);
          const to = await nodePath(ssh, a.node, a.node_path, nodeRoots, false);
          if (!a.overwrite && (await ssh.exec(a.node, `test -e ${shellQuote(to)}`)).exitCode === 0) {
            throw new Error(`${to} exists on ${a.node}; set overwrite to replace it`);
          }
          await ssh.putFile(a.node, from, to);
          return { copied: `${a.node}:${to}`, size_bytes: (await stat(from)).size };
        }
        const from = await nodePath(ssh, a.node, a.node_path, nodeRoots, true);
        const to = await local.resolve(a.local_path, { mustExist: false });
        if (!a.overwrite && (await stat(to).then(() => true, () => false))) throw new Error(`${a.local_path} exists; set overwrite to replace it`);
        const size = await ssh.getFile(a.node, from, to, cap);
        return { copied: to, size_bytes: size };
      },
    }),
  ];
}
