// One reusable SSH connection to one node. Channels lease it; when the last lease ends an idle timer starts and
// closes it. A connection that died (server restart, network drop seen by keepalive) is replaced on next use.
import type { NodeSSH } from "node-ssh";
import { ClientError } from "../errors.js";
import { SERVICE } from "./errors.js";
import type { SshConnection } from "./types.js";

const CLOSE_GRACE_MS = 2_000;

export interface Lease {
  conn: SshConnection;
  /** Ends this lease; safe to call more than once. */
  release(): void;
}

export class NodeLink {
  private current: Promise<NodeSSH> | null = null;
  private leases = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly open: () => Promise<NodeSSH>,
    private readonly idleCloseMs: number,
  ) {}

  async lease(): Promise<Lease> {
    if (this.closed) throw new ClientError(SERVICE, "unreachable", "the SSH client is closed");
    // Count the lease before awaiting, so the idle timer cannot close the connection under us.
    this.leases++;
    clearTimeout(this.idleTimer);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.leases--;
      if (this.leases > 0 || this.closed || !this.current) return;
      this.idleTimer = setTimeout(() => void this.drop(), this.idleCloseMs);
    };
    try {
      const ssh = await this.connected();
      return { conn: ssh.connection as SshConnection, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Whether a connection is open (or opening) right now. */
  get isOpen(): boolean {
    return this.current !== null;
  }

  /** Ends the connection; resolves once its socket is closed. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.drop();
  }

  private async connected(): Promise<NodeSSH> {
    const reuse = this.current;
    if (reuse) {
      const ssh = await reuse.catch(() => null);
      if (ssh?.isConnected()) return ssh;
      if (this.current === reuse) this.current = null;
    }
    if (!this.current) this.current = this.connect();
    return this.current;
  }

  private connect(): Promise<NodeSSH> {
    const pending = this.open().then((ssh) => {
      // node-ssh stops listening for errors once connected; without a listener a late error would crash us.
      ssh.connection?.on("error", () => this.forget(pending));
      ssh.connection?.on("close", () => this.forget(pending));
      if (this.closed) ssh.dispose();
      return ssh;
    });
    pending.catch(() => this.forget(pending));
    return pending;
  }

  private forget(which: Promise<NodeSSH>): void {
    if (this.current === which) this.current = null;
  }

  private async drop(): Promise<void> {
    const current = this.current;
    this.current = null;
    const ssh = await current?.catch(() => null);
    const conn = ssh?.connection;
    if (!ssh || !conn) return;
    const closed = new Promise<void>((resolve) => conn.once("close", () => resolve()));
    ssh.dispose();
    // A graceful end can hang on a dead network; the socket is cut if the node does not answer in time.
    const cut = setTimeout(() => (conn as SshConnection).destroy(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(cut);
  }
}
