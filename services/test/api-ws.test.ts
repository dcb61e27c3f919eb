import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscoveryOutcome } from "../src/addon/discovery.js";
import type { Principal } from "../src/api/auth.js";
import type { Session } from "../src/api/ws/command.js";
import { connectionCommands, type ConnectionDeps } from "../src/api/ws/connection-commands.js";
import { CLOSE_AUTH_FAILED, CLOSE_AUTH_TIMEOUT } from "../src/api/ws/connection.js";
import { request } from "./helpers/http.js";
import { PASSWORD, startTestJarvis, SUPERVISOR_ADDRESS, type TestJarvis } from "./helpers/jarvis.js";

const INTEGRATION_TOKEN = "integration-token-for-the-ws-tests-0123456789";
import { TestSocket } from "./helpers/ws.js";

let jarvis: TestJarvis;
let token: string;
beforeAll(async () => {
  jarvis = await startTestJarvis({ INTEGRATION_TOKEN }, { authTimeoutMs: 500 });
  token = (await request(`${jarvis.url}/api/auth/login`, { method: "POST", body: { password: PASSWORD } })).json.token;
});
afterAll(() => jarvis.stop());

async function authed(): Promise<TestSocket> {
  const s = await TestSocket.open(jarvis.wsUrl);
  const res = await s.call({ id: 1, type: "auth", access_token: token });
  expect(res).toEqual({ id: 1, type: "result", success: true, result: { user: { kind: "token", userId: "jarvis" } } });
  return s;
}

describe("the HA integration's connection", () => {
  const remember = (s: TestSocket, id: number, content: string, user?: object) =>
    s.call({ id, type: "tool/run", name: "remember", args: { content }, ...(user ? { user } : {}) });

  it("authenticates with the integration token and acts for the HA user it names", async () => {
    const s = await TestSocket.open(jarvis.wsUrl);
    const auth = await s.call({ id: 1, type: "auth", access_token: INTEGRATION_TOKEN });
    expect(auth.result).toEqual({ user: { kind: "integration", userId: "home-assistant" } });
    expect((await remember(s, 2, "the relay names its user", { id: "ha-user-7", name: "Kim", is_admin: false })).result.status).toBe("ok");
    expect(jarvis.store.memories.search("relay names")[0]!.memory.source).toBe("ha-user-7");
    s.close();
  });

  it("ignores a user named by anyone else", async () => {
    const s = await authed();
    await remember(s, 2, "a password login cannot pretend", { id: "someone-else", is_admin: true });
    expect(jarvis.store.memories.search("cannot pretend")[0]!.memory.source).toBe("jarvis");
    s.close();
  });
});

