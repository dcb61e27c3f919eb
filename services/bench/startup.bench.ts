// Start-up cost: reading and validating the config, then opening the migrated database. Baseline: opening the
// same SQLite file bare, the least any start can do.
import { rmSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { loadConfig } from "../src/config/index.js";
import { Store } from "../src/store/db.js";
import type { Suite } from "./harness.js";

const dir = mkdtempSync(path.join(tmpdir(), "jarvis-bench-"));
const dbPath = path.join(dir, "jarvis.db");
const optionsPath = path.join(dir, "options.json");
const env = {
  JARVIS_OPTIONS_PATH: optionsPath,
  DB_PATH: dbPath,
  DATA_DIR: dir,
  PVE_NODES: '[{"name":"pve","host":"127.0.0.1"},{"name":"pve2","host":"127.0.0.1","port":8007}]',
  PVE_TOKEN_ID: "root@pam!jarvis",
  PVE_TOKEN_SECRET: "secret",
  PRESENCE_DEVICES: '[{"mac":"aa:bb:cc:dd:ee:ff","name":"Phone","owner":"Sam"}]',
};

export const startupSuite: Suite = {
  name: "startup",
  setup: () => {
    writeFileSync(optionsPath, JSON.stringify({ port: 4000, log_level: "info", frigate_url: "http://127.0.0.1:5000" }));
    Store.open(dbPath).close();
  },
  teardown: () => rmSync(dir, { recursive: true, force: true }),
  baseline: {
    name: "bare SQLite open + close",
    run: () => new Database(dbPath).close(),
  },
  cases: [
    { name: "config load", run: () => loadConfig(env) },
    {
      name: "config load + DB open (migrated) + close",
      run: () => {
        loadConfig(env);
        Store.open(dbPath).close();
      },
    },
  ],
};
