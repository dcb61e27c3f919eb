// Add-on discovery against the emulated Supervisor: what Home Assistant is told, and how failures are survived.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { AddonDiscovery, startAddonDiscovery, type DiscoveryOptions } from "../../src/addon/discovery.js";
import { loadConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/log.js";
import { request } from "../helpers/http.js";
import { startSupervisor, type SupervisorEmulator } from "../emulators/supervisor/index.js";

const FAST = { firstDelayMs: 5, maxDelayMs: 20 };
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

function logger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: "debug", destination }), lines };
}

async function supervisor(addon?: Parameters<typeof startSupervisor>[0]): Promise<SupervisorEmulator> {
  const s = await startSupervisor(addon);
  running.push(s);
  return s;
}

function discover(s: SupervisorEmulator, opts: Partial<DiscoveryOptions> = {}) {
  const { log, lines } = logger();
  const d = new AddonDiscovery(
    { token: s.token, baseUrl: s.url, httpPort: 4000, wyomingPort: 10300, integrationToken: "integration-token-for-tests-0123456789", retry: FAST, ...opts },
    log,
  );
  running.push(d);
  return { d, lines };
}

describe("add-on discovery", () => {
  it("announces jarvis (host, port) and wyoming (tcp uri) under the add-on's hostname, with the bodies HA expects", async () => {
    const s = await supervisor();
    const { d } = discover(s);
    const outcome = await d.done;
    expect(outcome.hostname).toBe("a0d7b954-jarvis");
    expect(outcome.failed).toEqual({});
    expect(s.discoveryBodies()).toEqual([
      { service: "jarvis", config: { host: "a0d7b954-jarvis", port: 4000, token: "integration-token-for-tests-0123456789" } },
      { service: "wyoming", config: { uri: "tcp://a0d7b954-jarvis:10300" } },
    ]);
    expect(s.messages().map((m) => [m.service, m.addon, m.uuid])).toEqual([
      ["jarvis", "a0d7b954_jarvis", outcome.announced.jarvis],
      ["wyoming", "a0d7b954_jarvis", outcome.announced.wyoming],
    ]);
  });

  it("announces again at the next start without making a second configuration", async () => {
    const s = await supervisor();
    const first = await discover(s).d.done;
    const second = await discover(s, { httpPort: 4001 }).d.done;
    expect(second.announced).toEqual(first.announced);
    expect(s.messages()).toHaveLength(2);
    expect(s.messages().find((m) => m.service === "jarvis")?.config).toEqual({ host: "a0d7b954-jarvis", port: 4001, token: "integration-token-for-tests-0123456789" });
  });

  it("announces mcp with a URL that carries the MCP token, which HA's MCP integration reads, and keeps the token out of the log", async () => {
    const s = await supervisor();
    const { d, lines } = discover(s, { mcpToken: "mcp-token-for-tests/+=0123456789" });
    const outcome = await d.done;
    expect(outcome.failed).toEqual({});
    expect(s.discoveryBodies().at(-1)).toEqual({
      service: "mcp",
      config: { url: "http://a0d7b954-jarvis:4000/mcp?access_token=mcp-token-for-tests%2F%2B%3D0123456789" },
    });
    expect(s.messages().map((m) => m.service)).toEqual(["jarvis", "wyoming", "mcp"]);
    const logged = lines.join("");
    expect(logged).toContain("announced mcp to Home Assistant");
    expect(logged).toContain("access_token=[hidden]");
    expect(logged).not.toContain("mcp-token-for-tests");
  });

  it("leaves Wyoming out while no Wyoming server listens", async () => {
    const s = await supervisor();
    const outcome = await discover(s, { wyomingPort: null }).d.done;
    expect(Object.keys(outcome.announced)).toEqual(["jarvis"]);
    expect(s.messages().map((m) => m.service)).toEqual(["jarvis"]);
  });

  it("keeps trying while the Supervisor drops connections, then announces", async () => {
    const s = await supervisor();
    s.dropNext(3);
    const { d, lines } = discover(s);
    const outcome = await d.done;
    expect(outcome.failed).toEqual({});
    expect(s.messages()).toHaveLength(2);
    expect(s.requestCount("/addons/self/info")).toBe(4);
    expect(lines.some((l) => l.includes("trying again"))).toBe(true);
  });

  it("gives up at once on a refused token, logs why and does not throw", async () => {
    const s = await supervisor();
    const { d, lines } = discover(s, { token: "not-the-token" });
    const outcome = await d.done;
    expect(outcome.announced).toEqual({});
    expect(outcome.failed.jarvis).toMatch(/refused the credentials: 403: Forbidden/);
    expect(s.requestCount("/addons/self/info")).toBe(1);
    expect(lines.join("")).toMatch(/"level":50.*could not learn the add-on's hostname/);
  });

  it("reports the Supervisor's refusal for a service config.yaml does not list, and still announces the rest", async () => {
    const s = await supervisor({ addon: { discovery: ["jarvis"] } });
    const outcome = await discover(s).d.done;
    expect(Object.keys(outcome.announced)).toEqual(["jarvis"]);
    expect(outcome.failed.wyoming).toMatch(/Add-ons must list services they provide via discovery/);
    expect(s.requestCount("/discovery")).toBe(2);
  });

  it("stops waiting to retry as soon as it is closed", async () => {
    const s = await supervisor();
    await s.close();
    const { d } = discover(s, { retry: { firstDelayMs: 600_000, maxDelayMs: 600_000 } });
    running.pop();
    await d.close();
    expect((await d.done).failed.jarvis).toMatch(/stopped/);
  });

  it("runs only inside the add-on, with the Supervisor token from the environment", async () => {
    const s = await supervisor();
    const { log } = logger();
    const outside = loadConfig({ JARVIS_OPTIONS_PATH: "/nonexistent/options.json", DATA_DIR: "/tmp/jarvis-unused" });
    expect(startAddonDiscovery(outside.config, log, { http: 4000, wyoming: null }, { integration: "integration-token-for-tests-0123456789" }, s.url)).toBeNull();
    const inside = loadConfig({ JARVIS_OPTIONS_PATH: "/nonexistent/options.json", DATA_DIR: "/tmp/jarvis-unused", SUPERVISOR_TOKEN: s.token });
    const d = startAddonDiscovery(inside.config, log, { http: 4000, wyoming: null }, { integration: "integration-token-for-tests-0123456789" }, s.url)!;
    running.push(d);
    expect((await d.done).announced.jarvis).toBe(s.messages()[0]!.uuid);
  });
});

describe("the emulated Supervisor", () => {
  it("refuses what the real one refuses: no token, a stranger's token, extra or missing keys", async () => {
    const s = await supervisor();
    const post = (body: object, token = s.token) =>
      request(`${s.url}/discovery`, { method: "POST", body, headers: { authorization: `Bearer ${token}` } });
    expect((await request(`${s.url}/addons/self/info`)).body).toBe("401: Unauthorized");
    expect((await post({ service: "jarvis", config: {} }, "stranger")).status).toBe(403);
    const extra = await post({ service: "jarvis", config: {}, addon: "a0d7b954_jarvis" });
    expect([extra.status, extra.json]).toEqual([400, { result: "error", message: "extra keys not allowed @ data['addon']. Got 'a0d7b954_jarvis'" }]);
    const missing = await post({ service: "jarvis" });
    expect(missing.json.message).toBe("required key not provided @ data['config']. Got None");
    expect(s.messages()).toEqual([]);
  });
});
