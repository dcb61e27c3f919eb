// The whole chain a card crosses inside Home Assistant, for browser tests: the HA double
// (services/test/ha-double: HA's WebSocket API, HTTP server and frontend shell, hosting the integration's own
// modules unmodified) in front of a running Jarvis server, and a page on the double's origin that builds the
// card as HA's frontend does, on a real home-assistant-js-websocket connection (frontend.js).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import type { BrowserContext, Page } from "playwright-core";

const HERE = import.meta.dirname;
const SERVER = path.resolve(HERE, "../ha-double/server.py");
// Debian's packages live for the system interpreter, not for a pyenv one that may come first on PATH.
export const PYTHON = "/usr/bin/python3";
const MODULES = ["aiohttp", "voluptuous", "yaml"];
const probe = spawnSync(PYTHON, ["-c", `import ${MODULES.join(", ")}`], { encoding: "utf8" });
/** Why the chain cannot run here, or undefined when it can. */
export const chainMissing =
  probe.status === 0 ? undefined : `${PYTHON} cannot import ${MODULES.join(", ")} (apt-get install python3-aiohttp python3-voluptuous python3-yaml)`;

export interface HaUser {
  id: string;
  name: string;
  token: string;
}
export type Who = "admin" | "user";

export interface HaChain {
  url: string;
  users: Record<Who, HaUser>;
  /** The page of one card, as `who` sees it on a dashboard. */
  page(who: Who, card?: string, config?: Record<string, unknown>): string;
  output(): string;
  stop(): Promise<void>;
}

/** Bundles frontend.js (and home-assistant-js-websocket) into one browser module; returns its path. */
async function bundleFrontend(dir: string): Promise<string> {
  const outfile = path.join(dir, "frontend.js");
  await build({ entryPoints: [path.join(HERE, "frontend.js")], outfile, bundle: true, format: "esm", target: "es2022", logLevel: "warning" });
  return outfile;
}

export async function startHaChain(jarvis: { url: string; integrationToken: string }): Promise<HaChain> {
  const dir = mkdtempSync(path.join(tmpdir(), "jarvis-ha-chain-"));
  const frontend = await bundleFrontend(dir);
  const child: ChildProcess = spawn(
    PYTHON,
    [SERVER, "--port", "0", "--jarvis-url", jarvis.url, "--jarvis-token", jarvis.integrationToken, "--frontend", frontend],
    { env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: "1", HOME: dir }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stderr!.on("data", (d) => (out += d));
  const ready = await new Promise<{ url: string; users: Record<Who, HaUser> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the HA double did not start:\n${out}`)), 60_000);
    child.once("exit", (code) => reject(new Error(`the HA double exited with ${code}:\n${out}`)));
    let pending = "";
    child.stdout!.on("data", (d) => {
      out += d;
      pending += d;
      for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.startsWith("{")) continue;
        const parsed = JSON.parse(line) as { ready?: boolean; url: string; users: Record<Who, HaUser> };
        if (parsed.ready) {
          clearTimeout(timer);
          resolve(parsed);
        }
      }
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: ready.url,
    users: ready.users,
    page: (who, card = "jarvis-card", config = { type: `custom:${card}` }) =>
      `${ready.url}/?${new URLSearchParams({ token: ready.users[who].token, card, config: JSON.stringify(config) })}`,
    output: () => out,
    stop: async () => {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a dashboard page of the chain and waits until its card is on it. */
export async function openDashboard(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  await page.goto(url);
  await page.waitForFunction(() => (window as { harness?: unknown }).harness !== undefined, undefined, { timeout: 20_000 });
  return page;
}
