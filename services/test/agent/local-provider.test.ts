// The local model's provider (OpenAICompatibleProvider) against the OpenAI emulator over loopback, as
// llama-server and as OpenAI: text streaming, parallel tool calls assembled from split argument pieces, the
// tool results sent back as a history the API accepts, ids unique enough for Claude to take the history
// later, the fall back to chat-only when llama-server runs without --jinja, 429/500 as unavailable; then one
// turn through a running Jarvis where Qwen calls a GREEN tool and answers.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnthropicProvider } from "../../src/agent/providers/anthropic.js";
import { OpenAICompatibleProvider } from "../../src/agent/providers/openai.js";
import { ProviderUnavailable, type ChatMessage, type ContentBlock, type ProviderTool } from "../../src/agent/providers/types.js";
import { createLogger } from "../../src/log.js";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startOpenAIEmulator, type OpenAIEmulator } from "../emulators/openai/index.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

const TOOLS: ProviderTool[] = [
  { name: "get_vms", description: "List the VMs", inputSchema: { type: "object", properties: {} } },
  {
    name: "get_node_status",
    description: "Status of one node",
    inputSchema: { type: "object", properties: { node: { type: "string" } }, required: ["node"] },
  },
];
/** Claude's rule for tool_use ids. */
const ANTHROPIC_ID = /^[a-zA-Z0-9_-]+$/;

let llama: OpenAIEmulator;
let openai: OpenAIEmulator;
let noJinja: OpenAIEmulator;
let claude: AnthropicEmulator;

beforeAll(async () => {
  [llama, openai, noJinja, claude] = await Promise.all([
    startOpenAIEmulator({ flavor: "llama-server", apiKey: null }),
    startOpenAIEmulator(),
    startOpenAIEmulator({ flavor: "llama-server", apiKey: null, tools: "rejected" }),
    startAnthropicEmulator(),
  ]);
});
afterAll(() => Promise.all([llama.close(), openai.close(), noJinja.close(), claude.close()]));

function provider(emu: OpenAIEmulator, opts: { contextWindow?: number; log?: string[] } = {}) {
  const lines = opts.log;
  const log = lines && createLogger({ level: "warn", destination: new Writable({ write: (c, _e, done) => done(void lines.push(String(c))) }) });
  return new OpenAICompatibleProvider({
    endpoint: emu.url,
    model: emu === openai ? "gpt-4o-mini" : "qwen2.5-7b-instruct",
    contextWindow: opts.contextWindow ?? 8192,
    supportsTools: true,
    apiKey: emu.apiKey,
    ...(log ? { log } : {}),
  });
}

/** One provider call; resolves with the reply and the text deltas streamed on the way. */
async function run(p: OpenAICompatibleProvider, messages: ChatMessage[], tools = TOOLS) {
  const deltas: string[] = [];
  const signal = new AbortController().signal;
  const reply = await p.run({ system: { stable: "You are Jarvis.", volatile: "Today is Monday." }, messages, tools, maxTokens: 512, signal }, (d) => deltas.push(d));
  return { ...reply, deltas };
}

const say = (text: string): ChatMessage => ({ role: "user", content: [{ type: "text", text }] });
const uses = (content: ContentBlock[]) => content.filter((b): b is Extract<ContentBlock, { type: "tool_use" }> => b.type === "tool_use");
/** The person's side of a tool round: one result per call. */
const answer = (content: ContentBlock[], text = "running"): ChatMessage => ({
  role: "user",
  content: uses(content).map((u) => ({ type: "tool_result", tool_use_id: u.id, content: `${u.name}: ${text}` })),
});
const since = (emu: OpenAIEmulator, start: number) => emu.requests.slice(start);

