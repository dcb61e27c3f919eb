// Starts the real server in-process on a free loopback port with a temp data dir, and cleans up after.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { startJarvis, type Jarvis, type StartOptions } from "../../src/app.js";
import { loadConfig } from "../../src/config/index.js";

/** A loopback alias the tests treat as the HA Supervisor's ingress address. */
export const SUPERVISOR_ADDRESS = "127.0.0.2";
export const PASSWORD = "correct horse battery staple";
export const JWT_SECRET = "test-secret-that-is-long-enough-for-hs256";

export interface TestJarvis extends Jarvis {
  url: string;
  wsUrl: string;
  dataDir: string;
  logs: string[];
}

export function tempDir(prefix = "jarvis-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function startTestJarvis(
  env: Record<string, string> = {},
  opts: StartOptions = {},
): Promise<TestJarvis> {
  const dataDir = tempDir();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const loaded = loadConfig({
    JARVIS_OPTIONS_PATH: path.join(dataDir, "no-options.json"),
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    JARVIS_PASSWORD: PASSWORD,
    JWT_SECRET,
    TRUSTED_INGRESS_ADDRESSES: SUPERVISOR_ADDRESS,
    WYOMING_PORT: "0",
    ...env,
  });
  const jarvis = await startJarvis(loaded, { logDestination: destination, ...opts });
  const url = `http://127.0.0.1:${jarvis.port}`;
  return {
    ...jarvis,
    url,
    wsUrl: `ws://127.0.0.1:${jarvis.port}/api/ws`,
    dataDir,
    logs,
    stop: async () => {
      await jarvis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
