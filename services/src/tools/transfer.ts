// transfer (YELLOW): copy inside the configured folders and download into them. Both ends are checked: the
// source must exist inside a folder, the destination's real parent must be inside one, and nothing is
// overwritten unless asked.
import { createWriteStream } from "node:fs";
import { copyFile, constants, rm, stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { Sandbox } from "./sandbox.js";
import { defineTool } from "./tool.js";

export const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;

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
      timeoutMs: 10 * 60_000,
      summarize: (a) => `Download ${a.url} to ${a.destination}`,
      handler: async (a, ctx) => {
        const to = await sandbox.resolve(a.destination, { mustExist: false });
        const exists = await stat(to).then(() => true, () => false);
        if (exists && !a.overwrite) throw new Error(`${a.destination} exists; set overwrite to replace it`);
        const res = await fetch(a.url, { signal: ctx.signal, redirect: "follow" });
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
