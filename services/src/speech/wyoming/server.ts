// The Wyoming TCP server (config.server.wyomingPort, default 10300): HA's Wyoming integration can use Jarvis
// as its STT engine, TTS voice and conversation agent (`handle` program). The engines are injected, so the
// server knows nothing about Whisper, the TTS chain or the agent.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { Logger } from "../../log.js";
import { DEFAULT_LIMITS, encodeEvent, type ParserLimits } from "./codec.js";
import { buildInfo, type InfoOptions } from "./info.js";
import { type WyomingHandler, WyomingSession, type WyomingStt, type WyomingTts } from "./session.js";

export type { HandleContext, WyomingHandler, WyomingStt, WyomingTts } from "./session.js";

export interface WyomingServerOptions {
  port: number;
  /** Bind address (default 127.0.0.1; the add-on binds 0.0.0.0 so HA can connect). */
  host?: string;
  stt: WyomingStt | null;
  tts: WyomingTts | null;
  handle: WyomingHandler | null;
  log: Logger;
  info: InfoOptions;
  maxConnections?: number;
  limits?: Partial<ParserLimits> & { maxAudioBytes?: number; samplesPerChunk?: number };
  /**
   * Peers allowed to connect (Wyoming has no authentication of its own, and `handle` runs agent turns).
   * Default: this machine and HA Core on the Supervisor's network.
   */
  allowedPeers?: readonly string[];
}

export const DEFAULT_WYOMING_PEERS = ["127.0.0.1", "::1", "172.30.32.1"] as const;

const DEFAULTS = {
  host: "127.0.0.1",
  allowedPeers: DEFAULT_WYOMING_PEERS as readonly string[],
  maxConnections: 16,
  // 60 s of 16 kHz 16-bit mono: HA stops streaming on silence long before that.
  maxAudioBytes: 60 * 16_000 * 2,
  samplesPerChunk: 1024,
};

export class WyomingServer {
  private readonly server: Server;
  private readonly sessions = new Set<WyomingSession>();
  private readonly opts: WyomingServerOptions & typeof DEFAULTS;

  constructor(opts: WyomingServerOptions) {
    this.opts = { ...DEFAULTS, ...opts };
    const limits = {
      ...DEFAULT_LIMITS,
      maxAudioBytes: this.opts.maxAudioBytes,
      samplesPerChunk: this.opts.samplesPerChunk,
      ...opts.limits,
    };
    const info = buildInfo(opts.info, { stt: opts.stt !== null, tts: opts.tts !== null, handle: opts.handle !== null });
    const allowed = new Set(this.opts.allowedPeers.map((a) => a.replace(/^::ffff:/, "")));
    this.server = createServer({ noDelay: true }, (socket) => {
      const peer = (socket.remoteAddress ?? "").replace(/^::ffff:/, "");
      if (!allowed.has(peer)) {
        opts.log.warn({ peer }, "Wyoming connection refused: not an allowed peer (WYOMING_ALLOWED_PEERS)");
        socket.destroy();
        return;
      }
      if (this.sessions.size >= this.opts.maxConnections) return this.refuse(socket);
      const session = new WyomingSession(socket, {
        stt: opts.stt,
        tts: opts.tts,
        handle: opts.handle,
        info,
        version: opts.info.version,
        log: opts.log,
        limits,
      });
      this.sessions.add(session);
      socket.on("close", () => this.sessions.delete(session));
    });
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off("error", reject);
        const { port } = this.server.address() as AddressInfo;
        this.opts.log.info({ host: this.opts.host, port }, "wyoming server listening");
        resolve(port);
      });
    });
  }

  get connections(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.destroy();
    this.sessions.clear();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private refuse(socket: Socket): void {
    socket.on("error", () => {});
    const text = `too many connections (limit ${this.opts.maxConnections})`;
    socket.end(encodeEvent({ type: "error", data: { text, code: "busy" } }, this.opts.info.version));
  }
}
