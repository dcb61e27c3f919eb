// Nobody gets in without credentials: every authenticated HTTP route (read from the app's own router, with
// what answers before authentication held to an allow-list), the WebSocket, the MCP endpoint and the Wyoming
// port, tried with no credentials, with expired, forged and tampered JWTs, and with the ingress headers from
// an address that is not the Supervisor. Logins are rate-limited, and a wrong password, an unknown user and
// a near-miss password get the same answer in the same time.
import { connect } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp, type HttpDeps } from "../../src/api/http.js";
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

/**
 * What may answer before the `authenticate` layer, on purpose: health (the watchdog and HA's discovery), the
 * login, the ingress page (it holds no data), the card and the chunks and wake-word assets it loads from beside
 * itself (HA's frontend fetches them before any login to Jarvis), an empty /favicon.ico, and the JSON body
 * parser. A route added above that layer fails here until it is added to this list.
 */
const PUBLIC = [
  "middleware jsonParser",
  "GET /api/health",
  "POST /api/auth/login",
  "GET /",
  "GET /jarvis-card.js",
  "GET /favicon.ico",
  "GET /jarvis-terminal.js",
  "GET /jarvis-wakeword.js",
  "USE /wakeword (serveStatic)",
];
/**
 * Above the layer too, but each authenticates itself: MCP (a login, ingress, or the MCP API token) and the
 * Proxmox webhook (its own secret, which Proxmox's notification target sends; no login can stand in for it).
 */
const SELF_AUTHENTICATED = ["ALL /mcp", "POST /api/webhooks/proxmox"];
/** Paths no route has: the authenticated catch-all must refuse them before it says "no such route". */
const UNROUTED = [
  { method: "GET", path: "/api/no-such-route" },
  { method: "POST", path: "/api/events" },
  { method: "DELETE", path: "/api/events" },
  { method: "GET", path: "/wakeword/../api/me" },
];
/**
 * Login timing: medians of TIMING_TRIES interleaved tries of each kind after a warm-up, which may differ by
 * TIMING_SLACK_MS plus TIMING_SLACK_RATIO of the wrong-password median (about 1-3 ms here). A leak worth
 * exploiting over a network is a step skipped for one kind (a password hash, a user lookup: tens of ms), far
 * outside it. Noise cannot move a median that far: a stall hits the kinds alike (they alternate), and a median
 * of 30 moves only when more than 15 tries of one kind are slowed and those of the others are not.
 */
const TIMING_WARMUP = 5;
const TIMING_TRIES = 30;
const TIMING_SLACK_MS = 5;
const TIMING_SLACK_RATIO = 0.5;
/** Methods tried on a route that takes any (app.all). */
const ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];
/** Node hands CONNECT to the server's "connect" event, never to express, so no route can answer it. */
const UNROUTABLE_METHODS = new Set(["CONNECT"]);

interface Layer {
  name: string;
  rawPath?: string;
  slash?: boolean;
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: unknown[] };
}

/** The app's router stack, read from the app the server builds: routes and mounts above and below authenticate. */
function routeTable(): { above: string[]; below: { method: string; path: string }[] } {
  const app = createHttpApp({ log: pino({ level: "silent" }) } as unknown as HttpDeps) as unknown as { router: { stack: Layer[] } };
  const stack = app.router.stack;
  const gate = stack.findIndex((l) => l.name === "authenticate");
  expect(gate, "the authenticate layer").toBeGreaterThan(0);
  const label = (l: Layer): string[] => {
    if (!l.route) return [l.slash ? `middleware ${l.name}` : `USE ${l.rawPath} (${l.name})`];
    const methods = Object.keys(l.route.methods).map((m) => m.toUpperCase());
    // app.all registers every method Node knows; name it as written.
    const verb = methods.length > 30 ? "ALL" : methods.join(",");
    return [l.route.path].flat().map((p) => `${verb} ${p}`);
  };
  const above = stack.slice(0, gate).flatMap(label);
  const below = stack.slice(gate + 1).flatMap((l) =>
    l.route ? Object.keys(l.route.methods).flatMap((m) => [l.route!.path].flat().map((path) => ({ method: m.toUpperCase(), path }))) : [],
  );
  return { above, below };
}

