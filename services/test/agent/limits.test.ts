// The router's rules as a person meets them, end to end: the call rate and the day's spend are checked
// before every Claude call (mid-turn too), 429 and 5xx fall back to the local model after the SDK's bounded
// retries, and prompt caching keeps the stable prefix cached with the volatile part after it.
import { describe, expect, it } from "vitest";
import { assertValidHistory, useAgentRig } from "./harness.js";

const rig = useAgentRig();

describe("limits and fallbacks", () => {
  it("moves a turn to the local model when the call rate is reached in the middle of it", async () => {
    const j = await rig.jarvis({ LLM_CALLS_PER_MINUTE: "2" });
    const start = rig.claude.requests.length;
    rig.claude.script([{ toolCalls: [{ name: "get_cluster_status", input: {} }], times: 2 }]);
    rig.local.script([{ text: "Local finish: the cluster is fine." }]);
    const r = await rig.ask(j, "investigate the cluster and explain what you find");
    expect(rig.claude.requests.length - start).toBe(2);
    expect(r.data.route).toBe("local");
    expect(r.speech).toBe("Local finish: the cluster is fine.");
    expect(r.events).toContainEqual(
      expect.objectContaining({ type: "route", route: "local", reason: "2 Claude calls in the last minute reached the limit of 2: continuing on the local model" }),
    );
    // The local model got the whole turn: both tool rounds, each call answered.
    const body = rig.local.requests.at(-1)!.body;
    const calls = body.messages.filter((m: any) => m.role === "assistant" && m.tool_calls).flatMap((m: any) => m.tool_calls.map((c: any) => c.id));
    const answered = body.messages.filter((m: any) => m.role === "tool").map((m: any) => m.tool_call_id);
    expect(calls).toHaveLength(2);
    expect(answered).toEqual(calls);

    // And the next turn starts on the local model, for the same reason.
    rig.local.script([{ text: "Still local." }]);
    const next = await rig.ask(j, "and the storage? explain", r.conversation_id);
    expect(next.events).toContainEqual(expect.objectContaining({ type: "route", route: "local", reason: "2 Claude calls in the last minute reached the limit of 2" }));
  });

  it("stops a turn at the day's spend limit when there is no local model, and says why", async () => {
    const j = await rig.bare({ ...rig.lab.env, ANTHROPIC_API_KEY: rig.claude.apiKey, ANTHROPIC_BASE_URL: rig.claude.url, DAILY_COST_LIMIT: "0.01" });
    rig.claude.script([{ toolCalls: [{ name: "get_storage", input: {} }], usage: { input: 5_000, output: 500 } }]);
    const start = rig.claude.requests.length;
    const r = await rig.ask(j, "check the storage and explain it");
    expect(rig.claude.requests.length - start).toBe(1);
    expect(r.speech).toMatch(/^I stopped here: today's Claude spend \$0\.02 reached the daily limit of \$0\.01\.$/);
    expect(r.data.tools).toEqual([{ tool: "get_storage", tier: "GREEN", status: "ok" }]);
  });

  it.each([429, 500, 503])("falls back to the local model after Claude's bounded retries of a %s", async (status) => {
    const j = await rig.jarvis();
    const start = rig.claude.requests.length;
    rig.claude.script([{ error: { status, retryAfter: 0 }, times: 3 }]);
    rig.local.script([{ text: `Local after ${status}.` }]);
    const r = await rig.ask(j, "why is my storage filling up? explain");
    expect(r).toMatchObject({ speech: `Local after ${status}.`, data: { route: "local" } });
    // The SDK tries three times (two retries), then the turn moves on.
    expect(rig.claude.requests.length - start).toBe(3);
    expect(r.events).toContainEqual(expect.objectContaining({ type: "route", route: "local", reason: expect.stringContaining(`Claude unavailable (${status})`) }));
  });

  it("falls back mid-turn after a tool round, with a history and a memory budget for the local model", async () => {
    const j = await rig.jarvis();
    // Twelve relevant memories of about 60 tokens each: Claude's 600-token budget holds 9, the local 200 holds 3.
    for (let i = 0; i < 12; i++) j.store.memories.add({ kind: "semantic", content: `vms note ${i}: ${"the guests on this cluster are arranged with care ".repeat(5).slice(0, 225)}` });
    rig.claude.script([{ toolCalls: [{ name: "get_vms", input: {} }] }, { error: { status: 529, retryAfter: 0 }, times: 3 }]);
    rig.local.script([{ text: "Five VMs, from the local model." }]);
    const r = await rig.ask(j, "which vms do I have? explain");
    expect(r).toMatchObject({ speech: "Five VMs, from the local model.", data: { route: "local", tools: [{ tool: "get_vms", status: "ok" }] } });
    const body = rig.local.requests.at(-1)!.body;
    expect(body.messages.map((m: any) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    const notes = (text: string) => text.match(/vms note \d+/g)?.length ?? 0;
    expect(notes(JSON.stringify(rig.claude.requests.at(-1)!.body.system))).toBe(9);
    expect(notes(body.messages[0].content)).toBe(3);
  });
});

describe("prompt caching", () => {
  it("marks the tools and the persona as the cached prefix, keeps the date after it, and reads the cache next turn", async () => {
    const j = await rig.jarvis();
    rig.claude.script([{ text: "One." }, { text: "Two." }]);
    const first = await rig.ask(j, "how are my backups doing? explain");
    await rig.ask(j, "and the snapshots? explain", first.conversation_id);
    const [a, b] = rig.claudeBodies().slice(-2);
    for (const body of [a, b]) {
      expect(body.tools.at(-1).cache_control).toEqual({ type: "ephemeral" });
      expect(body.tools.slice(0, -1).every((t: any) => t.cache_control === undefined)).toBe(true);
      expect(body.system[0]).toMatchObject({ cache_control: { type: "ephemeral" } });
      expect(body.system[1].cache_control).toBeUndefined();
      expect(body.system[1].text).toMatch(/^It is \w+day, \d+ \w+ \d{4}/);
    }
    expect(a.tools).toEqual(b.tools);
    expect(a.system[0]).toEqual(b.system[0]);
    assertValidHistory(b.messages);
    // The ledger saw the prefix (tools and persona, thousands of tokens) read from the cache, priced as such.
    const [second] = j.store.costs.recent(1);
    expect(second).toMatchObject({ cacheWriteTokens: 0, cacheReadTokens: expect.any(Number) });
    expect(second!.cacheReadTokens).toBeGreaterThan(3_000);
    expect(second!.costUsd).toBeLessThan(((second!.cacheReadTokens + second!.inputTokens) * 3) / 1_000_000);
  });
});
