// SSH to the cluster's nodes: key auth, host keys checked against known_hosts (never accepted blindly), one
// reused connection per node, commands with a deadline and an output cap, and PTY shells for the terminal.
import { readFile } from "node:fs/promises";
import { NodeSSH } from "node-ssh";
import type { Logger } from "../../log.js";
import { ClientError } from "../errors.js";
import { hostKeyError, SERVICE, toSshError } from "./errors.js";
import { runCommand, type ExecOptions, type ExecResult } from "./exec.js";
import { KnownHosts } from "./known-hosts.js";
import { NodeLink } from "./link.js";
import { openPty, type ShellOptions, type ShellSession } from "./pty.js";
import type { SftpSession, SshTarget } from "./types.js";

export type { ExecOptions, ExecResult } from "./exec.js";
export type { ShellExit, ShellOptions, ShellSession } from "./pty.js";
export type { SshTarget } from "./types.js";

export interface SshClientOptions {
  targets: readonly SshTarget[];
  user: string;
  /** Private key file (OpenSSH or PEM, no passphrase); read once, on first use. */
  keyPath: string;
  /** OpenSSH known_hosts file; read on every connect, so a line added by hand takes effect at once. */
  knownHostsPath: string;
  /** Close a node's connection after this long with no command or shell on it. */
  idleCloseMs?: number;
  connectTimeoutMs?: number;
  /** Keepalive probe interval; three unanswered probes drop the connection. */
  keepaliveMs?: number;
}

export const SSH_DEFAULTS = {
  idleCloseMs: 60_000,
  connectTimeoutMs: 10_000,
  keepaliveMs: 15_000,
  timeoutMs: 30_000,
  maxOutputBytes: 1024 * 1024,
} as const;

type StatusCallback = (state: "up" | "down", detail: string) => void;

export class SshClient {
  private readonly links = new Map<string, { target: SshTarget; link: NodeLink }>();
  private privateKey: Promise<string> | null = null;
  private lastStatus: "up" | "down" | undefined;

  constructor(
    private readonly opts: SshClientOptions,
    private readonly log: Logger,
    private readonly onStatus?: StatusCallback,
  ) {
    const idle = opts.idleCloseMs ?? SSH_DEFAULTS.idleCloseMs;
    for (const target of opts.targets) {
      this.links.set(target.name, { target, link: new NodeLink(() => this.connect(target), idle) });
    }
  }

  nodes(): string[] {
    return [...this.links.keys()];
  }

  /**
   * Runs a command through the node's login shell. A command still running at timeoutMs is killed on the node
   * and the call rejects with ClientError "timeout"; output past maxOutputBytes is dropped and flagged
   * truncated while the command runs on to its end.
   */
  async exec(node: string, command: string, options: Partial<ExecOptions> = {}): Promise<ExecResult> {
    const { target, link } = this.entry(node);
    const lease = await link.lease();
    try {
      return await runCommand(lease.conn, command, {
        timeoutMs: options.timeoutMs ?? SSH_DEFAULTS.timeoutMs,
        maxOutputBytes: options.maxOutputBytes ?? SSH_DEFAULTS.maxOutputBytes,
        cwd: options.cwd,
      });
    } catch (err) {
      throw toSshError(err, target, this.opts.keyPath);
    } finally {
      lease.release();
    }
  }

  /** An interactive shell on a PTY; it keeps the node's connection open until it ends. */
  async openShell(node: string, options: ShellOptions): Promise<ShellSession> {
    const { target, link } = this.entry(node);
    const lease = await link.lease();
    try {
      return await openPty(lease.conn, options, lease.release);
    } catch (err) {
      throw toSshError(err, target, this.opts.keyPath);
    }
  }

  /** Copies a local file to the node over SFTP. */
  async putFile(node: string, localPath: string, remotePath: string): Promise<void> {
    await this.withSftp(node, (sftp) => new Promise<void>((ok, fail) => sftp.fastPut(localPath, remotePath, (e) => (e ? fail(e) : ok()))));
  }