describe("auth", () => {
  it("serves before authentication only the routes meant to be public", () => {
    const { above } = routeTable();
    const unexpected = above.filter((r) => !PUBLIC.includes(r) && !SELF_AUTHENTICATED.includes(r));
    const gone = [...PUBLIC, ...SELF_AUTHENTICATED].filter((r) => !above.includes(r));
    figures.record("nothing public but the allow-list", unexpected.length === 0, unexpected.join(", "));
    figures.record("every allow-listed route still exists", gone.length === 0, gone.join(", "));
    expect({ unexpected, gone }).toEqual({ unexpected: [], gone: [] });
  });

  it("accepts no request to an authenticated route without valid credentials", async () => {
    const { below } = routeTable();
    expect(below.length).toBeGreaterThan(0);
    const selfAuthenticated = SELF_AUTHENTICATED.flatMap((r) => {
      const [verb, path] = r.split(" ") as [string, string];
      return (verb === "ALL" ? ANY_METHOD : [verb]).map((method) => ({ method, path, apiToken: verb === "ALL" }));
    });
    const routes = [...below, { method: "GET", path: "/api/events?type=action&limit=5" }, ...UNROUTED, ...selfAuthenticated].filter(
      (r) => !UNROUTABLE_METHODS.has(r.method),
    );
    const all = [...credentials(), { name: "the MCP API token", headers: { authorization: `Bearer ${MCP_TOKEN}` } }];
    for (const route of routes) {
      for (const cred of all) {
        if (cred.name === "the MCP API token" && "apiToken" in route && route.apiToken) continue; // that is what it is for
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
    figures.note(`${routes.length} route/method pairs below authenticate or self-authenticating`);
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

  it("takes as long to refuse an unknown user or a near-miss password as a wrong password", async () => {
    // A server of its own without a practical limit: every try here is answered by the password check, not by
    // the limiter (whose 429 comes sooner).
    const timed = await startTestJarvis({ LOG_LEVEL: "warn" }, { loginAttempts: 100_000 });
    const kinds: [string, object][] = [
      ["wrong password", { password: "wrong password" }],
      // The login takes a password only (there are no users); a username is dropped by its schema. This is the
      // body someone probing for user names would send.
      ["unknown user", { username: "nobody-here", password: "wrong password" }],
      // All but the last character right: a compare that stops at the first difference takes longest on it.
      ["near-miss password", { password: `${PASSWORD.slice(0, -1)}#` }],
    ];
    const times = new Map(kinds.map(([kind]) => [kind, [] as number[]]));
    try {
      for (let round = 0; round < TIMING_WARMUP + TIMING_TRIES; round++) {
        // Interleaved, and the order turned each round, so a stall of the machine lands on every kind alike.
        for (let k = 0; k < kinds.length; k++) {
          const [kind, body] = kinds[(round + k) % kinds.length]!;
          const started = performance.now();
          const res = await request(`${timed.url}/api/auth/login`, { method: "POST", body });
          const ms = performance.now() - started;
          expect(res.status, kind).toBe(401);
          if (round >= TIMING_WARMUP) times.get(kind)!.push(ms);
        }
      }
    } finally {
      await timed.stop();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const base = median(times.get("wrong password")!);
    const bound = TIMING_SLACK_MS + TIMING_SLACK_RATIO * base;
    const medians = kinds.map(([kind]) => `${kind} ${median(times.get(kind)!).toFixed(2)} ms`);
    figures.note(`login medians over ${TIMING_TRIES}: ${medians.join(", ")}; bound ±${bound.toFixed(1)} ms`);
    for (const [kind] of kinds.slice(1)) {
      const diff = median(times.get(kind)!) - base;
      figures.record(`login time: ${kind} vs a wrong password`, Math.abs(diff) <= bound, `${diff.toFixed(2)} ms apart, bound ${bound.toFixed(1)} ms`);
    }
    expect(figures.lost).toEqual([]);
  }, 60_000);

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
