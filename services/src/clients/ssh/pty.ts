// An interactive login shell on a PTY, on its own channel of the node's shared connection. Closing it closes
// the PTY, which hangs up (SIGHUP) everything running in it on the node.
import { StringDecoder } from "node:string_decoder";
import { ClientError } from "../errors.js";
import { SERVICE } from "./errors.js";
import type { SshChannel, SshConnection } from "./types.js";

export interface ShellExit {
  exitCode: number | null;
  signal: string | null;
}

export interface ShellSession {
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  /** Terminal output as text. Output waits (flow control) until the first listener is added. */
  onData(listener: (data: string) => void): () => void;
  /** Called once when the shell is gone (exit, close(), or lost connection); at once if it already is. */
  onExit(listener: (exit: ShellExit) => void): () => void;
  close(): void;
}

export interface ShellOptions {
  cols: number;
  rows: number;
  term?: string;
}

export function openPty(conn: SshConnection, opts: ShellOptions, onEnd: () => void): Promise<ShellSession> {
  return new Promise((resolve, reject) => {
    const window = { term: opts.term ?? "xterm-256color", cols: opts.cols, rows: opts.rows };
    try {
      conn.shell(window, {}, (err, channel) => {
        if (err) {
          onEnd();
          reject(new ClientError(SERVICE, "upstream", `could not open a shell: ${err.message}`, { cause: err }));
          return;
        }
        resolve(new PtySession(channel, onEnd));
      });
    } catch (err) {
      onEnd();
      reject(new ClientError(SERVICE, "unreachable", `connection lost: ${(err as Error).message}`, { cause: err }));
    }
  });
}

class PtySession implements ShellSession {
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly exitListeners = new Set<(exit: ShellExit) => void>();
  private readonly decoder = new StringDecoder("utf8");
  private exit: ShellExit = { exitCode: null, signal: null };
  private ended = false;
  private subscribed = false;

  constructor(
    private readonly channel: SshChannel,
    onEnd: () => void,
  ) {
    channel.on("exit", (code, signal) => {
      this.exit = { exitCode: code, signal: signal ?? null };
      this.drainUnread();
    });
    channel.on("close", () => {
      this.ended = true;
      onEnd();
      for (const listener of this.exitListeners) listener(this.exit);
      this.exitListeners.clear();
      this.dataListeners.clear();
    });
  }

  write(data: string | Buffer): void {
    if (!this.ended) this.channel.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.ended) this.channel.setWindow(rows, cols, 0, 0);
  }

  onData(listener: (data: string) => void): () => void {
    if (!this.subscribed && !this.ended) {
      // Subscribing late on purpose: until now the channel buffers and the server waits, so no output is lost.
      this.subscribed = true;
      const emit = (chunk: Buffer) => {
        const text = this.decoder.write(chunk);
        if (text) for (const l of this.dataListeners) l(text);
      };
      this.channel.on("data", emit);
      this.channel.stderr.on("data", emit);
    }
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onExit(listener: (exit: ShellExit) => void): () => void {
    if (this.ended) {
      listener(this.exit);
      return () => undefined;
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  close(): void {
    if (this.ended) return;
    this.drainUnread();
    this.channel.close();
  }

  /** ssh2 reports "close" only after the output was read, so output nobody asked for is thrown away at the end. */
  private drainUnread(): void {
    if (this.subscribed) return;
    this.channel.resume();
    this.channel.stderr.resume();
  }
}
