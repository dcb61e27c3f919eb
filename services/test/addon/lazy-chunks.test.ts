// The add-on bundle is split so that an integration that is off never loads its libraries (the Anthropic and
// OpenAI SDKs, the MCP SDK, each client's libraries). Every one of those chunks must still be found when the
// integration is on: the built folder alone, copied away from the checkout, with everything configured against
// the emulators, answers through each of them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startOpenAIEmulator, type OpenAIEmulator } from "../emulators/openai/index.js";
import { TestSocket } from "../helpers/ws.js";
import { APP, copyBuiltApp, startBuiltServer, type BuiltServer } from "./built-app.js";
import { REPO } from "./files.js";

const INTEGRATION_TOKEN = "lazy-chunks-integration-token-0123456789";
const MCP_TOKEN = "lazy-chunks-mcp-token-0123456789abcdef";
const REPLY = "Claude answered from the built bundle.";

let lab: HomeLab;
let claude: AnthropicEmulator;
let local: OpenAIEmulator;
let server: BuiltServer;

beforeAll(async () => {
  const built = spawnSync("node", ["services/addon-build.mjs"], { cwd: REPO, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
  [lab, claude, local] = await Promise.all([
    startHomeLab({ taskMs: 50 }),
    startAnthropicEmulator({ fallback: { text: REPLY } }),
    startOpenAIEmulator({ fallback: { text: "the local model" } }),
  ]);
  const dir = copyBuiltApp();
  // SSH on, so the shell parser's WebAssembly is loaded; the nodes' SSH port is 1 (closed): nothing logs in.
  const key = path.join(dir, "id_ed25519");
  writeFileSync(key, "not a key: no command here reaches a node\n", { mode: 0o600 });
  const nodes = (JSON.parse(lab.env.PVE_NODES!) as object[]).map((n) => ({ ...n, ssh_port: 1 }));
  server = await startBuiltServer(dir, {
    ...lab.env,
    PVE_NODES: JSON.stringify(nodes),
    SSH_KEY_PATH: key,
    ANTHROPIC_API_KEY: claude.apiKey,
    ANTHROPIC_BASE_URL: claude.url,
    LOCAL_LLM_ENDPOINT: local.url,
    LOCAL_LLM_MODEL: "qwen2.5:7b",
    INTEGRATION_TOKEN,
    MCP_API_TOKEN: MCP_TOKEN,
    JARVIS_OPTIONS_PATH: "/nonexistent/options.json",
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.allSettled([lab?.close(), claude?.close(), local?.close()]);
});

it("is split into chunks beside main.js", () => {
  expect(readdirSync(path.join(APP, "chunks")).filter((f) => f.endsWith(".js")).length).toBeGreaterThan(1);
});

it("loads Claude's provider when a key is set, and the agent answers with it", async () => {
  const socket = await TestSocket.open(`ws://127.0.0.1:${server.port}/api/ws`);
  try {
    expect((await socket.call({ id: 1, type: "auth", access_token: INTEGRATION_TOKEN })).success).toBe(true);
    // Not a fast-path request, so it goes to the model.
    const turn = await socket.call({ id: 2, type: "conversation/process", text: "write me a haiku about backups" });
    expect(turn.success, JSON.stringify(turn)).toBe(true);
    expect(turn.result.speech).toContain(REPLY);
  } finally {
    socket.close();
  }
  expect(claude.requests.length).toBeGreaterThan(0);
});

it("loads the MCP SDK on the first request to /mcp", async () => {
  const res = await fetch(`http://127.0.0.1:${server.port}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${MCP_TOKEN}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: { tools: { name: string }[] } };
  expect(body.result.tools.map((t) => t.name)).toContain("get_cluster_status");
});

it("loads the shell parser's WebAssembly from beside the bundle when SSH is on: a read-only command is GREEN", async () => {
  const res = await fetch(`http://127.0.0.1:${server.port}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${MCP_TOKEN}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "execute_ssh", arguments: { node: "pve1", command: "uptime" } } }),
  });
  const body = (await res.json()) as { result: { structuredContent: { tier: string; status: string } } };
  // Without the parser every command would be RED and held; GREEN runs (and fails to reach the node).
  expect(body.result.structuredContent).toMatchObject({ tier: "GREEN" });
  expect(server.output()).not.toMatch(/shell parser did not load/);
});

it("loads each configured client (and the local model's provider at start): the integrations come up", async () => {
  const state = async (name: string) => {
    const health = (await (await fetch(`http://127.0.0.1:${server.port}/api/health`)).json()) as { integrations: Record<string, { state: string }> };
    return health.integrations[name]?.state;
  };
  for (const name of ["proxmox", "home_assistant", "frigate"]) {
    await expect.poll(() => state(name), { timeout: 10_000 }).toBe("up");
  }
  expect(server.output()).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
});
