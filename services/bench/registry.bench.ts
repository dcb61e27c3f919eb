// Registry overhead per GREEN call (validate + tier + gate + event row), with every tool module registered.
// Baseline: the same work done by calling the store directly, without the registry.
import { rmSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { buildClients } from "../src/clients/build.js";
import { loadConfig } from "../src/config/index.js";
import { IntegrationStatus } from "../src/status.js";
import { Store } from "../src/store/db.js";
import { buildRegistry } from "../src/tools/build.js";
import { ApprovalWords } from "../src/tools/approval-words.js";
import type { ToolRegistry } from "../src/tools/registry.js";
import type { Suite } from "./harness.js";

const dir = mkdtempSync(path.join(tmpdir(), "jarvis-bench-registry-"));
let store: Store;
let registry: ToolRegistry;

export const registrySuite: Suite = {
  name: "registry",
  rounds: 300,
  setup: () => {
    // Every module on, pointed at addresses nothing listens on: building tools never connects.
    const { config } = loadConfig({
      JARVIS_OPTIONS_PATH: path.join(dir, "none.json"),
      DATA_DIR: dir,
      PVE_NODES: '[{"name":"pve1","host":"127.0.0.1","port":1}]',
      PVE_TOKEN_ID: "root@pam!bench",
      PVE_TOKEN_SECRET: "x",
      HOME_ASSISTANT_URL: "http://127.0.0.1:1",
      HOME_ASSISTANT_TOKEN: "x",
      FRIGATE_URL: "http://127.0.0.1:1",
      SEARXNG_URL: "http://127.0.0.1:1",
      SSH_KEY_PATH: path.join(dir, "key"),
      FILE_ROOTS: dir,
      PROJECT_ROOTS: dir,
    });
    const log = pino({ level: "silent" });
    store = Store.open(path.join(dir, "j.db"));
    for (let i = 0; i < 200; i++) store.memories.add({ kind: "semantic", content: `fact number ${i} about node pve${i % 3}` });
    registry = buildRegistry({ config, store, words: new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey), clients: buildClients(config, log, new IntegrationStatus(config)), log, secretValues: [] });
  },
  teardown: () => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  },
  baseline: { name: "store search direct", run: () => store.memories.search("node pve1", { limit: 5 }) },
  cases: [
    {
      name: "registry.execute(recall)",
      run: () => registry.execute({ name: "recall", args: { query: "node pve1", limit: 5 } }, { actor: "bench", channel: "agent" }),
    },
  ],
  notes: () => [`tools registered: ${registry.list().length}`],
};
