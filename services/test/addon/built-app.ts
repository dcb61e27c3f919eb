// The built add-on app (addon/rootfs/app) copied to a temp folder outside the checkout, as the image holds it
// in /app, and its bundled server started there with node: nothing of the checkout can be found from it.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { tempDir } from "../helpers/jarvis.js";
import { ADDON, REPO } from "./files.js";

export const APP = path.join(ADDON, "rootfs/app");

export interface BuiltServer {
  port: number;
  /** Everything the server wrote so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** A copy of the built app in a new temp folder; returns that folder (the app is in app/ inside it). */
export function copyBuiltApp(): string {
  const dir = tempDir("jarvis-addon-");
  const app = path.join(dir, "app");
  cpSync(APP, app, { recursive: true });
  // What `npm install --omit=dev` does in the image, from the packages this machine already built.
  const manifest = JSON.parse(readFileSync(path.join(app, "package.json"), "utf8"));
  mkdirSync(path.join(app, "node_modules"));
  for (const name of Object.keys(manifest.dependencies)) {
    symlinkSync(path.join(REPO, "node_modules", name), path.join(app, "node_modules", name));
  }
  return dir;
}

/** Starts `node main.js` in dir/app with only PATH and `env`, and waits for its listening line. */
export async function startBuiltServer(dir: string, env: Record<string, string>): Promise<BuiltServer> {
  const child = spawn("node", ["main.js"], {
    cwd: path.join(dir, "app"),
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: "0", WYOMING_PORT: "0", DATA_DIR: path.join(dir, "data"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no listening line:\n${out}`));
    }, 20_000);
    child.stdout.on("data", () => {
      const m = /"port":(\d+)[^\n]*Jarvis is listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then(() => reject(new Error(`exited early:\n${out}`)));
  });
  return {
    port,
    output: () => out,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
