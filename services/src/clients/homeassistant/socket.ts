// The socket factory home-assistant-js-websocket calls for every (re)connect. Node 20 has no global WebSocket,
// so this opens a `ws` one and runs HA's auth phase itself, failing with the library's own codes
// (ERR_INVALID_AUTH: the token was refused, so the library stops retrying; ERR_CANNOT_CONNECT: try again).
import {
  ERR_CANNOT_CONNECT,
  ERR_INVALID_AUTH,
  type ConnectionOptions,
  type HaWebSocket,
} from "home-assistant-js-websocket";
import { WebSocket } from "ws";
import type { Logger } from "../../log.js";

export interface SocketOptions {
  wsUrl: string;
  token: string;
  /** Bound on opening the socket and finishing auth; a stalled attempt counts as "cannot connect". */
  connectTimeoutMs: number;
  logger: Logger;
  /**
   * False once the client is closed: the library may be mid-reconnect then, and a socket it opens now would
   * outlive the client.
   */
  active(): boolean;
  /** Why the last attempt failed, in words, for the status detail. */
  onFailure(reason: string): void;
}

/** The websocket URL for HA's base URL: the Supervisor proxies HA at /core/websocket; HA serves /api/websocket. */
export function websocketUrl(kind: "supervisor" | "direct", url: string): string {
  const base = new URL(url);
  base.protocol = base.protocol === "https:" ? "wss:" : "ws:";
  const prefix = base.pathname.replace(/\/+$/, "");
  base.pathname = kind === "supervisor" ? `${prefix}/websocket` : `${prefix}/api/websocket`;
  return base.toString();
}

export function socketFactory(opts: SocketOptions): ConnectionOptions["createSocket"] {
  return () => openSocket(opts);
}

function openSocket({ wsUrl, token, connectTimeoutMs, logger, active, onFailure }: SocketOptions): Promise<HaWebSocket> {
  return new Promise((resolve, reject) => {
    if (!active()) {
      reject(ERR_CANNOT_CONNECT);
      return;
    }
    const ws = new WebSocket(wsUrl, { handshakeTimeout: connectTimeoutMs });
    let failure: typeof ERR_CANNOT_CONNECT | typeof ERR_INVALID_AUTH = ERR_CANNOT_CONNECT;
    let reason = "connection closed during authentication";
    const timer = setTimeout(() => {
      reason = `no answer within ${connectTimeoutMs} ms`;
      ws.terminate();
    }, connectTimeoutMs);

    // This listener stays for the socket's whole life: ws emits "error" on network failures, and an emitter
    // with no "error" listener would throw it at the process.
    ws.on("error", (err) => {
      reason = err.message;
      logger.debug({ err: err.message }, "home assistant socket error");
    });

    const onMessage = (raw: Buffer, isBinary: boolean) => {
      let msg: { type?: string; ha_version?: string; message?: string };
      try {
        msg = JSON.parse(isBinary ? "" : String(raw));
      } catch {
        reason = "the server does not speak Home Assistant's websocket API";
        ws.terminate();
        return;
      }
      if (msg.type === "auth_required") {
        ws.send(JSON.stringify({ type: "auth", access_token: token }));
      } else if (msg.type === "auth_invalid") {
        failure = ERR_INVALID_AUTH;
        reason = msg.message ?? "access token refused";
        ws.close();
      } else if (msg.type === "auth_ok") {
        if (!active()) {
          ws.close();
          return;
        }
        settle();
        // Id 1 is reserved by the library for this; HA older than 2022.9 answers unknown_command, which is harmless.
        ws.send(JSON.stringify({ id: 1, type: "supported_features", features: { coalesce_messages: 1 } }));
        resolve(Object.assign(ws, { haVersion: msg.ha_version ?? "" }) as unknown as HaWebSocket);
      }
    };
    const onClose = () => {
      settle();
      onFailure(reason);
      reject(failure);
    };
    const settle = () => {
      clearTimeout(timer);
      ws.off("message", onMessage);
      ws.off("close", onClose);
    };
    ws.on("message", onMessage);
    ws.on("close", onClose);
  });
}
