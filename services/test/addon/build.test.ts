// `npm run build:addon` turns addon/ into a complete Docker build context. Docker cannot run here, so the
// image is checked piece by piece: the Dockerfile only copies what the context holds, the s6 scripts pass
// shellcheck, and the built folder, copied away from the repository with only its declared native dependency
// beside it, starts the server from an options.json made of config.yaml's defaults.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "../helpers/http.js";
import { tempDir } from "../helpers/jarvis.js";
import { ADDON, REPO, addonConfig } from "./files.js";

const APP = path.join(ADDON, "rootfs/app");
const SERVICE_DIR = path.join(ADDON, "rootfs/etc/s6-overlay/s6-rc.d/jarvis");

beforeAll(() => {
  const built = spawnSync("node", ["services/addon-build.mjs"], { cwd: REPO, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
});

/** Dockerfile instructions with their continuation lines joined. */
function instructions(): string[] {
  return readFileSync(path.join(ADDON, "Dockerfile"), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

describe("the add-on build context", () => {
  it("copies only files that exist in addon/ and reaches nothing outside it", () => {
    const lines = instructions();
    expect(lines.filter((l) => /^ADD\s/i.test(l))).toEqual([]);
    const copies = lines.filter((l) => /^COPY\s/i.test(l));
    expect(copies.length).toBeGreaterThan(0);
    for (const line of copies) {
      const args = line.split(/\s+/).slice(1).filter((a) => !a.startsWith("--"));
      for (const source of args.slice(0, -1)) {
        expect(source, line).not.toMatch(/^\/|\.\./);
        expect(existsSync(path.join(ADDON, source)), `${source} in ${line}`).toBe(true);
      }
    }
    expect(lines.find((l) => /^FROM\s/i.test(l))).toMatch(/^FROM ghcr\.io\/home-assistant\/\$\{BUILD_ARCH\}-base:/);
  });

  it("holds the bundled server, its migrations and a manifest of the one native dependency", () => {
    expect(existsSync(path.join(APP, "main.js"))).toBe(true);
    expect(existsSync(path.join(APP, "migrations/meta/_journal.json"))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(APP, "package.json"), "utf8"));
    const installed = JSON.parse(readFileSync(path.join(REPO, "node_modules/better-sqlite3/package.json"), "utf8"));
    expect(manifest.dependencies).toEqual({ "better-sqlite3": installed.version });
    expect(manifest.version).toBe(addonConfig().version);
  });

  it("runs the server as an s6 longrun whose scripts are executable and pass shellcheck", () => {
    expect(readFileSync(path.join(SERVICE_DIR, "type"), "utf8").trim()).toBe("longrun");
    expect(existsSync(path.join(ADDON, "rootfs/etc/s6-overlay/s6-rc.d/user/contents.d/jarvis"))).toBe(true);
    const scripts = ["run", "finish"].map((s) => path.join(SERVICE_DIR, s));
    for (const script of scripts) expect(statSync(script).mode & 0o111, script).toBe(0o111);
    const checked = spawnSync("shellcheck", ["--shell=bash", ...scripts], { encoding: "utf8" });
    expect(checked.error, "shellcheck is not installed (Debian package: shellcheck)").toBeUndefined();
    expect(checked.status, checked.stdout).toBe(0);
  });

  it("starts from the built folder alone with the options the add-on form starts with", async () => {
    const dir = tempDir("jarvis-addon-");
    const app = path.join(dir, "app");
    cpSync(APP, app, { recursive: true });
    // What `npm install --omit=dev` does in the image, from the packages this machine already built.
    const manifest = JSON.parse(readFileSync(path.join(app, "package.json"), "utf8"));
    mkdirSync(path.join(app, "node_modules"));
    for (const name of Object.keys(manifest.dependencies)) {
      symlinkSync(path.join(REPO, "node_modules", name), path.join(app, "node_modules", name));
    }
    const optionsPath = path.join(dir, "options.json");
    writeFileSync(optionsPath, JSON.stringify(addonConfig().options));

    const child = spawn("node", ["main.js"], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        JARVIS_OPTIONS_PATH: optionsPath,
        DATA_DIR: path.join(dir, "data"),
        HOST: "127.0.0.1",
        PORT: "0",
        WYOMING_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line:\n${out}`)), 20_000);
      child.stdout.on("data", () => {
        const m = /"port":(\d+)[^\n]*Jarvis is listening/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      void exited.then(() => reject(new Error(`exited early:\n${out}`)));
    });
    const health = await request(`http://127.0.0.1:${port}/api/health`);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(health.status).toBe(200);
    expect(health.json.version).toBe(addonConfig().version);
    expect(out).not.toMatch(/unknown option/);
  });
});
