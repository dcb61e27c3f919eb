// The server as `npm start` runs it: the built bundle in its own process, stopped by a signal.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "./helpers/http.js";
import { tempDir } from "./helpers/jarvis.js";
import { BUILT_MAIN, SERVICES, startServerProcess } from "./helpers/server-process.js";
import { TestSocket } from "./helpers/ws.js";

beforeAll(() => {
  const built = spawnSync("node", ["build.mjs"], { cwd: SERVICES, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
});

describe("the server process", () => {
  it("starts on a fresh data dir with every integration off, keeping a generated password out of the log", async () => {
    const dataDir = tempDir();
    const p = await startServerProcess({ DATA_DIR: dataDir });
    const health = await request(`http://127.0.0.1:${p.port}/api/health`);
    expect(Object.values(health.json.integrations).every((i: any) => i.state === "off")).toBe(true);
    const password = readFileSync(path.join(dataDir, "initial-password"), "utf8").trim();
    const login = await request(`http://127.0.0.1:${p.port}/api/auth/login`, { method: "POST", body: { password } });
    expect(login.status).toBe(200);
    expect(p.output()).toMatch(/proxmox is off \(not configured: set PVE_NODES/);
    p.child.kill("SIGTERM");
    expect((await p.exited).code).toBe(0);
    expect(p.output()).not.toContain(password);
  });

  it("stops on SIGTERM with the database checkpointed, consistent and complete", async () => {
    const dataDir = tempDir();
    const dbPath = path.join(dataDir, "db", "jarvis.db");
    const p = await startServerProcess({ DATA_DIR: dataDir, DB_PATH: dbPath, JARVIS_PASSWORD: "pw-for-sigterm", JWT_SECRET: "0123456789abcdef0123" });
    const url = `http://127.0.0.1:${p.port}`;
    // Failed logins are stored as events (below the rate limit, so the real login still works).
    const writes = Array.from({ length: 6 }, (_, i) =>
      request(`${url}/api/auth/login`, { method: "POST", body: { password: `x${i}` } }).catch(() => null),
    );
    const token = (await request(`${url}/api/auth/login`, { method: "POST", body: { password: "pw-for-sigterm" } })).json.token;
    const ws = await TestSocket.open(`ws://127.0.0.1:${p.port}/api/ws`, { headers: { authorization: `Bearer ${token}` } });
    await Promise.all(writes);
    p.child.kill("SIGTERM");
    expect((await p.exited).code).toBe(0);
    expect((await ws.waitClose()).code).toBe(1001);
    expect(p.output()).toContain("Jarvis stopped");

    expect(existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`).length : 0).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const titles = db.prepare("SELECT title FROM events").all().map((r: any) => r.title);
    db.close();
    expect(titles).toContain("Jarvis started");
    expect(titles.filter((t) => t === "Failed login").length).toBeGreaterThan(0);
  });

  it("refuses to start on a bad value with one line naming the key", async () => {
    const run = spawnSync("node", BUILT_MAIN, {
      env: { PATH: process.env.PATH, PORT: "fourthousand", JARVIS_OPTIONS_PATH: "/nonexistent/options.json" },
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([
      'jarvis: invalid configuration: PORT (env): expected a whole number from 0 to 65535, got "fourthousand"',
    ]);
  });

  it("never writes configured secrets to the log", async () => {
    const secrets = { ANTHROPIC_API_KEY: "sk-ant-very-secret-1", PVE_TOKEN_SECRET: "pve-secret-value-2", JARVIS_PASSWORD: "the-password-3" };
    const p = await startServerProcess({ DATA_DIR: tempDir(), LOG_LEVEL: "debug", ...secrets, JWT_SECRET: "jwt-secret-value-of-length" });
    await request(`http://127.0.0.1:${p.port}/api/auth/login`, { method: "POST", body: { password: "sk-ant-very-secret-1" } });
    p.child.kill("SIGTERM");
    await p.exited;
    for (const value of [...Object.values(secrets), "jwt-secret-value-of-length"]) expect(p.output()).not.toContain(value);
  });
});
