// A Home Assistant websocket API on 127.0.0.1 with a small simulated home (the demo's, or one given), for tests
// and the demo mode.
// It serves /api/websocket (HA itself) and /core/websocket (the same API as the Supervisor proxies it);
// any other path gets HA's 404.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { serveConnection } from "./connection.js";
import type { SeedHome } from "./homes/types.js";
import { createHub } from "./hub.js";
import type { HaEvent, HaState } from "./state-machine.js";

const WS_PATHS = new Set(["/api/websocket", "/core/websocket"]);

export interface HomeAssistantEmulator {
  /** http://127.0.0.1:port, HA's base URL. */
  url: string;
  token: string;
  haVersion: string;
  /** Connections accepted since start (reconnects count). */
  connectionCount(): number;
  openConnections(): number;
  /** Cuts every socket without a close handshake, as a network drop or an HA restart would. */
  dropAll(): void;
  /** Events fired since start, optionally only of one type. */
  firedEvents(eventType?: string): HaEvent[];
  state(entityId: string): HaState | undefined;
  /** Sets a state as an integration would (hass.states.async_set); attributes default to the current ones. */
  setState(entityId: string, state: string, attributes?: Record<string, unknown>): HaState;
  /** The items of a to-do list entity. */
  todoItems(entityId: string): readonly { summary: string; status: string }[];
  /** Exposes an entity to Assist or hides it from Assist. */
  setExposed(entityId: string, exposed: boolean): void;
  /** Leaves commands of this type unanswered (true) or answers them again (false). */
  silence(commandType: string, on: boolean): void;
  close(): Promise<void>;
}

export async function startHomeAssistantEmulator(opts: {
  token: string;
  haVersion?: string;
  /** The home it simulates; default the demo's. */
  home?: SeedHome;
}): Promise<HomeAssistantEmulator> {
  const hub = createHub(opts.token, opts.haVersion ?? "2025.6.1", opts.home);
  const sockets = new Set<WebSocket>();
  let accepted = 0;

  const http = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "text/plain" }).end("404: Not Found");
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on("upgrade", (req: IncomingMessage, socket, head) => {
    if (!WS_PATHS.has(new URL(req.url ?? "/", "http://x").pathname)) {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted++;
      sockets.add(ws);
      ws.on("close", () => sockets.delete(ws));
      serveConnection(ws, hub);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: opts.token,
    haVersion: hub.haVersion,
    connectionCount: () => accepted,
    openConnections: () => sockets.size,
    dropAll: () => {
      for (const ws of sockets) ws.terminate();
    },
    firedEvents: (eventType) => hub.machine.fired.filter((e) => !eventType || e.event_type === eventType),
    state: (entityId) => hub.machine.get(entityId),
    setState: (entityId, state, attributes) =>
      hub.machine.set(entityId, state, attributes ?? hub.machine.get(entityId)?.attributes ?? {}),
    todoItems: (entityId) => hub.todo.get(entityId) ?? [],
    setExposed: (entityId, exposed) => {
      hub.exposure.set(entityId, exposed);
    },
    silence: (commandType, on) => {
      if (on) hub.silenced.add(commandType);
      else hub.silenced.delete(commandType);
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
