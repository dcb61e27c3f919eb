// The process shell: load config (a bad value ends start-up with one line naming the key), start, and stop
// cleanly on SIGTERM/SIGINT so the database is checkpointed and closed.
import { ConfigError, loadConfig } from "./config/index.js";
import { startJarvis } from "./app.js";

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`jarvis: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const jarvis = await startJarvis(loaded);
  const shutdown = (signal: string) => {
    jarvis.log.info({ signal }, "shutting down");
    jarvis.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        jarvis.log.error({ err }, "unclean shutdown");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`jarvis: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
