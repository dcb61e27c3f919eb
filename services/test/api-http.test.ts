import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginLockedMessage } from "../src/api/http.js";
import { INTEGRATIONS } from "../src/config/index.js";
import { request } from "./helpers/http.js";
import { JWT_SECRET, PASSWORD, startTestJarvis, SUPERVISOR_ADDRESS, type TestJarvis } from "./helpers/jarvis.js";

let jarvis: TestJarvis;
beforeAll(async () => {
  jarvis = await startTestJarvis({}, { loginAttempts: 5 });
});
afterAll(() => jarvis.stop());

const login = (password: string) => request(`${jarvis.url}/api/auth/login`, { method: "POST", body: { password } });
const sign = (secret: string, build: (j: SignJWT) => SignJWT) =>
  build(new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuer("jarvis").setSubject("jarvis")).sign(
    new TextEncoder().encode(secret),
  );

/** Every route behind authentication, as a user's client would call it. */
const PROTECTED = [
  ["GET", "/api/me"],
  ["GET", "/api/events"],
  ["GET", "/api/events?type=alert&limit=5"],
  ["POST", "/api/anything"],
] as const;

describe("health", () => {
  it("answers without credentials with version, uptime and every integration off", async () => {
    const res = await request(`${jarvis.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", version: "0.1.0", database: "up", demo: false });
    expect(typeof res.json.uptime_s).toBe("number");
    expect(Object.keys(res.json.integrations).sort()).toEqual([...INTEGRATIONS].sort());
    for (const name of INTEGRATIONS) {
      expect(res.json.integrations[name].state, name).toBe("off");
      expect(res.json.integrations[name].detail).toMatch(/not configured: set [A-Z_]+/);
    }
  });

  it("answers a browser's /favicon.ico with no content, not a login error (the page's icon is inline)", async () => {
    const res = await request(`${jarvis.url}/favicon.ico`);
    expect(res.status).toBe(204);
  });

  it("has a cheap liveness form", async () => {
    const res = await request(`${jarvis.url}/api/health?liveness`);
    expect(res.json).toEqual({ status: "ok" });
  });
});

describe("login", () => {
  it("issues a JWT for the right password that opens the API", async () => {
    const res = await login(PASSWORD);
    expect(res.status).toBe(200);
    expect(res.json.token.split(".")).toHaveLength(3);
    expect(Date.parse(res.json.expires_at)).toBeGreaterThan(Date.now());
    const me = await request(`${jarvis.url}/api/me`, { headers: { authorization: `Bearer ${res.json.token}` } });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ kind: "token", userId: "jarvis" });
  });

  it("answers a wrong password with a clear 401 and records it", async () => {
    const res = await login("wrong");
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: "unauthorized", message: "wrong password" } });
    expect(jarvis.store.events.list({ types: ["status"] }).some((e) => e.title === "Failed login")).toBe(true);
  });

  it("answers a malformed body with 400, not a crash", async () => {
    const bad = await request(`${jarvis.url}/api/auth/login`, {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_format");
    const missing = await request(`${jarvis.url}/api/auth/login`, { method: "POST", body: { pass: 1 } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/password/);
  });

  it("rate-limits brute force per address, even for the right password afterwards", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login(`guess-${i}`)).status);
    expect(statuses).toContain(429);
    const after = await login(PASSWORD);
    expect(after.status).toBe(429);
    expect(after.json.error.code).toBe("rate_limited");
    expect(after.headers["ratelimit-policy"]).toBeDefined();
    // It says when the next try is allowed: in seconds (also as Retry-After) and as a time.
    const retryAfter = Number(after.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const message = String(after.json.error.message);
    const at = message.match(/at (\d{4}-\d\d-\d\dT[\d:.]+Z)/)?.[1];
    expect(at, message).toBeDefined();
    const seconds = Number(message.match(/\((\d+) s\)|in (\d+) s/)?.slice(1).find(Boolean));
    expect(Math.abs(seconds - retryAfter)).toBeLessThanOrEqual(1);
    expect(Math.abs(Date.parse(at!) - (Date.now() + retryAfter * 1000))).toBeLessThan(5_000);
    expect(message).toMatch(/^too many failed logins from this address: the next try is allowed in \d+ minutes \(\d+ s\), at /);
  });

  it("words the wait for a login limit in seconds and a time", () => {
    const now = new Date("2026-03-01T10:00:00Z");
    expect(loginLockedMessage(new Date("2026-03-01T10:14:30Z"), now)).toBe(
      "too many failed logins from this address: the next try is allowed in 15 minutes (870 s), at 2026-03-01T10:14:30.000Z",
    );
    expect(loginLockedMessage(new Date("2026-03-01T10:00:42Z"), now)).toBe("too many failed logins from this address: the next try is allowed in 42 s, at 2026-03-01T10:00:42.000Z");
    expect(loginLockedMessage(undefined, now)).toMatch(/try again in a few minutes/);
  });
});

describe("authentication", () => {
  it.each(PROTECTED)("%s %s refuses a request without credentials", async (method, path) => {
    const res = await request(`${jarvis.url}${path}`, { method });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/Bearer/);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it.each(PROTECTED)("%s %s refuses forged, expired, wrong-issuer and alg=none tokens", async (method, path) => {
    const forged = await sign("another-secret-of-enough-length", (j) => j.setExpirationTime("1h"));
    const expired = await sign(JWT_SECRET, (j) => j.setIssuedAt(1_000).setExpirationTime(2_000));
    const otherIssuer = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("someone-else")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(JWT_SECRET));
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"iss":"jarvis","sub":"jarvis"}').toString("base64url")}.`;
    for (const token of [forged, expired, otherIssuer, none, "garbage"]) {
      const res = await request(`${jarvis.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
      expect(res.status, token).toBe(401);
    }
  });

  it("says when a token has expired", async () => {
    const expired = await sign(JWT_SECRET, (j) => j.setIssuedAt(1_000).setExpirationTime(2_000));
    const res = await request(`${jarvis.url}/api/me`, { headers: { authorization: `Bearer ${expired}` } });
    expect(res.json.error.message).toMatch(/expired/);
  });

  it.each(PROTECTED)("%s %s ignores X-Remote-User headers from a non-Supervisor address", async (method, path) => {
    const res = await request(`${jarvis.url}${path}`, {
      method,
      headers: { "x-remote-user-id": "admin", "x-remote-user-name": "admin", "x-forwarded-for": SUPERVISOR_ADDRESS },
    });
    expect(res.status).toBe(401);
  });

  it("trusts ingress requests from the Supervisor and carries the HA user", async () => {
    const res = await request(`${jarvis.url}/api/me`, {
      localAddress: SUPERVISOR_ADDRESS,
      headers: { "x-remote-user-id": "abc123", "x-remote-user-name": "sam", "x-remote-user-display-name": "Sam" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ kind: "ingress", userId: "abc123", userName: "sam", displayName: "Sam" });
    const events = await request(`${jarvis.url}/api/events?type=status`, { localAddress: SUPERVISOR_ADDRESS });
    expect(events.status).toBe(200);
    expect(events.json.events.map((e: { title: string }) => e.title)).toContain("Jarvis started");
  });

  it("answers unknown routes with 404 once authenticated, and bad query values with 400", async () => {
    const missing = await request(`${jarvis.url}/api/nope`, { localAddress: SUPERVISOR_ADDRESS });
    expect(missing.status).toBe(404);
    const bad = await request(`${jarvis.url}/api/events?type=party`, { localAddress: SUPERVISOR_ADDRESS });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/type/);
  });
});
