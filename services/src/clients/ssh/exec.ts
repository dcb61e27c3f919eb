// One remote command on its own channel: output capped in memory, a deadline that kills the remote process.
//
// Killing needs care: closing the channel does not stop a remote command (sshd only closes its pipes), and
// sshd ignores the SSH "signal" request for root logins, which is how Proxmox nodes are reached. So the
// command is prefixed with a line that reports the remote shell's PID on stderr (stripped before anyone sees
// it); on timeout a second channel kills that PID's process group (sshd makes each session its own group).
import { ClientError } from "../errors.js";
import { SERVICE } from "./errors.js";
import type { SshChannel, SshConnection } from "./types.js";

export interface ExecOptions {
  timeoutMs: number;
  /** Cap on stdout + stderr kept; past it output is read and dropped (the command is left to finish). */
  maxOutputBytes: number;
  cwd?: string;
}

export interface ExecResult {
  /** Null when the command died of a signal. */
  exitCode: number | null;
  /** e.g. "SIGKILL" when the command died of a signal. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Some output was dropped because of maxOutputBytes. */
  truncated: boolean;
}

const PID_MARK = "jarvis-ssh-pid:";
const PID_LINE = new RegExp(`^${PID_MARK}(\\d+)$`);
/** Longest first stderr line we look at for the PID mark. */
const PID_LINE_MAX = 64;
const KILL_TIMEOUT_MS = 5_000;

/** Runs command; rejects with ClientError "timeout" (after killing it) when timeoutMs passes. */
export function runCommand(conn: SshConnection, command: string, opts: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const onChannel = (err: Error | undefined, channel: SshChannel) => {
      if (err) {
        reject(new ClientError(SERVICE, "upstream", `could not open a channel: ${err.message}`, { cause: err }));
        return;
      }
      collect(conn, channel, command, opts).then(resolve, reject);
    };
    try {
      conn.exec(wrap(command, opts.cwd), {}, onChannel);
    } catch (err) {
      // ssh2 throws synchronously when the socket is already gone.
      reject(new ClientError(SERVICE, "unreachable", `connection lost: ${(err as Error).message}`, { cause: err }));
    }
  });
}

function collect(conn: SshConnection, channel: SshChannel, command: string, opts: ExecOptions): Promise<ExecResult> {
  const output = new CappedOutput(opts.maxOutputBytes);
  const pidLine = new PidLine();
  let exit: { code: number | null; signal: string | null } | undefined;
  channel.on("data", (chunk: Buffer) => output.add("stdout", chunk));
  channel.stderr.on("data", (chunk: Buffer) => output.add("stderr", pidLine.strip(chunk)));
  channel.on("exit", (code, signal) => (exit = { code, signal: signal ?? null }));

  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // On a busy node the PID line may not be here yet: wait for it (a little) rather than leave the command
      // running. Once the command has exited its PID may already belong to another process.
      const killed = settleWithin(pidLine.known, KILL_TIMEOUT_MS).then((pid) => (pid === undefined || exit ? undefined : killGroup(conn, pid)));
      void killed.finally(() => {
        channel.close();
        const message = `command still running after ${opts.timeoutMs} ms, killed: ${command}`;
        reject(new ClientError(SERVICE, "timeout", message));
      });
    }, opts.timeoutMs);
    channel.on("close", () => {
      clearTimeout(timer);
      output.add("stderr", pidLine.flush());
      if (timedOut) return;
      if (!exit) {
        reject(new ClientError(SERVICE, "unreachable", `connection lost while running: ${command}`));
        return;
      }
      resolve({ exitCode: exit.code, signal: exit.signal, ...output.text(), truncated: output.truncated });
    });
  });
}

/** Best effort: the command may have ended, or the connection may be gone; the caller reports the timeout anyway. */
async function killGroup(conn: SshConnection, pid: number): Promise<void> {
  const kill = `kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid} 2>/dev/null; true`;
  await runCommand(conn, kill, { timeoutMs: KILL_TIMEOUT_MS, maxOutputBytes: 1024 }).catch(() => undefined);
}

function wrap(command: string, cwd: string | undefined): string {
  const cd = cwd === undefined ? "" : `cd -- ${shellQuote(cwd)} || exit 1\n`;
  return `printf '${PID_MARK}%s\\n' "$$" >&2\n${cd}${command}`;
}

/** Single-quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The promise's value, or undefined if it takes longer than ms. */
function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Removes the PID line from the start of stderr and remembers the PID. */
class PidLine {
  pid: number | undefined;
  private head: Buffer | null = Buffer.alloc(0);
  private settle!: (pid: number | undefined) => void;
  /** The PID once the first stderr line is in (undefined if that line was not ours, or never came). */
  readonly known = new Promise<number | undefined>((resolve) => (this.settle = resolve));

  strip(chunk: Buffer): Buffer {
    if (this.head === null) return chunk;
    const seen = Buffer.concat([this.head, chunk]);
    const newline = seen.indexOf(0x0a);
    if (newline === -1 && seen.length < PID_LINE_MAX) {
      this.head = seen;
      return Buffer.alloc(0);
    }
    this.head = null;
    const line = newline === -1 ? "" : seen.subarray(0, newline).toString("latin1");
    const match = PID_LINE.exec(line);
    if (match) this.pid = Number(match[1]);
    this.settle(this.pid);
    return match ? seen.subarray(newline + 1) : seen;
  }

  /** Whatever was held back waiting for a newline that never came. */
  flush(): Buffer {
    const rest = this.head ?? Buffer.alloc(0);
    this.head = null;
    this.settle(this.pid);
    return rest;
  }
}

/** Keeps at most max bytes across stdout and stderr; the rest is counted as dropped, never stored. */
class CappedOutput {
  truncated = false;
  private readonly parts = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  private kept = 0;

  constructor(private readonly max: number) {}

  add(stream: "stdout" | "stderr", chunk: Buffer): void {
    const room = this.max - this.kept;
    if (chunk.length > room) this.truncated = true;
    const part = chunk.length > room ? chunk.subarray(0, Math.max(room, 0)) : chunk;
    if (part.length === 0) return;
    // Copy a slice so the dropped remainder of a large chunk is not kept alive by it.
    this.parts[stream].push(part === chunk ? chunk : Buffer.from(part));
    this.kept += part.length;
  }

  text(): { stdout: string; stderr: string } {
    return {
      stdout: Buffer.concat(this.parts.stdout).toString("utf8"),
      stderr: Buffer.concat(this.parts.stderr).toString("utf8"),
    };
  }
}