describe("WebSocket protocol", () => {
  it("refuses commands before auth, then serves after auth", async () => {
    const s = await TestSocket.open(jarvis.wsUrl);
    const refused = await s.call({ id: 1, type: "subscribe_events" });
    expect(refused).toMatchObject({ id: 1, type: "result", success: false, error: { code: "unauthorized" } });
    const ok = await s.call({ id: 2, type: "auth", access_token: token });
    expect(ok.success).toBe(true);
    const sub = await s.call({ id: 3, type: "subscribe_events" });
    expect(sub).toMatchObject({ id: 3, success: true });
    s.close();
  });

  it("lets a client send commands right behind its auth message", async () => {
    const s = await TestSocket.open(jarvis.wsUrl);
    s.send({ id: 1, type: "auth", access_token: token });
    s.send({ id: 2, type: "subscribe_events" });
    s.send({ id: 3, type: "tools/list" });
    expect((await s.next((m) => m.id === 2)).success).toBe(true);
    expect((await s.next((m) => m.id === 3)).success).toBe(true);
    s.close();
  });

  it("closes the socket after a bad token", async () => {
    const s = await TestSocket.open(jarvis.wsUrl);
    const res = await s.call({ id: 1, type: "auth", access_token: "forged.token.here" });
    expect(res).toMatchObject({ success: false, error: { code: "unauthorized" } });
    expect((await s.waitClose()).code).toBe(CLOSE_AUTH_FAILED);
  });

  it("closes a socket that never authenticates", async () => {
    const s = await TestSocket.open(jarvis.wsUrl);
    expect((await s.waitClose()).code).toBe(CLOSE_AUTH_TIMEOUT);
  });

  it("refuses the upgrade for a bad bearer header and for other paths", async () => {
    await expect(TestSocket.open(jarvis.wsUrl, { headers: { authorization: "Bearer nope" } })).rejects.toThrow(/401/);
    await expect(TestSocket.open(`ws://127.0.0.1:${jarvis.port}/elsewhere`)).rejects.toThrow(/404/);
  });

  it("accepts a bearer header at upgrade, and trusts ingress without an auth message", async () => {
    const viaHeader = await TestSocket.open(jarvis.wsUrl, { headers: { authorization: `Bearer ${token}` } });
    expect((await viaHeader.call({ id: 5, type: "subscribe_events" })).success).toBe(true);
    viaHeader.close();
    const ingress = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS, headers: { "x-remote-user-id": "u1" } });
    expect((await ingress.call({ id: 5, type: "subscribe_events" })).success).toBe(true);
    ingress.close();
  });

  it("ignores X-Remote-User headers from other addresses", async () => {
    const s = await TestSocket.open(jarvis.wsUrl, { headers: { "x-remote-user-id": "admin" } });
    expect((await s.call({ id: 1, type: "subscribe_events" })).error.code).toBe("unauthorized");
    s.close();
  });

  it("answers ping with pong", async () => {
    const s = await TestSocket.open(jarvis.wsUrl);
    s.send({ id: 9, type: "ping" });
    expect(await s.next((m) => m.id === 9)).toEqual({ id: 9, type: "pong" });
    s.close();
  });

  it("answers every malformed frame with an error result and keeps serving", async () => {
    const s = await authed();
    const bad: [unknown, string, number | null][] = [
      ["{not json", "invalid_format", null],
      ["[1,2,3]", "invalid_format", null],
      ["null", "invalid_format", null],
      ['"text"', "invalid_format", null],
      [{ type: "ping" }, "invalid_format", null],
      [{ id: -4, type: "subscribe_events" }, "invalid_format", null],
      [{ id: 1.5, type: "subscribe_events" }, "invalid_format", null],
      [{ id: 20 }, "invalid_format", 20],
      [{ id: 21, type: 7 }, "invalid_format", 21],
      [{ id: 22, type: "launch_missiles" }, "unknown_command", 22],
      [{ id: 23, type: "__proto__" }, "unknown_command", 23],
      [{ id: 24, type: "constructor" }, "unknown_command", 24],
      [{ id: 25, type: "subscribe_events", history: "lots" }, "invalid_format", 25],
      [{ id: 26, type: "subscribe_events", event_types: ["party"] }, "invalid_format", 26],
      [{ id: 27, type: "unsubscribe" }, "invalid_format", 27],
      [{ id: 28, type: "unsubscribe", subscription: 999 }, "not_found", 28],
    ];
    for (const [frame, code, id] of bad) {
      s.send(frame);
      const reply = await s.next((m) => m.type === "result");
      expect(reply, JSON.stringify(frame)).toMatchObject({ id, success: false, error: { code } });
      expect(typeof reply.error.message).toBe("string");
    }
    s.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await s.next((m) => m.type === "result")).toMatchObject({ success: false, error: { code: "invalid_format" } });
    expect((await s.call({ id: 30, type: "subscribe_events" })).success).toBe(true);
    s.close();
  });

  it("streams new events to subscribers, filtered, with recent history, until unsubscribe", async () => {
    const s = await authed();
    jarvis.store.events.add({ type: "alert", severity: "warning", source: "monitor", title: "earlier alert" });
    const sub = await s.call({ id: 2, type: "subscribe_events", event_types: ["alert"], history: 5 });
    expect(sub.result.recent.map((e: { title: string }) => e.title)).toEqual(["earlier alert"]);

    jarvis.store.events.add({ type: "status", source: "system", title: "not wanted" });
    jarvis.store.events.add({ type: "alert", severity: "critical", source: "monitor", title: "Node pve2 is down" });
    const event = await s.next((m) => m.type === "event" && m.id === 2);
    expect(event.event).toMatchObject({ type: "alert", severity: "critical", title: "Node pve2 is down" });

    const reuse = await s.call({ id: 2, type: "subscribe_events" });
    expect(reuse.error.code).toBe("id_reuse");

    expect((await s.call({ id: 3, type: "unsubscribe", subscription: 2 })).success).toBe(true);
    jarvis.store.events.add({ type: "alert", source: "monitor", title: "after unsubscribe" });
    await s.call({ id: 4, type: "ping" });
    expect(s.received.filter((m) => m.type === "event")).toEqual([]);
    s.close();
  });

  it("stops a client's subscriptions when it goes away", async () => {
    const before = jarvis.store.events.listenerCount("event");
    const s = await authed();
    await s.call({ id: 2, type: "subscribe_events" });
    expect(jarvis.store.events.listenerCount("event")).toBe(before + 1);
    s.close();
    await s.waitClose();
    await new Promise((r) => setTimeout(r, 50));
    expect(jarvis.store.events.listenerCount("event")).toBe(before);
  });
});

