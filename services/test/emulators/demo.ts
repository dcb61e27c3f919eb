// `npm run demo`: Jarvis backed by the built-in emulators: a simulated Proxmox cluster, home and cameras,
// all on 127.0.0.1. For a newcomer without a home lab, and for checking Jarvis from outside. Labelled demo
// in the log and in /api/health. PORT, DB_PATH, JARVIS_PASSWORD, JWT_SECRET etc. still come from env.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { startJarvis } from "../../src/app.js";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { startFrigateEmulator } from "./frigate/index.js";
import { startHomeAssistantEmulator } from "./homeassistant/index.js";
import { startProxmoxEmulator } from "./proxmox/index.js";
import { startSearxngEmulator } from "./searxng/index.js";

async function main(): Promise<void> {
  const haToken = randomBytes(24).toString("hex");
  const [proxmox, ha, frigate, searxng] = await Promise.all([
    // Demo tasks take a couple of seconds, so progress is visible in the UI.
    startProxmoxEmulator({ taskMs: 2_000 }),
    startHomeAssistantEmulator({ token: haToken }),
    startFrigateEmulator(),
    startSearxngEmulator(),
  ]);
  const stopEmulators = () => Promise.allSettled([proxmox.close(), ha.close(), frigate.close(), searxng.close()]);

  const env: Record<string, string | undefined> = {
    ...process.env,
    // Keep the demo's database apart from a real one unless the caller chose a path.
    DATA_DIR: process.env.DATA_DIR ?? path.resolve("data/demo"),
    // The add-on options file (if any) describes a real home; the demo ignores it.
    JARVIS_OPTIONS_PATH: process.env.JARVIS_OPTIONS_PATH ?? "/nonexistent/jarvis-demo-options.json",
    PVE_NODES: JSON.stringify(proxmox.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, fingerprint: proxmox.fingerprint }))),
    PVE_TOKEN_ID: proxmox.tokenId,
    PVE_TOKEN_SECRET: proxmox.tokenSecret,
    HOME_ASSISTANT_URL: ha.url,
    HOME_ASSISTANT_TOKEN: haToken,
    FRIGATE_URL: frigate.url,
    FRIGATE_ENTRY_CAMERAS: "front_door",
    SEARXNG_URL: searxng.url,
    // The demo's own clients never touch a real home: no MQTT broker, SSH or supervisor.
    MQTT_BROKER_URL: undefined,
    SSH_KEY_PATH: undefined,
    SUPERVISOR_TOKEN: undefined,
  };
  let loaded;
  try {
    loaded = loadConfig(env);
  } catch (err) {
    await stopEmulators();
    if (err instanceof ConfigError) {
      process.stderr.write(`jarvis demo: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const jarvis = await startJarvis(loaded, { demo: true });
  jarvis.log.warn(
    { proxmox: proxmox.nodes.map((n) => n.url), homeAssistant: ha.url, frigate: frigate.url, searxng: searxng.url },
    "DEMO MODE: the cluster, home and cameras are simulated on 127.0.0.1; nothing real is touched",
  );
  const shutdown = () =>
    void jarvis
      .stop()
      .then(stopEmulators)
      .then(() => process.exit(0));
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`jarvis demo: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
