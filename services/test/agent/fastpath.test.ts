// The fast path against the emulated home lab: the corpus in the demo home and in a second home (the right
// tool and arguments for what people say, nothing done for what they must not get done), questions back on
// ambiguity and their answers, "it", answers through the registry and its tiers, the honest answer without a
// model, and the offline grammar's phrases understood by the same matcher.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastPath } from "../../src/agent/fastpath/fastpath.js";
import { isHelpRequest } from "../../src/agent/fastpath/help.js";
import { commandPhrases, spokenNames } from "../../src/agent/fastpath/phrases.js";
import { normalise } from "../../src/agent/fastpath/text/normalise.js";
import { NAME_SLOT } from "../../src/speech/stt/grammar.js";
import { COTTAGE_HOME } from "../emulators/homeassistant/homes/cottage.js";
import type { Seen } from "./fastpath-corpus/check.js";
import { CORPUS } from "./fastpath-corpus/index.js";
import { ratio, score, summary } from "./fastpath-corpus/score.js";
import { fastRig, type FastRig } from "./fastpath-rig.js";

let demo: FastRig;
let cottage: FastRig;

beforeAll(async () => {
  [demo, cottage] = await Promise.all([fastRig(), fastRig(COTTAGE_HOME)]);
});
afterAll(async () => {
  await Promise.all([demo?.close(), cottage?.close()]);
});

const seenBy = (fast: FastPath) => async (utterance: string): Promise<Seen> => {
  const r = await fast.match(utterance);
  return r.kind === "calls" ? { kind: "calls", calls: r.calls } : r.kind === "ask" ? { kind: "ask" } : { kind: "nothing" };
};

/** A call context in a conversation the store knows (held actions belong to one). */
function ctxIn(rig: FastRig, conversationId: string) {
  rig.store.conversations.ensure(conversationId, "test");
  return { actor: "sam", channel: "agent" as const, conversationId, personMessage: "x", messageAt: new Date() };
}

describe("the corpus, matched directly", () => {
  it("is hundreds of phrasings, with negatives", () => {
    expect(CORPUS.demo.positives.length).toBeGreaterThanOrEqual(300);
    expect(CORPUS.cottage.positives.length).toBeGreaterThanOrEqual(200);
    expect(CORPUS.demo.negatives.length).toBeGreaterThanOrEqual(100);
  });

  it.each(["demo", "cottage"] as const)("in the %s home: at least 95 percent of requests right, no negative acted on", async (home) => {
    const s = await score(CORPUS[home], seenBy(home === "demo" ? demo.fast : cottage.fast));
    expect(ratio(s), summary(s)).toBeGreaterThanOrEqual(0.95);
    expect(s.negatives.acted, summary(s)).toBe(0);
  });
});

