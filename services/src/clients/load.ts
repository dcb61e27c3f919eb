// The server's clients: each integration's client module (and the libraries it pulls in: the HA WebSocket
// library, ssh2, html-to-text...) is imported only when that integration is configured.
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import { makeClients, type ClientClasses, type Clients } from "./make.js";

export async function loadClients(config: Config, log: Logger, status: IntegrationStatus): Promise<Clients> {
  const [proxmox, ha, frigate, searxng, ssh] = await Promise.all([
    config.proxmox ? import("./proxmox/client.js") : undefined,
    config.homeAssistant ? import("./homeassistant/client.js") : undefined,
    config.frigate ? import("./frigate.js") : undefined,
    config.searxng ? import("./searxng.js") : undefined,
    config.ssh ? import("./ssh/client.js") : undefined,
  ]);
  const classes: ClientClasses = {
    ProxmoxClient: proxmox?.ProxmoxClient,
    HomeAssistantClient: ha?.HomeAssistantClient,
    FrigateClient: frigate?.FrigateClient,
    SearxngClient: searxng?.SearxngClient,
    SshClient: ssh?.SshClient,
  };
  return makeClients(config, log, status, classes);
}