describe("OpenAICompatibleProvider", () => {
  it("streams text: the deltas add up to the reply, which ends the turn", async () => {
    const text = "All three nodes are online and quiet.";
    llama.script([{ text, chunkChars: 4 }]);
    const reply = await run(provider(llama), [say("how are the nodes?")]);
    expect(reply.deltas.length).toBeGreaterThan(5);
    expect(reply.deltas.join("")).toBe(text);
    expect(reply.content).toEqual([{ type: "text", text }]);
    expect(reply.stopReason).toBe("end_turn");
    expect(reply.usage.outputTokens).toBeGreaterThan(0);
  });

  it("asks llama-server for parallel calls, with the tools in function format, and assembles both from split pieces", async () => {
    const start = llama.requests.length;
    llama.script([
      { toolCalls: [{ name: "get_node_status", input: { node: "pve1" } }, { name: "get_node_status", input: { node: "pve2" } }], chunkChars: 2 },
    ]);
    const reply = await run(provider(llama), [say("compare pve1 and pve2")]);
    const [body] = since(llama, start).map((r) => r.body);
    expect(body.parallel_tool_calls).toBe(true);
    expect(body.tools).toEqual(TOOLS.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.inputSchema } })));
    expect(reply.stopReason).toBe("tool_use");
    const calls = uses(reply.content);
    expect(calls.map((c) => [c.name, c.input])).toEqual([
      ["get_node_status", { node: "pve1" }],
      ["get_node_status", { node: "pve2" }],
    ]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });

  it("sends the tool results back as a history OpenAI accepts, pictures described", async () => {
    const start = openai.requests.length;
    openai.script([
      { toolCalls: [{ name: "get_vms", input: {} }, { name: "get_node_status", input: { node: "pve1" } }] },
      { text: "Five VMs; pve1 is fine." },
    ]);
    const p = provider(openai);
    const messages = [say("vms, and how is pve1?")];
    const first = await run(p, messages);
    const results = answer(first.content);
    const snapshot = { mediaType: "image/jpeg" as const, base64: "AAAA" };
    results.content[1] = { ...(results.content[1] as Extract<ContentBlock, { type: "tool_result" }>), images: [snapshot] };
    messages.push({ role: "assistant", content: first.content }, results);
    const second = await run(p, messages);
    expect(second.content).toEqual([{ type: "text", text: "Five VMs; pve1 is fine." }]);
    const [, followUp] = since(openai, start);
    expect(followUp!.status).toBe(200);
    const sent = followUp!.body.messages;
    expect(sent.map((m: any) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
    expect(sent[0].content).toBe("You are Jarvis.\n\nToday is Monday.");
    expect(sent.slice(3).map((m: any) => m.tool_call_id)).toEqual(uses(first.content).map((c) => c.id));
    expect(sent[4].content).toContain("1 picture(s) not shown");
  });

  it("gives calls streamed without an id ids that stay unique, so Claude takes the history later", async () => {
    const noId = (node: string) => ({ name: "get_node_status", input: { node }, id: "" });
    llama.script([{ toolCalls: [noId("pve1"), noId("pve2")] }, { toolCalls: [noId("pve3"), noId("pve1")] }]);
    const p = provider(llama);
    const messages = [say("check every node")];
    for (let round = 0; round < 2; round++) {
      const reply = await run(p, messages);
      messages.push({ role: "assistant", content: reply.content }, answer(reply.content, "online"));
    }
    const ids = messages.flatMap((m) => uses(m.content).map((u) => u.id));
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(ANTHROPIC_ID);

    claude.script([{ text: "Every node is online." }]);
    const sonnet = new AnthropicProvider({ apiKey: claude.apiKey, baseUrl: claude.url, model: "claude-sonnet-5-5", maxRetries: 0 });
    const signal = new AbortController().signal;
    messages.push(say("and in one sentence?"));
    const handedOver = await sonnet.run({ system: { stable: "You are Jarvis.", volatile: "" }, messages, tools: TOOLS, maxTokens: 256, signal }, () => {});
    expect(handedOver.content).toEqual([{ type: "text", text: "Every node is online." }]);
  });

  it("when llama-server refuses tools (no --jinja), answers chat-only at once and offers no tools again", async () => {
    const start = noJinja.requests.length;
    const log: string[] = [];
    const p = provider(noJinja, { log });
    noJinja.script([{ text: "I can chat, but not check the cluster." }, { text: "Still just chatting." }]);
    const first = await run(p, [say("list my vms")]);
    expect(first.content).toEqual([{ type: "text", text: "I can chat, but not check the cluster." }]);
    expect(first.deltas.join("")).toBe("I can chat, but not check the cluster.");
    const [refused, retried] = since(noJinja, start);
    expect(refused!.status).toBe(500);
    expect(refused!.body.tools).toHaveLength(2);
    // Straight to the chat-only request: no SDK retry of the refusal in between.
    expect(retried!.status).toBe(200);
    expect(retried!.body.tools).toBeUndefined();
    expect(retried!.body.parallel_tool_calls).toBeUndefined();
    expect(retried!.body.messages).toEqual(refused!.body.messages);
    expect(p.supportsTools).toBe(false);

    const later = await run(p, [say("and the containers?")]);
    expect(later.content).toEqual([{ type: "text", text: "Still just chatting." }]);
    const requests = since(noJinja, start);
    expect(requests).toHaveLength(3);
    expect(requests[2]!.body.tools).toBeUndefined();
    const warnings = log.filter((l) => l.includes("refuses tools"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("--jinja");
  });

  it("treats 429 and 500 as unavailable (the agent then says so), and a plain 500 leaves the tools on", async () => {
    const p = provider(llama);
    for (const status of [429, 500]) {
      // The SDK retries once on its own; the retry-after keeps that quick.
      llama.script([{ error: { status, retryAfter: 0.01 }, times: 2 }]);
      const err = await run(p, [say("hello")]).catch((e) => e);
      expect(err).toBeInstanceOf(ProviderUnavailable);
      expect([err.provider, err.status]).toEqual(["local", status]);
    }
    expect(p.supportsTools).toBe(true);
  });

  it("offers no tools on the turn's last round, where the model must answer", async () => {
    const start = llama.requests.length;
    llama.script([{ text: "Here is my answer." }]);
    const p = provider(llama);
    const reply = await p.run({ system: { stable: "You are Jarvis.", volatile: "" }, messages: [say("sum it up")], tools: TOOLS, mustAnswer: true, maxTokens: 256, signal: new AbortController().signal }, () => {});
    expect(reply.stopReason).toBe("end_turn");
    const body = since(llama, start)[0]!.body;
    expect(body.tools).toBeUndefined();
    expect(body.parallel_tool_calls).toBeUndefined();
    expect(p.supportsTools).toBe(true);
  });

  it("sends every message it is given: fitting the context window is the agent's job, not the provider's", async () => {
    const start = llama.requests.length;
    llama.script([{ text: "ok" }]);
    const long = Array.from({ length: 12 }, (_, i) => say(`turn ${i}: ${"weather talk ".repeat(100)}`));
    await run(provider(llama, { contextWindow: 512 }), long, []);
    const sent = since(llama, start)[0]!.body.messages;
    expect(sent).toHaveLength(13);
    expect(sent[1].content).toContain("turn 0");
  });
});

describe("a local turn with tools through a running Jarvis", () => {
  let lab: HomeLab;
  let qwen: OpenAIEmulator;
  let jarvis: TestJarvis;
  beforeAll(async () => {
    [lab, qwen] = await Promise.all([startHomeLab({ taskMs: 50 }), startOpenAIEmulator({ flavor: "llama-server", apiKey: null })]);
    jarvis = await startTestJarvis({ ...lab.env, LOCAL_LLM_ENDPOINT: qwen.url, LOCAL_LLM_TOOLS: "true" });
  });
  afterAll(async () => {
    await jarvis?.stop();
    await Promise.all([lab?.close(), qwen?.close()]);
  });

  it("Qwen calls get_vms, the tool runs, its result goes back, and the answer comes from the local model", async () => {
    qwen.script([{ toolCalls: [{ name: "get_vms", input: {} }] }, { text: "docker-host has the most memory: 8 GiB." }]);
    const s = await TestSocket.open(jarvis.wsUrl, { localAddress: "127.0.0.2" });
    try {
      const reply = await s.call({ id: 1, type: "conversation/process", text: "which of my vms uses the most memory, and why? explain" });
      expect(reply.success, JSON.stringify(reply.error)).toBe(true);
      expect(reply.result.speech).toBe("docker-host has the most memory: 8 GiB.");
      expect(reply.result.data.route).toBe("local");
      expect(reply.result.data.tools).toEqual([{ tool: "get_vms", tier: "GREEN", status: "ok" }]);
    } finally {
      s.close();
    }
    const [asked, followUp] = qwen.requests.map((r) => r.body);
    expect(asked.parallel_tool_calls).toBe(true);
    expect(asked.tools.map((t: any) => t.function.name)).toContain("get_vms");
    const call = followUp.messages.at(-2).tool_calls[0];
    const result = followUp.messages.at(-1);
    expect(call.function.name).toBe("get_vms");
    expect(result).toMatchObject({ role: "tool", tool_call_id: call.id });
    expect(result.content).toContain("docker-host");
  });
});
