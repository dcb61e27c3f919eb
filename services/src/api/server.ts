// One port for everything: express for HTTP, ws for /api/ws on the same server. Dead sockets are found by
// protocol pings and dropped; close() ends clients, then the listener, without waiting on idle keep-alives.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Principal } from "./auth.js";
import { createHttpApp, type HttpDeps } from "./http.js";
import type { CommandTable } from "./ws/command.js";
import { Connection } from "./ws/connection.js";

export const WS_PATH = "/api/ws";
const MAX_FRAME_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export interface ApiServerOptions extends HttpDeps {
  commands: CommandTable;
  authTimeoutMs?: number;
}

export class ApiServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly alive = new WeakSet<WebSocket>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ApiServerOptions) {
    this.server = createServer(createHttpApp(opts));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    this.server.on("upgrade", (req, socket, head) => void this.upgrade(req, socket, head));
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname !== WS_PATH) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    // Ingress and a bearer header authenticate at once; a browser sends the auth message instead.
    let principal: Principal | null = this.opts.auth.ingressPrincipal(req);
    if (!principal && req.headers.authorization) {
      try {
        principal = await this.opts.auth.authenticate(req);
      } catch {
        socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
        return;
      }
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, principal));
  }

  private accept(ws: WebSocket, principal: Principal | null): void {
    this.alive.add(ws);
    ws.on("pong", () => this.alive.add(ws));
    ws.on("error", (err) => this.opts.log.debug({ err }, "websocket error"));
    new Connection(ws, principal, {
      auth: this.opts.auth,
      commands: this.opts.commands,
      log: this.opts.log,
      authTimeoutMs: this.opts.authTimeoutMs ?? 10_000,
    });
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.heartbeat = setInterval(() => this.sweep(), HEARTBEAT_MS);
    this.heartbeat.unref();
    return this.server.address() as AddressInfo;
  }

  private sweep(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    const clients = [...this.wss.clients];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            // A client that does not answer the closing handshake is cut after a second.
            const cut = setTimeout(() => ws.terminate(), 1_000);
            ws.once("close", () => {
              clearTimeout(cut);
              resolve();
            });
            ws.close(1001, "server shutting down");
          }),
      ),
    );
    this.wss.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    // Give open requests a moment to finish, then cut what is left.
    const force = setTimeout(() => this.server.closeAllConnections(), 2_000);
    await closed;
    clearTimeout(force);
  }
}