describe("connection/details, the command itself", () => {
  const TOKEN = "the-integration-token-0123456789";
  const ingressAdmin: Principal = { kind: "ingress", userId: "ha-admin", userName: "admin", displayName: "Admin" };
  const details = (principal: Principal, deps: Partial<ConnectionDeps> = {}, msg: object = {}) => {
    const session: Session = { principal, signal: new AbortController().signal, sendEvent: () => {}, addSubscription: () => {} };
    const all = { integrationToken: TOKEN, generatedPassword: null, port: () => 4000, discovery: () => null, ...deps };
    return Promise.resolve(connectionCommands(all)["connection/details"]!.handle(session, msg, 1)) as Promise<any>;
  };
  const outcome = (announced: boolean): DiscoveryOutcome => ({
    hostname: "a0d7b954-jarvis",
    announced: announced ? { jarvis: "uuid-1" } : {},
    failed: announced ? {} : { jarvis: "Supervisor answered 403" },
  });

  it("shows a generated password, and says how Home Assistant finds Jarvis", async () => {
    const shown = await details(ingressAdmin, { generatedPassword: "made-by-jarvis-123", discovery: () => Promise.resolve(outcome(true)) });
    expect(shown).toEqual({
      integration: { host: "a0d7b954-jarvis", port: 4000, token: TOKEN, discovery: "announced" },
      password: { generated: true, value: "made-by-jarvis-123" },
    });
    const failed = await details(ingressAdmin, { discovery: () => Promise.resolve(outcome(false)) });
    expect(failed.integration).toMatchObject({ host: "a0d7b954-jarvis", discovery: "failed", reason: "Supervisor answered 403" });
    expect(failed.password).toEqual({ generated: false });
    const pending = await details(ingressAdmin, { discovery: () => new Promise(() => {}) });
    expect(pending.integration.discovery).toBe("pending");
    expect((await details(ingressAdmin)).integration.discovery).toBe("off");
  });

  it("refuses everyone but an ingress user, naming why, and hands them no secret", async () => {
    const others: [Principal, object][] = [
      [{ kind: "token", userId: "jarvis" }, {}],
      [{ kind: "token", userId: "mcp" }, {}],
      [{ kind: "integration", userId: "home-assistant" }, { user: { id: "ha-admin", is_admin: true } }],
      [{ kind: "integration", userId: "home-assistant" }, { user: { id: "ha-kid", is_admin: false } }],
    ];
    for (const [principal, msg] of others) {
      const refused = details(principal, { generatedPassword: "made-by-jarvis-123" }, msg);
      await expect(refused).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("only to Home Assistant admins") });
      await expect(refused).rejects.not.toHaveProperty("message", expect.stringContaining(TOKEN));
    }
  });
});

describe("connection/details (the secrets the add-on's page shows HA admins)", () => {
  const ask = async (s: TestSocket, fields: object = {}) => s.call({ id: 9, type: "connection/details", ...fields });

  it("gives an HA admin coming through ingress the integration's address and token", async () => {
    const s = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS, headers: { "x-remote-user-id": "ha-admin" } });
    const res = await ask(s);
    expect(res.success).toBe(true);
    expect(res.result.integration).toMatchObject({ port: jarvis.port, token: INTEGRATION_TOKEN, discovery: "off" });
    expect(res.result.integration.host).toEqual(expect.any(String));
    // The test server's password is set (JARVIS_PASSWORD), so there is no generated one to show.
    expect(res.result.password).toEqual({ generated: false });
    s.close();
    expect(jarvis.logs.join("")).not.toContain(INTEGRATION_TOKEN);
  });

  it("refuses a password login, and the integration even when it relays an HA admin, saying why", async () => {
    const login = await authed();
    const refused = await ask(login);
    expect(refused).toMatchObject({ success: false, error: { code: "forbidden", message: expect.stringContaining("Home Assistant admins") } });
    expect(JSON.stringify(refused)).not.toContain(INTEGRATION_TOKEN);
    login.close();

    const relay = await TestSocket.open(jarvis.wsUrl);
    await relay.call({ id: 1, type: "auth", access_token: INTEGRATION_TOKEN });
    for (const user of [{ id: "ha-admin", is_admin: true }, { id: "ha-kid", is_admin: false }]) {
      const res = await ask(relay, { user });
      expect(res).toMatchObject({ success: false, error: { code: "forbidden" } });
      expect(JSON.stringify(res)).not.toContain(INTEGRATION_TOKEN);
    }
    relay.close();
  });
});
