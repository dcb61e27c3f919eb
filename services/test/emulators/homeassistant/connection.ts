// One websocket connection through HA's two phases (websocket_api/http.py and connection.py): auth first
// (auth_required -> auth -> auth_ok | auth_invalid and close), then id'd commands whose ids must increase.
// Like HA, a frame that is not JSON text ends the connection; a JSON array carries several commands.
import type { WebSocket } from "ws";
import { COMMANDS, NO_REPLY, type Session } from "./commands.js";
import { HaError } from "./errors.js";
import type { Hub } from "./hub.js";
import { isDict } from "./schema.js";

const AUTH_TIMEOUT_MS = 10_000;

const errorResult = (id: unknown, payload: Record<string, unknown>) => ({
  id,
  type: "result",
  success: false,
  error: payload,
});
const wellFormed = (msg: unknown): msg is Record<string, unknown> & { id: number; type: string } =>
  isDict(msg) && Number.isInteger(msg.id) && (msg.id as number) > 0 && typeof msg.type === "string" && msg.type !== "";

export function serveConnection(ws: WebSocket, hub: Hub): void {
  const send = (message: unknown) => ws.send(JSON.stringify(message));
  const session: Session = { hub, send, subscriptions: new Map() };
  let authenticated = false;
  let lastId = 0;
  const authTimer = setTimeout(() => ws.close(), AUTH_TIMEOUT_MS);

  function authenticate(msg: unknown) {
    if (!isDict(msg) || msg.type !== "auth" || typeof msg.access_token !== "string") {
      send({
        type: "auth_invalid",
        message: "Auth message incorrectly formatted: required key not provided @ data['access_token']",
      });
      ws.close();
      return;
    }
    if (msg.access_token !== hub.token) {
      send({ type: "auth_invalid", message: "Invalid access token or password" });
      ws.close();
      return;
    }
    clearTimeout(authTimer);
    authenticated = true;
    send({ type: "auth_ok", ha_version: hub.haVersion });
  }

  function command(msg: unknown) {
    if (!wellFormed(msg)) {
      const id = isDict(msg) ? (msg.id ?? null) : 0;
      send(errorResult(id, { code: "invalid_format", message: "Message incorrectly formatted." }));
      return;
    }
    const id = msg.id;
    if (id <= lastId) {
      send(errorResult(id, { code: "id_reuse", message: "Identifier values have to increase." }));
      return;
    }
    const handler = COMMANDS[msg.type];
    if (!handler) {
      send(errorResult(id, { code: "unknown_command", message: "Unknown command." }));
      return;
    }
    lastId = id;
    if (hub.silenced.has(msg.type)) return;
    try {
      const result = handler(session, msg);
      if (result !== NO_REPLY) send({ id, type: "result", success: true, result });
    } catch (err) {
      if (err instanceof HaError) send(errorResult(id, err.payload()));
      else {
        // A bug in the emulator, not a behaviour of HA: say so loudly, then answer as HA would.
        console.error("homeassistant emulator:", err);
        send(errorResult(id, { code: "unknown_error", message: "Unknown error" }));
      }
    }
  }

  ws.on("message", (raw, isBinary) => {
    let data: unknown;
    try {
      if (isBinary) throw new Error("binary frame");
      data = JSON.parse(String(raw));
    } catch {
      ws.close(1003, "Received invalid JSON.");
      return;
    }
    if (!authenticated) authenticate(data);
    else for (const msg of Array.isArray(data) ? data : [data]) command(msg);
  });
  ws.on("close", () => {
    clearTimeout(authTimer);
    for (const unsubscribe of session.subscriptions.values()) unsubscribe();
    session.subscriptions.clear();
  });
  send({ type: "auth_required", ha_version: hub.haVersion });
}