  /** Copies a file from the node over SFTP, refusing one larger than maxBytes before any byte moves. */
  async getFile(node: string, remotePath: string, localPath: string, maxBytes: number): Promise<number> {
    return this.withSftp(node, async (sftp) => {
      const stats = await new Promise<{ size: number; isFile(): boolean }>((ok, fail) => sftp.stat(remotePath, (e, s) => (e ? fail(e) : ok(s))));
      if (!stats.isFile()) throw new ClientError(SERVICE, "bad_request", `${remotePath} is not a regular file`);
      if (stats.size > maxBytes) throw new ClientError(SERVICE, "too_large", `${remotePath} is ${stats.size} bytes, over the ${maxBytes}-byte limit`);
      await new Promise<void>((ok, fail) => sftp.fastGet(remotePath, localPath, (e) => (e ? fail(e) : ok())));
      return stats.size;
    });
  }

  private async withSftp<T>(node: string, use: (sftp: SftpSession) => Promise<T>): Promise<T> {
    const { target, link } = this.entry(node);
    const lease = await link.lease();
    try {
      const sftp = await new Promise<SftpSession>((ok, fail) => lease.conn.sftp((e, s) => (e ? fail(e) : ok(s))));
      try {
        return await use(sftp);
      } finally {
        sftp.end();
      }
    } catch (err) {
      if (err instanceof ClientError) throw err;
      // SFTP status errors carry a numeric code: 2 = no such file, 3 = permission denied.
      const code = (err as { code?: unknown }).code;
      if (code === 2) throw new ClientError(SERVICE, "not_found", (err as Error).message, { cause: err });
      if (code === 3) throw new ClientError(SERVICE, "auth", `permission denied: ${(err as Error).message}`, { cause: err });
      throw toSshError(err, target, this.opts.keyPath);
    } finally {
      lease.release();
    }
  }

  /** Whether a node currently holds an open (or opening) connection. */
  isConnected(node: string): boolean {
    return this.entry(node).link.isOpen;
  }

  async close(): Promise<void> {
    await Promise.all([...this.links.values()].map(({ link }) => link.close()));
  }

  private entry(node: string): { target: SshTarget; link: NodeLink } {
    const found = this.links.get(node);
    if (!found) {
      throw new ClientError(SERVICE, "not_found", `no SSH target named "${node}" (known: ${this.nodes().join(", ")})`);
    }
    return found;
  }

  private async connect(target: SshTarget): Promise<NodeSSH> {
    const ssh = new NodeSSH();
    let refusal: ClientError | undefined;
    try {
      const [privateKey, knownHosts] = await Promise.all([this.readKey(), KnownHosts.load(this.opts.knownHostsPath)]);
      await ssh.connect({
        host: target.host,
        port: target.port,
        username: this.opts.user,
        privateKey,
        readyTimeout: this.opts.connectTimeoutMs ?? SSH_DEFAULTS.connectTimeoutMs,
        keepaliveInterval: this.opts.keepaliveMs ?? SSH_DEFAULTS.keepaliveMs,
        keepaliveCountMax: 3,
        algorithms: { serverHostKey: knownHosts.preferredAlgorithms(target.host, target.port) },
        hostVerifier: (key: Buffer) => {
          const verdict = knownHosts.verify(target.host, target.port, key);
          if (verdict !== "trusted") refusal = hostKeyError(verdict, target, key, knownHosts.path);
          return verdict === "trusted";
        },
      });
    } catch (err) {
      ssh.dispose();
      const error = refusal ?? toSshError(err, target, this.opts.keyPath);
      this.log.warn({ node: target.name, kind: error.kind, err: error.message }, "ssh connect failed");
      this.report("down", error.explain());
      throw error;
    }
    this.log.debug({ node: target.name }, "ssh connected");
    this.report("up", `connected to ${target.name}`);
    return ssh;
  }

  /** The key is read once; a failed read is not cached, so fixing the file fixes the next attempt. */
  private readKey(): Promise<string> {
    if (!this.privateKey) {
      const path = this.opts.keyPath;
      this.privateKey = readFile(path, "utf8").catch((err: NodeJS.ErrnoException) => {
        this.privateKey = null;
        const why = err.code ?? err.message;
        throw new ClientError(SERVICE, "auth", `cannot read the SSH key ${path}: ${why}`, { cause: err });
      });
    }
    return this.privateKey;
  }

  /** Reports changes only, so a busy client does not flood the health feed. */
  private report(state: "up" | "down", detail: string): void {
    if (state === this.lastStatus && state === "up") return;
    this.lastStatus = state;
    this.onStatus?.(state, detail);
  }
}
