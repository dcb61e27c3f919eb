// Runs a helper program (sox, ffmpeg, pocketsphinx_continuous) with a deadline, stdin fed from a buffer and
// stdout capped; failures come back as ClientErrors naming the program, so callers need no process plumbing.
import { spawn } from "node:child_process";
import { ClientError } from "../../clients/errors.js";

export interface RunOptions {
  /** The name used in errors ("Pocketsphinx", "Audio conversion"). */
  service: string;
  input?: Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  /** What to tell the user when the program is not installed. */
  missing: string;
  maxStdout?: number;
}

const DEFAULT_MAX_STDOUT = 64 * 1024 * 1024;
const STDERR_KEEP = 2_000;

/** Resolves with stdout when the program exits 0; rejects with a ClientError otherwise. */
export function runProcess(command: string, args: readonly string[], opts: RunOptions): Promise<Buffer> {
  const maxStdout = opts.maxStdout ?? DEFAULT_MAX_STDOUT;
  return new Promise((resolve, reject) => {
    const fail = (kind: ClientError["kind"], message: string, cause?: unknown) =>
      reject(new ClientError(opts.service, kind, message, { cause }));
    if (opts.signal?.aborted) return fail("timeout", `${command} was cancelled before it started`);
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = "";
    let ended: string | undefined;
    const stop = (why: string) => {
      ended ??= why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop(`${command} did not finish within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => stop(`${command} was cancelled`);
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxStdout) return stop(`${command} wrote more than ${maxStdout} bytes`);
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_KEEP);
    });
    // The program may exit before reading all of stdin (bad input); that EPIPE is reported by the exit code.
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? Buffer.alloc(0));

    child.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      if (err.code === "ENOENT") fail("unreachable", opts.missing, err);
      else fail("upstream", `${command} could not be started: ${err.message}`, err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      if (ended !== undefined) return fail(ended.includes("more than") ? "too_large" : "timeout", ended);
      if (code !== 0) {
        const detail = stderr.trim().split("\n").slice(-3).join(" ").trim();
        return fail("bad_request", `${command} failed (exit ${code})${detail ? `: ${detail}` : ""}`);
      }
      resolve(Buffer.concat(out));
    });
  });
}
