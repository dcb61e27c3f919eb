// Builds the clients at once, every class imported up front: for tests and benches that want them without
// waiting. The server loads only those it needs (load.ts).
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import { FrigateClient } from "./frigate.js";
import { HomeAssistantClient } from "./homeassistant/client.js";
import { makeClients, type Clients } from "./make.js";
import { ProxmoxClient } from "./proxmox/client.js";
import { SearxngClient } from "./searxng.js";
import { SshClient } from "./ssh/client.js";

export { closeClients, connectClients, type Clients } from "./make.js";

export function buildClients(config: Config, log: Logger, status: IntegrationStatus): Clients {
  return makeClients(config, log, status, { ProxmoxClient, HomeAssistantClient, FrigateClient, SearxngClient, SshClient });
}
