import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CostLedger } from "../../src/agent/costs.js";
import { route, scoreMessage, type RouterFacts } from "../../src/agent/router.js";
import { Store } from "../../src/store/db.js";
import { tempDir } from "../helpers/jarvis.js";

const FACTS: RouterFacts = {
  claudeAvailable: true,
  localAvailable: true,
  spentToday: 0,
  dailyLimit: 5,
  callsLastMinute: 0,
  callsPerMinute: 20,
  inToolThread: false,
};

describe("router rules", () => {
  it("goes local without an Anthropic key, and says so", () => {
    expect(route("restart vm 105 and check its logs", { ...FACTS, claudeAvailable: false })).toMatchObject({
      route: "local",
      reason: "no Anthropic API key is configured",
    });
  });

  it("goes local once today's spend reaches the limit", () => {
    const d = route("why is pve2 using so much memory?", { ...FACTS, spentToday: 5.01 });
    expect(d).toMatchObject({ route: "local" });
    expect(d.reason).toMatch(/reached the daily limit of \$5\.00/);
  });

  it("goes local at the per-minute call rate", () => {
    expect(route("list the vms", { ...FACTS, callsLastMinute: 19 }).route).toBe("claude");
    expect(route("list the vms", { ...FACTS, callsLastMinute: 20 })).toMatchObject({
      route: "local",
      reason: "20 Claude calls in the last minute reached the limit of 20",
    });
  });

  it("has nowhere to go with no model at all", () => {
    expect(route("hello", { ...FACTS, claudeAvailable: false, localAvailable: false }).route).toBe("none");
  });

  it("keeps a tool conversation on Claude even for a short reply", () => {
    expect(route("ok", { ...FACTS, inToolThread: true })).toMatchObject({ route: "claude" });
  });

  it("uses Claude when there is no local model, even for chit-chat", () => {
    expect(route("hello there", { ...FACTS, localAvailable: false })).toMatchObject({ route: "claude", reason: "no local model is configured" });
  });
});

describe("router classifier over the conversation", () => {
  it("sends a short follow-up of a request that needed tools to Claude, and thanks to the local model", () => {
    const previousMessage = "why is vm 105 so slow today?";
    expect(route("and the other one?", FACTS).route).toBe("local");
    const follow = route("and the other one?", { ...FACTS, previousMessage });
    expect(follow).toMatchObject({ route: "claude", features: expect.arrayContaining(["follows up a request that needed tools (+3)"]) });
    expect(route("thanks!", { ...FACTS, previousMessage }).route).toBe("local");
    expect(route("and the weather in paris?", { ...FACTS, previousMessage: "hello there" }).route).toBe("local");
  });
});

describe("router classifier", () => {
  it.each([
    ["why did the backup of vm 102 fail last night?", "claude"],
    ["restart the frigate container", "claude"],
    ["what's using all the cpu on pve1", "claude"],
    ["explain the difference between a snapshot and a backup", "claude"],
    ["turn off the garage lights", "claude"],
    ["can you search the web for the latest proxmox release", "claude"],
    ["here is an error I got: Traceback (most recent call last)", "claude"],
    ["hello", "local"],
    ["thanks jarvis!", "local"],
    ["good morning", "local"],
    ["tell me a joke", "local"],
    ["how are you today?", "local"],
  ])("%j -> %s", (message, expected) => {
    const d = route(message, FACTS);
    expect(d.route, `${d.reason} [${d.features.join(", ")}]`).toBe(expected);
  });

  it("explains its score", () => {
    expect(scoreMessage("why is vm 105 down?")).toEqual({
      score: 7,
      features: ["mentions home-lab things (+2)", "needs reasoning (+3)", "names a guest id (+2)"],
    });
  });
});

describe("cost ledger", () => {
  const store = Store.open(path.join(tempDir(), "j.db"));
  afterAll(() => store.close());

  it("prices Claude calls by model, with cache reads and writes, and sums today's spend", () => {
    const ledger = new CostLedger(store.costs);
    const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 0 };
    expect(ledger.cost("claude-sonnet-4-20250514", usage)).toBeCloseTo(3 + 1.5 + 0.6, 6);
    ledger.record("anthropic", "claude-sonnet-4-20250514", usage, null);
    ledger.record("local", "qwen2.5-7b", usage, null);
    expect(ledger.spentToday()).toBeCloseTo(5.1, 6);
    expect(ledger.callsLastMinute()).toBe(1);
    expect(ledger.callsLastMinute("local")).toBe(1);
  });

  it("takes price overrides from config and never underprices an unknown model", () => {
    const ledger = new CostLedger(store.costs, { "my-model": { input: 1, output: 2 } });
    expect(ledger.cost("my-model", { inputTokens: 1e6, outputTokens: 1e6, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBe(3);
    expect(ledger.priceOf("claude-unknown-9")).toEqual(ledger.priceOf("claude-opus-4"));
  });

  it("counts yesterday's spend out of today's", () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(new CostLedger(store.costs, {}, () => new Date(tomorrow)).spentToday()).toBe(0);
  });
});
