// Nobody gets in without credentials: every authenticated HTTP route, the WebSocket, the MCP endpoint and the
// Wyoming port, tried with no credentials, with expired, forged and tampered JWTs, and with the ingress
// headers from an address that is not the Supervisor. Logins are rate-limited and a wrong password and an
// unknown user look the same.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../helpers/http.js";
import { JWT_SECRET, PASSWORD, startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { freePort } from "../helpers/ports.js";
import { TestSocket } from "../helpers/ws.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { Figures } from "./figures.js";
import { badTokens, claims, signJwt } from "./jwt.js";

const MCP_TOKEN = "mcp-token-for-the-auth-suite-0123456789";
/** An address on loopback that is neither the Supervisor (127.0.0.2) nor the default client. */
const STRANGER = "127.0.0.3";

let jarvis: TestJarvis;
let lab: HomeLab;
let wyomingPort: number;
const figures = new Figures("auth");
const wyomingFigures = new Figures("auth (Wyoming port from a non-HA address)");

beforeAll(async () => {
  lab = await startHomeLab({ taskMs: 20 });
  wyomingPort = await freePort();
  jarvis = await startTestJarvis({ ...lab.env, MCP_API_TOKEN: MCP_TOKEN, WYOMING_PORT: String(wyomingPort) }, { loginAttempts: 5 });
}, 60_000);
afterAll(async () => {
  figures.print();
  wyomingFigures.print();
  await jarvis?.stop();
  await lab?.close();
});

interface Credential {
  name: string;
  headers: Record<string, string>;
  localAddress?: string;
  query?: string;
  /** A token to send in the WebSocket's auth message too. */
  token?: string;
}

function credentials(): Credential[] {
  const ingress = { "x-remote-user-id": "admin", "x-remote-user-name": "admin", "x-remote-user-display-name": "Admin" };
  const forged = Object.entries(badTokens(JWT_SECRET, "another-secret-that-is-long-enough-too")).map(([name, token]) => ({
    name,
    headers: { authorization: `Bearer ${token}` },
    token,
  }));
  return [
    { name: "no credentials", headers: {} },
    { name: "empty bearer", headers: { authorization: "Bearer " } },
    { name: "the password as a bearer token", headers: { authorization: `Bearer ${PASSWORD}` }, token: PASSWORD },
    { name: "basic auth with the password", headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}` } },
    { name: "JWT signed with the MCP token", headers: { authorization: `Bearer ${signJwt(claims(), MCP_TOKEN)}` }, token: signJwt(claims(), MCP_TOKEN) },
    ...forged,
    { name: "ingress headers from 127.0.0.1", headers: ingress },
    { name: "ingress headers from a stranger", headers: ingress, localAddress: STRANGER },
    { name: "ingress headers + X-Forwarded-For: Supervisor", headers: { ...ingress, "x-forwarded-for": "127.0.0.2" }, localAddress: STRANGER },
    { name: "ingress headers + Forwarded/X-Real-IP", headers: { ...ingress, forwarded: "for=127.0.0.2", "x-real-ip": "127.0.0.2" } },
    { name: "a valid-looking token in the query", headers: {}, query: `?access_token=${signJwt(claims(), "wrong-key-of-some-length")}&token=x` },
  ];
}

const ROUTES: { method: string; path: string; mcp?: boolean }[] = [
  // "/" is the ingress page: public, it holds no data (everything goes over the authenticated WebSocket).
  { method: "GET", path: "/api/me" },
  { method: "GET", path: "/api/events" },
  { method: "GET", path: "/api/events?type=action&limit=5" },
  { method: "GET", path: "/api/no-such-route" },
  { method: "POST", path: "/api/events" },
  { method: "DELETE", path: "/api/events" },
  { method: "POST", path: "/mcp", mcp: true },
  { method: "GET", path: "/mcp", mcp: true },
  { method: "DELETE", path: "/mcp", mcp: true },
];

describe("auth", () => {
  it("accepts no request to an authenticated route without valid credentials", async () => {
    const all = [...credentials(), { name: "the MCP API token", headers: { authorization: `Bearer ${MCP_TOKEN}` } }];
    for (const route of ROUTES) {
      for (const cred of all) {
        if (cred.name === "the MCP API token" && route.mcp) continue; // that is what it is for
        const url = `${jarvis.url}${route.path}${cred.query ? (route.path.includes("?") ? `&${cred.query.slice(1)}` : cred.query) : ""}`;
        const res = await request(url, {
          method: route.method,
          headers: { accept: "application/json, text/event-stream", ...cred.headers },
          body: route.method === "POST" ? { jsonrpc: "2.0", id: 1, method: "tools/list" } : undefined,
          localAddress: cred.localAddress,
        });
        figures.record(`${route.method} ${route.path} with ${cred.name}`, res.status === 401, `HTTP ${res.status}`);
      }
    }
    expect(figures.lost).toEqual([]);
  });

  it("lets no WebSocket client run a command without valid credentials", async () => {
    for (const cred of credentials()) {
      let socket: TestSocket;
      try {
        socket = await TestSocket.open(`${jarvis.wsUrl}${cred.query ?? ""}`, { headers: cred.headers, localAddress: cred.localAddress });
      } catch (err) {
        figures.record(`WS upgrade with ${cred.name}`, /HTTP 401/.test(String(err)), String(err));
        continue;
      }
      const before = await socket.call({ id: 1, type: "tools/list" });
      let held = before.success === false && before.error.code === "unauthorized";
      if (cred.token) {
        const auth = await socket.call({ id: 2, type: "auth", access_token: cred.token });
        const after = await socket.call({ id: 3, type: "tools/list" }).catch(() => null);
        held &&= auth.success === false && (after === null || after.success === false);
        held &&= (await socket.waitClose()).code === 4001;
      }
      figures.record(`WS with ${cred.name}`, held, JSON.stringify(before));
      socket.close();
    }
    expect(figures.lost).toEqual([]);
  });

  it("rate-limits failed logins, and answers a wrong password and an unknown user alike", async () => {
    const login = (body: object) => request(`${jarvis.url}/api/auth/login`, { method: "POST", body, localAddress: STRANGER });
    const wrong = await login({ password: "wrong password" });
    const unknown = await login({ username: "nobody-here", password: "wrong password" });
    figures.record("wrong password vs unknown user: same answer", wrong.status === unknown.status && wrong.body === unknown.body, `${wrong.body} / ${unknown.body}`);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login({ password: `guess ${i}` })).status);
    figures.record("brute force is stopped with 429", statuses.slice(-3).every((s) => s === 429), statuses.join(","));
    // Locked out means locked out: even the right password waits out the window from that address.
    figures.record("the right password is refused during the lockout", (await login({ password: PASSWORD })).status === 429);
    // Others (here the Supervisor's address) still get in.
    const other = await request(`${jarvis.url}/api/auth/login`, { method: "POST", body: { password: PASSWORD }, localAddress: "127.0.0.4" });
    figures.record("another address can still log in", other.status === 200, `HTTP ${other.status}`);
    expect(figures.lost).toEqual([]);
  });

  // Found by this suite (issue 11, finding 3), fixed in the server: the Wyoming server binds the HTTP host (0.0.0.0 in the add-on) and serves
  // every peer, so anyone who reaches the port can speak to the agent, approval keyword included.
  it("runs no agent turn for a Wyoming peer that is not Home Assistant", async () => {
    const asked = await wyomingTurns();
    wyomingFigures.record("stop vm 102 then the keyword, over Wyoming from a stranger", lab.proxmox.cluster.guests.get(102)?.status === "running", asked);
    expect(wyomingFigures.lost).toEqual([]);
  });
});

/** Says "stop VM 102" and then the keyword into one conversation over Wyoming, from STRANGER. */
async function wyomingTurns(): Promise<string> {
  const replies: string[] = [];
  for (const text of ["stop vm 102", "JARVIS-EXECUTE"]) {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect({ port: wyomingPort, host: "127.0.0.1", localAddress: STRANGER });
      let buffer = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        buffer += chunk;
        const header = buffer.includes("\n") ? (JSON.parse(buffer.slice(0, buffer.indexOf("\n"))) as { type: string; data_length?: number }) : null;
        if (header && Buffer.byteLength(buffer) >= buffer.indexOf("\n") + 1 + (header.data_length ?? 0)) {
          socket.destroy();
          resolve(`${header.type}: ${buffer.slice(buffer.indexOf("\n") + 1)}`);
        }
      });
      socket.on("error", (err) => resolve(`error: ${err.message}`));
      socket.on("close", () => resolve(buffer || "closed"));
      socket.on("connect", () => {
        const data = JSON.stringify({ text, context: { conversation_id: "wyoming-stranger" } });
        socket.write(`${JSON.stringify({ type: "transcript", data_length: Buffer.byteLength(data) })}\n${data}`);
      });
    });
    replies.push(answer);
  }
  return replies.join(" | ");
}
