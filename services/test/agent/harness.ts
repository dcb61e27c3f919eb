// The agent's end-to-end rig: the home-lab, Anthropic and llama-server emulators, Jarvis servers started
// against them, a turn over the WebSocket as the HA integration sends it, and the history check every
// Anthropic request must pass. Each test file that uses it gets its own emulators.
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startOpenAIEmulator, type OpenAIEmulator } from "../emulators/openai/index.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

export interface TurnReply {
  speech: string;
  conversation_id: string;
  continue_conversation: boolean;
  data: { route: string; tools: { tool: string; tier: string; status: string }[]; pending_action_ids: string[] };
  events: any[];
}

export interface AgentRig {
  lab: HomeLab;
  claude: AnthropicEmulator;
  local: OpenAIEmulator;
  /** A Jarvis with Claude and the local model configured (env adds or overrides), stopped after the file. */
  jarvis(env?: Record<string, string>): Promise<TestJarvis>;
  /** A Jarvis with exactly this env (nothing added but what every test server gets), stopped after the file. */
  bare(env: Record<string, string>): Promise<TestJarvis>;
  /** A turn as the integration sends it; `fields` adds to the message (extra_system_prompt, language). */
  ask(j: TestJarvis, text: string, conversationId?: string, fields?: Record<string, unknown>): Promise<TurnReply>;
  claudeBodies(): any[];
}

/** Registers the rig's set-up and tear-down with the calling test file. */
export function useAgentRig(): AgentRig {
  const jarvises: TestJarvis[] = [];
  const sockets: TestSocket[] = [];
  const rig = {} as AgentRig;
  beforeAll(async () => {
    [rig.lab, rig.claude, rig.local] = await Promise.all([
      startHomeLab({ taskMs: 50 }),
      startAnthropicEmulator(),
      startOpenAIEmulator({ flavor: "llama-server", apiKey: null, tools: "rejected" }),
    ]);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await Promise.all(jarvises.map((j) => j.stop()));
    await Promise.all([rig.lab?.close(), rig.claude?.close(), rig.local?.close()]);
  });
  rig.bare = async (env) => {
    const j = await startTestJarvis(env);
    jarvises.push(j);
    return j;
  };
  rig.jarvis = (env = {}) =>
    rig.bare({ ...rig.lab.env, ANTHROPIC_API_KEY: rig.claude.apiKey, ANTHROPIC_BASE_URL: rig.claude.url, LOCAL_LLM_ENDPOINT: rig.local.url, ...env });
  rig.ask = async (j, text, conversationId, fields = {}) => {
    const s = await TestSocket.open(j.wsUrl, { localAddress: "127.0.0.2", headers: { "x-remote-user-id": "sam", "x-remote-user-display-name": "Sam" } });
    sockets.push(s);
    const id = 1;
    s.send({ ...fields, id, type: "conversation/process", text, ...(conversationId ? { conversation_id: conversationId } : {}) });
    const result = await s.next((m) => m.id === id && m.type === "result", 30_000);
    const events = s.received.filter((m) => m.id === id && m.type === "event").map((m) => m.event);
    expect(result.success, `${JSON.stringify(result.error)}\n${j.logs.filter((l) => l.includes("\"level\":50")).join("")}`).toBe(true);
    return { ...result.result, events } as TurnReply;
  };
  rig.claudeBodies = () => rig.claude.requests.map((r) => r.body);
  return rig;
}

/** Every tool_use in an Anthropic request is answered by a tool_result in the next message. */
export function assertValidHistory(messages: any[]) {
  messages.forEach((m, i) => {
    if (m.role !== "assistant" || !Array.isArray(m.content)) return;
    const uses = m.content.filter((b: any) => b.type === "tool_use").map((b: any) => b.id);
    const next = messages[i + 1];
    const results = (next?.content ?? []).filter((b: any) => b.type === "tool_result").map((b: any) => b.tool_use_id);
    expect(results.sort()).toEqual(uses.sort());
  });
}
