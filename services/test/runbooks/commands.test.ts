// The runbooks over the WebSocket: runbooks/status says what is on and what runs; runbooks/switch flips the
// household switch for admins only (a password login, or an HA admin relayed by the integration), is kept
// across a restart, and cannot switch on what the add-on option keeps off.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../helpers/http.js";
import { PASSWORD, startTestJarvis, tempDir, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

const INTEGRATION_TOKEN = "integration-token-for-the-runbook-tests-0123";
const RUNBOOKS = JSON.stringify([{ runbook: "guest_crash", max_per_hour: 2, targets: "101,pve2", quiet_hours: "22:00-07:00" }, { runbook: "node_hot" }]);
let jarvis: TestJarvis;
let off: TestJarvis;

beforeAll(async () => {
  jarvis = await startTestJarvis({ INTEGRATION_TOKEN, RUNBOOKS });
  off = await startTestJarvis({ RUNBOOKS, RUNBOOKS_ENABLED: "false" });
}, 60_000);
afterAll(async () => {
  await jarvis?.stop();
  await off?.stop();
});

async function socket(j: TestJarvis, token?: string): Promise<TestSocket> {
  const s = await TestSocket.open(j.wsUrl);
  const login = token ?? (await request(`${j.url}/api/auth/login`, { method: "POST", body: { password: PASSWORD } })).json.token;
  expect((await s.call({ id: 1, type: "auth", access_token: login })).success).toBe(true);
  return s;
}

describe("runbooks over the WebSocket", () => {
  it("runbooks/status lists what is on, with its limits, and the switch", async () => {
    const s = await socket(jarvis);
    const res = await s.call({ id: 2, type: "runbooks/status" });
    expect(res.result).toEqual({
      enabled: true,
      configured: true,
      runbooks: [
        { id: "guest_crash", title: "Start a guest that stopped unexpectedly", max_per_hour: 2, targets: ["101", "pve2"], quiet_hours: "22:00-07:00" },
        { id: "node_hot", title: "Report a hot node with its busiest guests", max_per_hour: 3, targets: [], quiet_hours: null },
      ],
      open: [],
    });
    s.close();
  });

  it("runbooks/switch is for admins: an HA user who is not one is refused, an admin flips it", async () => {
    const relay = await socket(jarvis, INTEGRATION_TOKEN);
    const refused = await relay.call({ id: 2, type: "runbooks/switch", enabled: false, user: { id: "ha-kid", is_admin: false } });
    expect(refused).toMatchObject({ success: false, error: { code: "forbidden" } });
    const flipped = await relay.call({ id: 3, type: "runbooks/switch", enabled: false, user: { id: "ha-dana", is_admin: true } });
    expect(flipped.result).toMatchObject({ enabled: false, configured: true });
    expect(jarvis.store.events.list({ source: "user" })[0]).toMatchObject({ title: "Runbooks switched off: Jarvis does nothing on its own", data: { by: "ha-dana" } });
    relay.close();

    const admin = await socket(jarvis);
    expect((await admin.call({ id: 2, type: "runbooks/switch", enabled: true })).result.enabled).toBe(true);
    admin.close();
  });

  it("keeps the switch across a restart", async () => {
    const dir = tempDir("jarvis-switch-");
    const env = { RUNBOOKS, DB_PATH: path.join(dir, "jarvis.db") };
    try {
      let j = await startTestJarvis(env);
      const admin = await socket(j);
      expect((await admin.call({ id: 2, type: "runbooks/switch", enabled: false })).result.enabled).toBe(false);
      admin.close();
      await j.stop();
      j = await startTestJarvis(env);
      const again = await socket(j);
      expect((await again.call({ id: 2, type: "runbooks/status" })).result.enabled).toBe(false);
      again.close();
      await j.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cannot switch runbooks on when the add-on option keeps them off", async () => {
    const s = await socket(off);
    expect((await s.call({ id: 2, type: "runbooks/status" })).result).toMatchObject({ enabled: false, configured: false });
    const refused = await s.call({ id: 3, type: "runbooks/switch", enabled: true });
    expect(refused).toMatchObject({ success: false, error: { code: "forbidden", message: expect.stringMatching(/runbooks_enabled/) } });
    s.close();
  });
});
