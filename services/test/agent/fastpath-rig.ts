// The fast path over a whole emulated home lab (the demo's home, or another), with the real clients, catalog
// and registry, for tests that call the matcher directly.
import path from "node:path";
import { pino } from "pino";
import { ClientCatalog } from "../../src/agent/fastpath/catalog.js";
import { FastPath } from "../../src/agent/fastpath/fastpath.js";
import { buildClients, closeClients, connectClients, type Clients } from "../../src/clients/build.js";
import { loadConfig } from "../../src/config/index.js";
import { IntegrationStatus } from "../../src/status.js";
import { Store } from "../../src/store/db.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { buildRegistry } from "../../src/tools/build.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import type { SeedHome } from "../emulators/homeassistant/homes/types.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { tempDir } from "../helpers/jarvis.js";

export interface FastRig {
  lab: HomeLab;
  clients: Clients;
  store: Store;
  registry: ToolRegistry;
  catalog: ClientCatalog;
  fast: FastPath;
  close(): Promise<void>;
}

export async function fastRig(home?: SeedHome): Promise<FastRig> {
  const lab = await startHomeLab({ taskMs: 50, home });
  const dir = tempDir();
  const { config } = loadConfig({ JARVIS_OPTIONS_PATH: path.join(dir, "none.json"), DATA_DIR: dir, ...lab.env });
  const log = pino({ level: "silent" });
  const clients = buildClients(config, log, new IntegrationStatus(config));
  connectClients(clients, log);
  await clients.homeAssistant!.connect();
  const store = Store.open(path.join(dir, "j.db"));
  const registry = buildRegistry({ config, store, words: new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey), clients, log, secretValues: [] });
  const catalog = new ClientCatalog(clients, config.proxmox!.nodes.map((n) => n.name));
  return {
    lab,
    clients,
    store,
    registry,
    catalog,
    fast: new FastPath(registry, catalog),
    close: async () => {
      await closeClients(clients);
      await lab.close();
      store.close();
    },
  };
}
