// Builds a client for each integration that is configured, wired to the integration status that
// /api/health shows, and closes them all on shutdown.
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import { FrigateClient } from "./frigate.js";
import { HomeAssistantClient } from "./homeassistant/client.js";
import { ProxmoxClient } from "./proxmox/client.js";
import { SearxngClient } from "./searxng.js";
import { SshClient } from "./ssh/client.js";

export interface Clients {
  proxmox: ProxmoxClient | null;
  homeAssistant: HomeAssistantClient | null;
  frigate: FrigateClient | null;
  searxng: SearxngClient | null;
  ssh: SshClient | null;
}

export function buildClients(config: Config, log: Logger, status: IntegrationStatus): Clients {
  const report = (name: Parameters<IntegrationStatus["set"]>[0]) => (state: "up" | "down", detail: string) =>
    status.set(name, state, detail);
  const child = (client: string) => log.child({ client });
  return {
    proxmox: config.proxmox ? new ProxmoxClient(config.proxmox, child("proxmox"), report("proxmox")) : null,
    homeAssistant: config.homeAssistant
      ? new HomeAssistantClient(config.homeAssistant, child("home_assistant"), report("home_assistant"))
      : null,
    frigate: config.frigate ? new FrigateClient({ url: config.frigate.url }, child("frigate"), report("frigate")) : null,
    searxng: config.searxng ? new SearxngClient({ url: config.searxng.url }, child("searxng"), report("searxng")) : null,
    ssh: config.ssh
      ? new SshClient(
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
