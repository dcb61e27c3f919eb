// Long conversations are folded into a summary in the background, keeping every identifier; the next turns
// send the summary instead of the old messages (with a valid history), and the summary is kept a week as the
// conversation's memory, which another conversation recalls. Without a model the summary is extractive.
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CostLedger } from "../../src/agent/costs.js";
import { AnthropicProvider } from "../../src/agent/providers/anthropic.js";
import { ConversationSummarizer, keepIdentifiers } from "../../src/agent/summary.js";
import { Store } from "../../src/store/db.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startOpenAIEmulator, type OpenAIEmulator } from "../emulators/openai/index.js";
import { startTestJarvis, tempDir, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

const DAY_MS = 86_400_000;
const words = new ApprovalWords("JARVIS-EXECUTE", undefined);
let lab: HomeLab;
let claude: AnthropicEmulator;
let local: OpenAIEmulator;
let j: TestJarvis;

beforeAll(async () => {
  [lab, claude, local] = await Promise.all([
    startHomeLab({ taskMs: 20 }),
    startAnthropicEmulator(),
    startOpenAIEmulator({ flavor: "llama-server", apiKey: null, tools: "rejected" }),
  ]);
  j = await startTestJarvis({ ...lab.env, ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.url, LOCAL_LLM_ENDPOINT: local.url });
});
afterAll(async () => {
  await j?.stop();
  await Promise.all([lab?.close(), claude?.close(), local?.close()]);
});

async function ask(text: string, conversationId?: string) {
  const s = await TestSocket.open(j.wsUrl, { localAddress: "127.0.0.2" });
  try {
    s.send({ id: 1, type: "conversation/process", text, ...(conversationId ? { conversation_id: conversationId } : {}) });
    const r = await s.next((m) => m.id === 1 && m.type === "result", 30_000);
    expect(r.success, JSON.stringify(r.error)).toBe(true);
    return r.result as { speech: string; conversation_id: string };
  } finally {
    s.close();
  }
}

const padding = (label: string) => ` (${label}) ${"and the rest of the story is long and winding, with many details ".repeat(18)}`;
const isSummaryRequest = (body: any) => JSON.stringify(body.messages).includes("Summary so far");

describe("conversation summaries", () => {
  it("summarises the older turns in the background, keeps every identifier, and sends the summary instead", async () => {
    // The local model writes the summary, and forgets the address and the second node.
    local.script([{ match: isSummaryRequest, text: "The person asked why VM 105 was slow; Jarvis checked the node and found high CPU." }]);
    claude.script([
      { toolCalls: [{ name: "get_node_status", input: { node: "pve2" } }] },
      { text: `VM 105 on pve2 is busy.${padding("reply 1")}` },
    ]);
    const first = await ask(`marker-turn-1: why is VM 105 slow? explain${padding("ask 1")}`);
    const id = first.conversation_id;
    claude.script([{ text: `The backup target answers.${padding("reply 2")}` }]);
    await ask(`marker-turn-2: and is the NAS at 192.0.2.42 fine, the one on pve3? explain${padding("ask 2")}`, id);
    for (let turn = 3; turn <= 5; turn++) {
      claude.script([{ text: `Reply ${turn}.${padding(`reply ${turn}`)}` }]);
      await ask(`marker-turn-${turn}: tell me more and explain${padding(`ask ${turn}`)}`, id);
    }

    await vi.waitFor(() => expect(j.store.conversations.get(id)?.summary).toBeTruthy(), { timeout: 10_000, interval: 50 });
    const conversation = j.store.conversations.get(id)!;
    for (const identifier of ["VM 105", "pve2", "pve3", "192.0.2.42"]) expect(conversation.summary).toContain(identifier);
    expect(conversation.summary).toMatch(/^The person asked why VM 105 was slow/);
    // The summary covers the first two turns (the last three stay verbatim).
    const rows = j.store.conversations.messages(id);
    const turn3 = rows.find((r) => JSON.stringify(r.content).includes("marker-turn-3"))!;
    expect(conversation.summarizedThrough).toBe(rows[rows.indexOf(turn3) - 1]!.id);

    // The summariser was shown the old turns as fenced data, and no tools.
    const request = local.requests.find((r) => isSummaryRequest(r.body))!.body;
    expect(request.tools).toBeUndefined();
    expect(JSON.stringify(request.messages)).toMatch(/untrusted_data[^]*marker-turn-1[^]*192\.0\.2\.42/);
    expect(JSON.stringify(request.messages)).not.toContain("marker-turn-3");

    // Kept for a week as the conversation's memory.
    const digest = j.store.memories.recent({ kinds: ["conversation"] }).find((m) => m.conversationId === id)!;
    expect(digest.content).toContain(conversation.summary!);
    expect(digest.expiresAt!.getTime() - digest.createdAt.getTime()).toBeCloseTo(7 * DAY_MS, -4);

    // The next turn sends the summary and only the turns after it, as a valid history.
    claude.script([{ text: "Sure." }]);
    await ask("marker-turn-6: and what now? explain", id);
    const body = claude.requests.at(-1)!.body;
    const sent = JSON.stringify(body.messages);
    expect(sent).not.toContain("marker-turn-1");
    expect(sent).not.toContain("marker-turn-2");
    expect(sent).toContain("marker-turn-3");
    expect(body.messages[0].role).toBe("user");
    expect(JSON.stringify(body.system)).toMatch(/Earlier in this conversation[^]*untrusted_data[^]*192\.0\.2\.42/);

    // Another conversation recalls it.
    claude.script([{ text: "Earlier we looked at it." }]);
    await ask("what did we find out about VM 105 earlier? explain");
    expect(JSON.stringify(claude.requests.at(-1)!.body.system)).toContain("Conversation of");
  }, 60_000);

  it("leaves a short conversation alone", async () => {
    const before = local.requests.filter((r) => isSummaryRequest(r.body)).length;
    claude.script([{ text: "Fine." }, { text: "Still fine." }]);
    const first = await ask("how are the backups doing? explain");
    await ask("and yesterday's? explain", first.conversation_id);
    await new Promise((r) => setTimeout(r, 300));
    expect(j.store.conversations.get(first.conversation_id)?.summary).toBeNull();
    expect(local.requests.filter((r) => isSummaryRequest(r.body)).length).toBe(before);
  });
});

describe("the summariser on its own", () => {
  const log = pino({ level: "silent" });
  let store: Store;

  beforeAll(() => {
    store = Store.open(path.join(tempDir("jarvis-summary-"), "j.db"));
  });
  afterAll(() => store.close());

  function converse(id: string, turns: number, from = 1) {
    store.conversations.ensure(id, "card", "sam");
    for (let t = from; t < from + turns; t++) {
      store.conversations.addMessage(id, { role: "user", content: [{ type: "text", text: `Turn ${t}: please check container ${200 + t} on pve${t}.${padding(`ask ${t}`)}` }] });
      store.conversations.addMessage(id, {
        role: "assistant",
        content: [{ type: "tool_use", id: `t${t}`, name: "get_node_status", input: { node: `node-${t}` } }],
      });
      store.conversations.addMessage(id, { role: "user", content: [{ type: "tool_result", tool_use_id: `t${t}`, content: `{"ip":"198.51.100.${t}"}` }] });
      store.conversations.addMessage(id, { role: "assistant", content: [{ type: "text", text: `Container ${200 + t} is healthy. More follows.${padding(`reply ${t}`)}` }] });
    }
  }

  it("writes an extractive summary with every identifier when no model is configured, and builds on it later", async () => {
    const summarizer = new ConversationSummarizer({ store, providers: { claude: null, local: null }, words, costs: new CostLedger(store.costs), dailyCostLimit: 5, log });
    converse("no-model", 5);
    summarizer.schedule("no-model");
    await summarizer.idle();
    const first = store.conversations.get("no-model")!.summary!;
    expect(first).toMatch(/The person said: Turn 1: please check container 201/);
    expect(first).toMatch(/Jarvis: Container 201 is healthy\./);
    for (const id of ["container 201", "pve1", "node-1", "198.51.100.1", "container 202", "node-2", "198.51.100.2"]) expect(first.toLowerCase()).toContain(id);
    expect(first).not.toContain("Turn 3:");

    converse("no-model", 3, 6);
    summarizer.schedule("no-model");
    await summarizer.idle();
    const second = store.conversations.get("no-model")!.summary!;
    expect(second).toContain("198.51.100.1");
    expect(second).toMatch(/Turn 5:/);
    expect(second).not.toContain("Turn 6:");
    // One conversation memory, replaced by the newest summary.
    expect(store.memories.recent({ kinds: ["conversation"] }).filter((m) => m.conversationId === "no-model").map((m) => m.content)).toEqual([
      expect.stringContaining(second),
    ]);
  });

  it("asks Claude when there is no local model, records the cost, and goes extractive past the daily limit", async () => {
    const emu = await startAnthropicEmulator();
    try {
      emu.script([{ text: "Sam checked containers 201 and 202 on pve1 and pve2.", usage: { input: 2_000, output: 50 } }]);
      const claudeProvider = new AnthropicProvider({ apiKey: emu.apiKey, baseUrl: emu.url, model: "claude-sonnet-4-20250514", maxRetries: 0 });
      const costs = new CostLedger(store.costs);
      const summarizer = new ConversationSummarizer({ store, providers: { claude: claudeProvider, local: null }, words, costs, dailyCostLimit: 5, log });
      converse("claude", 5);
      summarizer.schedule("claude");
      await summarizer.idle();
      expect(store.conversations.get("claude")!.summary).toMatch(/^Sam checked containers 201 and 202 on pve1 and pve2\.\nAlso mentioned: .*node-1/);
      expect(costs.spentToday()).toBeGreaterThan(0);

      const broke = new ConversationSummarizer({ store, providers: { claude: claudeProvider, local: null }, words, costs, dailyCostLimit: costs.spentToday(), log });
      converse("over-limit", 5);
      const requests = emu.requests.length;
      broke.schedule("over-limit");
      await broke.idle();
      expect(emu.requests.length).toBe(requests);
      expect(store.conversations.get("over-limit")!.summary).toMatch(/^The person said:/);
    } finally {
      await emu.close();
    }
  });

  it("never overwrites a summary that moved on while it was being made", () => {
    store.conversations.ensure("race", "card");
    expect(store.conversations.setSummary("race", "first", 10, null)).toBe(true);
    expect(store.conversations.setSummary("race", "stale", 12, null)).toBe(false);
    expect(store.conversations.get("race")).toMatchObject({ summary: "first", summarizedThrough: 10 });
  });

  it("appends only the identifiers a summary lost, matched as whole words", () => {
    expect(keepIdentifiers("VM 105 on pve1 at 192.0.2.15.", ["vm-105", "pve1", "192.0.2.1", "pve12"])).toBe("VM 105 on pve1 at 192.0.2.15.\nAlso mentioned: 192.0.2.1, pve12.");
    expect(keepIdentifiers("All of light.kitchen.", ["light.kitchen"])).toBe("All of light.kitchen.");
  });
});
