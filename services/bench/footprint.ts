// Idle memory of the add-on as HA runs it: the add-on's own bundle (`npm run build:addon`) started as its own
// process, left alone, then its resident set read from /proc. Once with nothing configured, once with every
// integration on against the demo's emulated lab (the emulators run in this process, not in Jarvis's). And
// `npm start`'s own build (services/dist, bundled the same way for Node 20) with nothing configured.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { startHomeLab } from "../test/emulators/home-lab.js";
import { startServerProcess } from "../test/helpers/server-process.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUNDLE = path.join(ROOT, "addon/rootfs/app/main.js");
const NPM_START = path.join(ROOT, "services/dist/main.js");
/** What the issue asks of an add-on that shares a Raspberry Pi or an HA Green with Home Assistant. */
export const TARGET_MB = { off: 90, demo: 120 };
// Idle means after V8's memory reducer has run: it shrinks the young generation that start-up grew (about
// 10 MB), some 8 to 30 s after the last burst of work.
const SETTLE_MS = 32_000;
const SAMPLES = 5;

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

/** The median resident set of the bundle with `env`, after it has settled. */
async function idleRss(env: Record<string, string>, main = BUNDLE): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "jarvis-rss-"));
  const server = await startServerProcess({ DATA_DIR: dataDir, ...env }, [main]);
  try {
    await sleep(SETTLE_MS);
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      samples.push(rssMb(server.child.pid!));
      await sleep(500);
    }
    return samples.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)]!;
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function footprint(): Promise<string[]> {
  await promisify(execFile)(process.execPath, [path.join(ROOT, "services/addon-build.mjs")], { cwd: ROOT });
  await promisify(execFile)(process.execPath, ["build.mjs"], { cwd: path.join(ROOT, "services") });
  const off = await idleRss({});
  const npmStart = await idleRss({}, NPM_START);
  const lab = await startHomeLab({ taskMs: 200 });
  let demo: number;
  try {
    demo = await idleRss(lab.env);
  } finally {
    await lab.close();
  }
  const line = (what: string, mb: number, target: number) =>
    `${what.padEnd(56)} ${mb.toFixed(1).padStart(6)} MB  (target <= ${target} MB${mb <= target ? "" : ", over"})`;
  return [
    // The image runs Node 22: run the bench under it too (V8's heap differs by major; about 10 MB more there).
    `idle memory under Node ${process.version}`,
    line("idle RSS, add-on bundle, nothing configured", off, TARGET_MB.off),
    line("idle RSS, add-on bundle, demo lab (every integration on)", demo, TARGET_MB.demo),
    line("idle RSS, npm start (services/dist), nothing configured", npmStart, TARGET_MB.off),
  ];
}
