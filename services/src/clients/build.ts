// Builds a client for each integration that is configured, wired to the integration status that
// /api/health shows, and closes them all on shutdown.
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import { HomeAssistantClient } from "./homeassistant/client.js";

export interface Clients {
  homeAssistant: HomeAssistantClient | null;
}

export function buildClients(config: Config, log: Logger, status: IntegrationStatus): Clients {
  const report = (name: Parameters<IntegrationStatus["set"]>[0]) => (state: "up" | "down", detail: string) =>
    status.set(name, state, detail);
  return {
    homeAssistant: config.homeAssistant
      ? new HomeAssistantClient(config.homeAssistant, log.child({ client: "home_assistant" }), report("home_assistant"))
      : null,
  };
}

/** Connects what keeps a connection, in the background: start-up never waits on a slow or absent upstream. */
export function connectClients(clients: Clients, log: Logger): void {
  clients.homeAssistant?.connect().catch((err: unknown) => log.warn({ err }, "Home Assistant not reachable yet"));
}

export async function closeClients(clients: Clients): Promise<void> {
  await Promise.allSettled([clients.homeAssistant?.close()]);
}
