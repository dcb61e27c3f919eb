// `npm run demo`: Jarvis backed by the built-in emulators: a simulated Proxmox cluster, home and cameras,
// all on 127.0.0.1. For a newcomer without a home lab, and for checking Jarvis from outside. Labelled demo
// in the log and in /api/health. PORT, DB_PATH, JARVIS_PASSWORD, JWT_SECRET etc. still come from env.
import path from "node:path";
import { startJarvis } from "../../src/app.js";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { CRASHING_GUEST, demoRunbooks } from "./demo-runbooks.js";
import { startHomeLab } from "./home-lab.js";

async function main(): Promise<void> {
  // Demo tasks take a couple of seconds, so progress is visible in the UI.
  const lab = await startHomeLab({ taskMs: 2_000 });
  const stopEmulators = () => lab.close();
  const runbooks = demoRunbooks(lab);

  const env: Record<string, string | undefined> = {
    ...process.env,
    // Keep the demo's database apart from a real one unless the caller chose a path.
    DATA_DIR: process.env.DATA_DIR ?? path.resolve("data/demo"),
    // The add-on options file (if any) describes a real home; the demo ignores it.
    JARVIS_OPTIONS_PATH: process.env.JARVIS_OPTIONS_PATH ?? "/nonexistent/jarvis-demo-options.json",
    ...lab.env,
    // Runbooks on, unless the caller chose their own list.
    ...runbooks.env,
    ...(process.env.RUNBOOKS ? { RUNBOOKS: process.env.RUNBOOKS } : {}),
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
  runbooks.begin();
  jarvis.log.warn(
    { vmid: CRASHING_GUEST },
    `DEMO: guest ${CRASHING_GUEST} (k3s-node) was just started and crashes in a minute; the guest_crash runbook starts it again (see the card's events)`,
  );
  jarvis.log.warn(
    { proxmox: lab.proxmox.nodes.map((n) => n.url), homeAssistant: lab.homeAssistant.url, frigate: lab.frigate.url, searxng: lab.searxng.url },
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
