// The slice of ssh2's client API we use. ssh2 ships no types and @types/ssh2 is not installed, so node-ssh's
// `connection` is untyped; these interfaces name what the code relies on.
import type { EventEmitter } from "node:events";
import type { Duplex, Readable } from "node:stream";

/** A session channel: stdout is the stream itself, stderr a side stream. */
export interface SshChannel extends Duplex {
  readonly stderr: Readable;
  setWindow(rows: number, cols: number, height: number, width: number): void;
  close(): void;
  on(event: "exit", listener: (code: number | null, signal?: string) => void): this;
  on(event: "close", listener: () => void): this;
  on(event: "data", listener: (chunk: Buffer) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
}

type ChannelCallback = (err: Error | undefined, channel: SshChannel) => void;

/** ssh2's SFTP session: only whole-file copies are used. */
export interface SftpSession {
  fastPut(local: string, remote: string, callback: (err: Error | undefined) => void): void;
  fastGet(remote: string, local: string, callback: (err: Error | undefined) => void): void;
  stat(path: string, callback: (err: Error | undefined, stats: { size: number; isFile(): boolean }) => void): void;
  end(): void;
}

export interface SshConnection extends EventEmitter {
  sftp(callback: (err: Error | undefined, sftp: SftpSession) => void): unknown;
  exec(command: string, options: object, callback: ChannelCallback): unknown;
  shell(window: { term: string; cols: number; rows: number }, options: object, callback: ChannelCallback): unknown;
  end(): void;
  destroy(): void;
}

export interface SshTarget {
  /** Node name as the rest of the app knows it (Proxmox node name). */
  name: string;
  host: string;
  port: number;
}
