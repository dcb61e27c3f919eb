// The agent's own cost per turn (routing, memory recall over 10k memories, prompt and history, storing the
// turn) with every tool registered and a zero-latency model; and the fast path against a model that takes
// a second to answer the same request.
import { rmSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { pino } from "pino";
import type { Agent } from "../src/agent/agent.js";
import { buildAgent } from "../src/agent/build.js";
import { CostLedger } from "../src/agent/costs.js";
import { ClientCatalog } from "../src/agent/fastpath/catalog.js";
import { buildClients, closeClients, connectClients, type Clients } from "../src/clients/build.js";
import { loadConfig } from "../src/config/index.js";
import { IntegrationStatus } from "../src/status.js";
import { Store } from "../src/store/db.js";
import { ApprovalWords } from "../src/tools/approval-words.js";
import { buildRegistry } from "../src/tools/build.js";
import { startAnthropicEmulator, type AnthropicEmulator } from "../test/emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../test/emulators/home-lab.js";
import { STABLE_PROMPT } from "../src/agent/prompt.js";
import type { ToolRegistry } from "../src/tools/registry.js";
import type { Suite } from "./harness.js";

interface Rig {
  dir: string;
  lab: HomeLab;
  claude: AnthropicEmulator;
  store: Store;
  clients: Clients;
  agent: Agent;
  registry: ToolRegistry;
  tools: number;
}

async function rig(latencyMs: number): Promise<Rig> {
  const dir = mkdtempSync(path.join(tmpdir(), "jarvis-bench-agent-"));
  const lab = await startHomeLab({ taskMs: 10 });
  const claude = await startAnthropicEmulator({ fallback: { text: "All good.", latencyMs } });
  const { config } = loadConfig({
    JARVIS_OPTIONS_PATH: path.join(dir, "none.json"),
    DATA_DIR: dir,
    ...lab.env,
    ANTHROPIC_API_KEY: claude.apiKey,
    ANTHROPIC_BASE_URL: claude.url,
    FILE_ROOTS: dir,
    PROJECT_ROOTS: dir,
    // Hundreds of turns a minute: the rate and spend guards would send them elsewhere.
    LLM_CALLS_PER_MINUTE: "1000",
    DAILY_COST_LIMIT: "10000",
  });
  const log = pino({ level: "silent" });
  const store = Store.open(path.join(dir, "j.db"));
  store.db.transaction(() => {
    for (let i = 0; i < 10_000; i++) {
      store.memories.add({ kind: i % 3 === 0 ? "episodic" : "semantic", content: `note ${i}: guest ${100 + (i % 50)} on pve${(i % 3) + 1} uses ${i % 16} GiB` });
    }
  });
  const clients = buildClients(config, log, new IntegrationStatus(config));
  connectClients(clients, log);
  await clients.homeAssistant?.connect();
  const words = new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey);
  const registry = buildRegistry({ config, store, clients, words, log, secretValues: [] });
  const catalog = new ClientCatalog(clients, config.proxmox!.nodes.map((n) => n.name));
  const agent = await buildAgent({ config, store, registry, catalog, words, costs: new CostLedger(store.costs, config.modelPrices), log });
  return { dir, lab, claude, store, clients, agent, registry, tools: registry.list().length };
}

async function teardown(r: Rig | undefined): Promise<void> {
  if (!r) return;
  await closeClients(r.clients);
  await Promise.all([r.lab.close(), r.claude.close()]);
  r.store.close();
  rmSync(r.dir, { recursive: true, force: true });
}

let overhead: Rig | undefined;
let sdk: Anthropic;
let tools: Anthropic.Messages.Tool[] = [];
let turns = 0;

export const agentOverheadSuite: Suite = {
  name: "agent-overhead",
  rounds: 200,
  warmup: 20,
  setup: async () => {
    overhead = await rig(0);
    sdk = new Anthropic({ apiKey: overhead.claude.apiKey, baseURL: overhead.claude.url, maxRetries: 0 });
    tools = overhead.registry.anthropicTools() as Anthropic.Messages.Tool[];
  },
  teardown: () => teardown(overhead),
  // The same model call the turn makes (every tool, a system prompt of the same size), straight through the
  // SDK: what is left over is the agent's own work.
  baseline: {
    name: "raw SDK call, same tools and prompt",
    run: () =>
      sdk.messages
        .stream({
          model: "claude-sonnet-4-20250514",
          max_tokens: 1024,
          system: [{ type: "text", text: STABLE_PROMPT, cache_control: { type: "ephemeral" } }],
          tools,
          messages: [{ role: "user", content: "why is guest 105 slow? explain" }],
        })
        .finalMessage(),
  },
  cases: [
    {
      name: "agent.turn (routed to Claude)",
      run: () => overhead!.agent.turn({ text: `why is guest ${100 + (turns++ % 50)} slow? explain`, channel: "card", actor: "bench" }),
    },
  ],
  notes: ([base, turn]) => {
    const p50 = turn!.medianMs - base!.medianMs;
    const p99 = turn!.p99Ms - base!.p99Ms;
    return [
      `tools registered: ${overhead?.tools}; memories: 10000; model requests seen: ${overhead?.claude.requests.length}`,
      `agent overhead per turn: p50 ${p50.toFixed(3)} ms (target <= 3 ms: ${p50 <= 3 ? "met" : "missed"}), p99 ${p99.toFixed(3)} ms (target <= 15 ms: ${p99 <= 15 ? "met" : "missed"})`,
    ];
  },
};

let slow: Rig | undefined;

export const fastPathSuite: Suite = {
  name: "fast-path",
  rounds: 5,
  warmup: 1,
  setup: async () => {
    slow = await rig(1_000);
  },
  teardown: () => teardown(slow),
  baseline: {
    // "How is the cluster" phrased so the fast path does not match and the model (1 s latency) answers.
    name: "model turn, 1 s model latency",
    run: () => slow!.agent.turn({ text: "please tell me how the whole cluster is doing overall", channel: "card", actor: "bench" }),
  },
  cases: [{ name: "fast path turn", run: () => slow!.agent.turn({ text: "how is the cluster", channel: "card", actor: "bench" }) }],
  notes: ([model, fast]) => {
    const times = model!.medianMs / fast!.medianMs;
    return [`fast path ${times.toFixed(0)}x faster than the model turn (target >= 50x: ${times >= 50 ? "met" : "missed"})`];
  },
};
