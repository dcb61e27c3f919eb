// `npm run build:addon` turns addon/ into a complete Docker build context. Docker cannot run here, so the
// image is checked piece by piece: the Dockerfile only copies what the context holds and pins the base image and
// Node, the s6 scripts pass shellcheck, and the built folder, copied away from the repository with only its
// declared native dependency beside it, starts the server and serves the page, the card and every file the
// card loads lazily.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_FRONTEND, CARD_FILE, PAGE_FILE } from "../../src/api/static.js";
import { request } from "../helpers/http.js";
import { APP, copyBuiltApp, startBuiltServer } from "./built-app.js";
import { ADDON, REPO, addonConfig } from "./files.js";

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

// The Node the image runs: Alpine's `nodejs` on the base image, the current LTS.
const NODE_MAJOR = 22;

/** Every file of the built frontend, with the URL the page, the card or the card's lazy loads ask for. */
function builtFrontend(): { file: string; url: string }[] {
  const root = path.join(APP, BUNDLED_FRONTEND);
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((rel) => statSync(path.join(root, rel)).isFile())
    .map((rel) => {
      const url = rel.split(path.sep).join("/");
      return { file: path.join(root, rel), url: url === PAGE_FILE ? "/" : `/${url}` };
    });
}

// What a browser accepts for each kind of file: module scripts refuse non-JavaScript types, and
// WebAssembly.instantiateStreaming refuses anything but application/wasm. A new kind of file must be added here.
const CONTENT_TYPES: Record<string, RegExp> = {
  ".html": /^text\/html\b/,
  ".js": /^text\/javascript\b/,
  ".wasm": /^application\/wasm$/,
  ".onnx": /^application\/octet-stream$/,
};

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

  it("builds on HA's Alpine 3.22 or later base with Alpine's Node 22 LTS, the Node the bundle is built for", () => {
    const lines = instructions();
    const from = /^FROM ghcr\.io\/home-assistant\/\$\{BUILD_ARCH\}-base:(\d+)\.(\d+)$/.exec(lines.find((l) => /^FROM\s/i.test(l))!);
    expect(from, "FROM ghcr.io/home-assistant/${BUILD_ARCH}-base:<alpine major>.<minor>").not.toBeNull();
    const [major, minor] = [Number(from![1]), Number(from![2])];
    expect(major > 3 || (major === 3 && minor >= 22), `base ${major}.${minor}`).toBe(true);
    // The image build itself fails when the base stops giving that Node.
    const node = lines.find((l) => /^RUN apk add\b.*\bnodejs\b/.test(l));
    expect(node).toContain(`node --version | grep -q '^v${NODE_MAJOR}\\.'`);
    const manifest = JSON.parse(readFileSync(path.join(APP, "package.json"), "utf8"));
    expect(manifest.engines).toEqual({ node: `>=${NODE_MAJOR}` });
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
    const dir = copyBuiltApp();
    const optionsPath = path.join(dir, "options.json");
    writeFileSync(optionsPath, JSON.stringify(addonConfig().options));
    const server = await startBuiltServer(dir, { JARVIS_OPTIONS_PATH: optionsPath });
    const health = await request(`http://127.0.0.1:${server.port}/api/health`);
    expect(await server.stop()).toBe(0);
    expect(health.status).toBe(200);
    expect(health.json.version).toBe(addonConfig().version);
    expect(server.output()).not.toMatch(/unknown option/);
  });

  it("serves the page, the card and every file the card loads lazily from the built folder alone", async () => {
    const files = builtFrontend();
    const urls = files.map((f) => f.url);
    // The siblings the card imports by name (terminal, wake word engine) and the wake word's model and runtime.
    const card = readFileSync(path.join(APP, BUNDLED_FRONTEND, CARD_FILE), "utf8");
    const siblings = [...card.matchAll(/"(jarvis-[a-z-]+\.js)"/g)].map((m) => `/${m[1]}`);
    expect(siblings.length).toBeGreaterThan(0);
    expect(urls).toEqual(expect.arrayContaining(["/", `/${CARD_FILE}`, ...siblings]));
    const wakeword = urls.filter((u) => u.startsWith("/wakeword/")).map((u) => path.extname(u));
    expect(wakeword).toEqual(expect.arrayContaining([".onnx", ".wasm"]));

    const dir = copyBuiltApp();
    const server = await startBuiltServer(dir, {
      JARVIS_OPTIONS_PATH: path.join(dir, "no-options.json"),
      JARVIS_PASSWORD: "built-app-password-0123",
      JWT_SECRET: "built-app-jwt-secret-0123456789",
    });
    try {
      for (const { file, url } of files) {
        const res = await fetch(`http://127.0.0.1:${server.port}${url}`);
        const body = Buffer.from(await res.arrayBuffer());
        expect(res.status, `${url}: ${body.subarray(0, 200)}`).toBe(200);
        expect(res.headers.get("content-type"), url).toMatch(CONTENT_TYPES[path.extname(file)] ?? /^no type decided$/);
        expect(body.equals(readFileSync(file)), `${url} is the built file`).toBe(true);
      }
    } finally {
      await server.stop();
    }
  });
});
