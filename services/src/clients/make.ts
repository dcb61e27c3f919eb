// Makes a client for each integration that is configured, wired to the integration status that /api/health
// shows, from whichever client classes it is given: build.ts hands it the classes imported up front (tests),
// load.ts only those of the integrations that are on, imported when needed (the server), so an integration
// that is off loads none of its libraries.
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import type { FrigateClient } from "./frigate.js";
import type { HomeAssistantClient } from "./homeassistant/client.js";
import type { ProxmoxClient } from "./proxmox/client.js";
import type { SearxngClient } from "./searxng.js";
import type { SshClient } from "./ssh/client.js";

export interface Clients {
  proxmox: ProxmoxClient | null;
  homeAssistant: HomeAssistantClient | null;
  frigate: FrigateClient | null;
  searxng: SearxngClient | null;
  ssh: SshClient | null;
}

/** The client classes, each present when its integration is configured. */
export interface ClientClasses {
  ProxmoxClient?: typeof ProxmoxClient;
  HomeAssistantClient?: typeof HomeAssistantClient;
  FrigateClient?: typeof FrigateClient;
  SearxngClient?: typeof SearxngClient;
  SshClient?: typeof SshClient;
}

export function makeClients(config: Config, log: Logger, status: IntegrationStatus, c: ClientClasses): Clients {
  const report = (name: Parameters<IntegrationStatus["set"]>[0]) => (state: "up" | "down", detail: string) =>
    status.set(name, state, detail);
  const child = (client: string) => log.child({ client });
  return {
    proxmox: config.proxmox && c.ProxmoxClient ? new c.ProxmoxClient(config.proxmox, child("proxmox"), report("proxmox")) : null,
    homeAssistant:
      config.homeAssistant && c.HomeAssistantClient
        ? new c.HomeAssistantClient(config.homeAssistant, child("home_assistant"), report("home_assistant"))
        : null,
    frigate: config.frigate && c.FrigateClient ? new c.FrigateClient({ url: config.frigate.url }, child("frigate"), report("frigate")) : null,
    searxng: config.searxng && c.SearxngClient ? new c.SearxngClient({ url: config.searxng.url }, child("searxng"), report("searxng")) : null,
    ssh:
      config.ssh && c.SshClient
        ? new c.SshClient(
            {
              targets: config.ssh.nodes.map((n) => ({ name: n.name, host: n.host, port: n.ssh_port })),
              user: config.ssh.user,
              keyPath: config.ssh.keyPath,
              knownHostsPath: config.ssh.knownHosts,
            },
            child("ssh"),
            report("ssh"),
          )
        : null,
  };
}

/** Connects what keeps a connection, in the background: start-up never waits on a slow or absent upstream. */
export function connectClients(clients: Clients, log: Logger): void {
  clients.homeAssistant?.connect().catch((err: unknown) => log.warn({ err }, "Home Assistant not reachable yet"));
  // One cheap read each, so /api/health says up or down from the start instead of "configured".
  clients.proxmox?.clusterStatus().catch((err: unknown) => log.warn({ err }, "Proxmox not reachable yet"));
  clients.frigate?.cameras().catch((err: unknown) => log.warn({ err }, "Frigate not reachable yet"));
}

export async function closeClients(clients: Clients): Promise<void> {
  await Promise.allSettled(Object.values(clients).map((c: { close(): Promise<void> } | null) => c?.close()));
}
