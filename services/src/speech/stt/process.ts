// Runs a helper program (sox, ffmpeg, pocketsphinx_continuous) with a deadline, stdin fed from a buffer (or
// chunk by chunk as audio arrives) and stdout capped; failures come back as ClientErrors naming the program,
// so callers need no process plumbing.
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

/** A program being fed: stdin takes chunks as they come; its deadline runs from `end` (or `cancel` kills it). */
export interface RunningProcess {
  write(chunk: Buffer): void;
  /** Closes stdin; resolves with stdout when the program exits 0, rejects with a ClientError otherwise. */
  end(last?: Buffer): Promise<Buffer>;
  cancel(): void;
}

/** Resolves with stdout when the program exits 0; rejects with a ClientError otherwise. */
export function runProcess(command: string, args: readonly string[], opts: RunOptions): Promise<Buffer> {
  return startProcess(command, args, opts).end(opts.input ?? Buffer.alloc(0));
}

/**
 * Starts a program whose input is still arriving (speech while the person speaks), so it works while they
 * talk; the deadline counts from the end of the input, and an abort or `cancel` kills it.
 */
export function startProcess(command: string, args: readonly string[], opts: Omit<RunOptions, "input">): RunningProcess {
  const maxStdout = opts.maxStdout ?? DEFAULT_MAX_STDOUT;
  let settle!: { resolve(out: Buffer): void; reject(err: ClientError): void };
  const done = new Promise<Buffer>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // reported through end()
  const fail = (kind: ClientError["kind"], message: string, cause?: unknown) =>
    settle.reject(new ClientError(opts.service, kind, message, { cause }));
  if (opts.signal?.aborted) {
    fail("timeout", `${command} was cancelled before it started`);
    return { write: () => {}, end: () => done, cancel: () => {} };
  }
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  const out: Buffer[] = [];
  let outBytes = 0;
  let stderr = "";
  let ended: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = (why: string) => {
    ended ??= why;
    child.kill("SIGKILL");
  };
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
    settle.resolve(Buffer.concat(out));
  });
  return {
    write: (chunk) => {
      if (child.stdin.writable) child.stdin.write(chunk);
    },
    end: (last) => {
      timer ??= setTimeout(() => stop(`${command} did not finish within ${opts.timeoutMs} ms`), opts.timeoutMs);
      if (child.stdin.writable) child.stdin.end(last ?? Buffer.alloc(0));
      return done;
    },
    cancel: () => stop(`${command} was cancelled`),
  };
}