describe("the fast path", () => {
  it("asks which one when two things are named alike, and acts on the answer", async () => {
    const first = await demo.fast.handle("turn on the ceiling light", ctxIn(demo, "ask-1"));
    expect(first?.speech).toBe("Which device: Living Room Ceiling Light or Office Ceiling Light?");
    expect(first?.outcomes).toEqual([]);
    expect(demo.lab.homeAssistant.state("light.office_ceiling")?.state).toBe("off");
    const second = await demo.fast.handle("the office one", ctxIn(demo, "ask-1"));
    expect(second?.match.calls).toEqual([{ tool: "control_device", args: { entity_id: "light.office_ceiling", action: "turn_on" } }]);
    expect(second?.speech).toBe("Office Ceiling Light is on.");
    expect(demo.lab.homeAssistant.state("light.office_ceiling")?.state).toBe("on");
  });

  it("takes 'never mind' for an answer and forgets the question", async () => {
    await demo.fast.handle("turn off the ceiling light", ctxIn(demo, "ask-2"));
    expect((await demo.fast.handle("never mind", ctxIn(demo, "ask-2")))?.speech).toBe("OK, I left it.");
    expect(await demo.fast.handle("the office one", ctxIn(demo, "ask-2"))).toBeNull();
  });

  it("understands 'it' as what the conversation just acted on", async () => {
    await demo.fast.handle("turn on the coffee maker", ctxIn(demo, "it-1"));
    expect(demo.lab.homeAssistant.state("switch.coffee_maker")?.state).toBe("on");
    const off = await demo.fast.handle("turn it off", ctxIn(demo, "it-1"));
    expect(off?.match.calls).toEqual([{ tool: "control_device", args: { entity_id: "switch.coffee_maker", action: "turn_off" } }]);
    expect(demo.lab.homeAssistant.state("switch.coffee_maker")?.state).toBe("off");
    // Another conversation has nothing to point back at.
    expect(await demo.fast.handle("turn it off", ctxIn(demo, "it-2"))).toBeNull();
  });

  it("answers through the registry and its tiers: locks and garage doors are held, blinds are not", async () => {
    const status = await demo.fast.handle("how is the cluster", ctxIn(demo, "tiers"));
    expect(status?.speech).toMatch(/^All 3 nodes are online\. \d+ guests running, \d+ stopped\.$/);
    const unlock = await demo.fast.handle("unlock the front door", ctxIn(demo, "tiers"));
    expect(unlock?.outcomes[0]).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(unlock?.speech).toBe("Unlock Front Door needs your approval.");
    expect(demo.lab.homeAssistant.state("lock.front_door")?.state).toBe("locked");
    const garage = await demo.fast.handle("open the garage door", ctxIn(demo, "tiers"));
    expect(garage?.outcomes[0]).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(demo.lab.homeAssistant.state("cover.garage_door")?.state).toBe("closed");
    const blinds = await demo.fast.handle("close the living room blinds", ctxIn(demo, "tiers"));
    expect(blinds?.outcomes[0]).toMatchObject({ status: "ok", tier: "YELLOW" });
    expect(demo.lab.homeAssistant.state("cover.living_room_blinds")?.state).toBe("closed");
    const events = demo.store.events.list({ types: ["action"] });
    expect(events.some((e) => e.data?.channel === "fastpath" && e.data?.tool === "unlock_door" && e.data?.decision === "approval_required")).toBe(true);
  });

  it("adds to a to-do list and reads it back", async () => {
    await cottage.fast.handle("add Oat Milk to the groceries", ctxIn(cottage, "todo"));
    expect(cottage.lab.homeAssistant.todoItems("todo.groceries").map((i) => i.summary)).toContain("Oat Milk");
    const read = await cottage.fast.handle("what's on the groceries list", ctxIn(cottage, "todo"));
    expect(read?.speech).toBe("Groceries: Bread, Apples, Oat milk and Oat Milk.");
  });

  it("finds a lamp whose room is its device's, and answers for the room", async () => {
    const on = await cottage.fast.handle("turn on the lights in the lounge", ctxIn(cottage, "area"));
    expect(on?.match.calls.map((c) => c.args.entity_id).sort()).toEqual(["light.floor_lamp", "light.lounge_ceiling"]);
    const asked = await cottage.fast.handle("are the lounge lights on?", ctxIn(cottage, "area"));
    expect(asked?.speech).toBe("Floor Lamp and Lounge Ceiling are on.");
  });

  it("without a model, says what it can do with this home's names, and why it held back", async () => {
    const help = await demo.fast.withoutModel("What can you do?");
    expect(help).toMatch(/“start haos”/);
    expect(help).toMatch(/“turn off the Kitchen Light”/);
    expect(help).toMatch(/“what's on the Shopping List”/);
    expect(help).toMatch(/anthropic_api_key/);
    expect(await cottage.fast.withoutModel("help")).toMatch(/“turn off the Desk Light”.*“what's on the Groceries”/);
    expect(await demo.fast.withoutModel("don't turn off the kitchen light")).toMatch(/^I haven't done anything: it says not to do something/);
    expect(await demo.fast.withoutModel("turn off the kitchen light tomorrow")).toMatch(/^I haven't done anything: it is for later/);
    expect(await demo.fast.withoutModel("should I restart vm 102?")).toMatch(/^I haven't done anything: it asks whether or why/);
    expect(await demo.fast.withoutModel("how do I open the garage door")).toMatch(/^I haven't done anything: it asks how to do something/);
    expect(await demo.fast.withoutModel("start vm 555")).toMatch(/^I couldn't do that: there is no guest "555" in the cluster/);
    expect(await demo.fast.withoutModel("tell me a joke")).toMatch(/^I didn't understand that, and no language model is configured/);
  });

  it("understands every phrase of the offline grammar, with a real name in it", async () => {
    const names = ["kitchen light", "living room", "garage door", "front door", "living room tv", "shopping list", "driveway", "pihole", "pve1"];
    const missed: string[] = [];
    for (const phrase of commandPhrases()) {
      if (isHelpRequest(normalise(phrase))) continue; // answered by the help text, without a tool
      const tries = phrase.includes(NAME_SLOT) ? names.map((n) => phrase.replace(NAME_SLOT, n)) : [phrase];
      const results = await Promise.all(tries.map((t) => demo.fast.match(t)));
      if (results.every((r) => r.kind === "none")) missed.push(phrase);
    }
    expect(missed).toEqual([]);
  });

  it("gives the offline grammar the names people use: aliases and rooms too", async () => {
    const names = await spokenNames(demo.catalog);
    expect(names).toEqual(expect.arrayContaining(["Office Lamp", "desk lamp", "Living Room", "Lounge", "win11", "vm 105", "pve1"]));
    expect(names).not.toContain("Bedroom Light"); // not exposed to Assist
  });

  it("normalises what people say", () => {
    expect(normalise("Hey Jarvis, could you turn ON the Kitchen-Light, please?").join(" ")).toBe("turn on the kitchen light");
    expect(normalise("Set it to 21.5.").join(" ")).toBe("set it to 21.5");
    expect(normalise("what's the temp in the living room").join(" ")).toBe("what is the temp in the living room");
    expect(normalise("start vm one oh five").join(" ")).toBe("start vm 105");
    expect(normalise("set the fan to twenty five percent").join(" ")).toBe("set the fan to 25 percent");
    expect(normalise("don't stop pve1").join(" ")).toBe("do not stop pve 1");
    expect(normalise("the ceiling one").join(" ")).toBe("the ceiling one");
  });
});
