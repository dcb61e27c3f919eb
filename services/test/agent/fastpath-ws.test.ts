// The corpus as HA sends it: every request through conversation/process on /api/ws to a real server with no
// language model, once in demo mode on the demo home and once against a second home. What Jarvis did is read
// from the action events it streams (tool and arguments of every call); a question back is a turn that
// expects an answer and called nothing. Between requests the home is put back as it was, so one request's
// change does not decide the next one's target.
import { afterAll, describe, expect, it } from "vitest";
import type { HomeLab } from "../emulators/home-lab.js";
import { startHomeLab } from "../emulators/home-lab.js";
import { COTTAGE_HOME } from "../emulators/homeassistant/homes/cottage.js";
import { DEMO_HOME } from "../emulators/homeassistant/homes/demo.js";
import type { SeedHome } from "../emulators/homeassistant/homes/types.js";
import { inputJsonSchema } from "../../src/tools/format.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";
import type { IsDefault, Seen } from "./fastpath-corpus/check.js";
import { CORPUS } from "./fastpath-corpus/index.js";
import { ratio, score, summary } from "./fastpath-corpus/score.js";
import { fastRig } from "./fastpath-rig.js";

const running: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(running.map((stop) => stop()));
});

/**
 * The registry records a call's arguments with the tool's defaults filled in (web_search's limit); those are
 * not what the person said, so they count on neither side.
 */
async function defaults(): Promise<IsDefault> {
  const rig = await fastRig();
  const byTool = new Map(rig.registry.list().map((t) => [t.name, (inputJsonSchema(t).properties ?? {}) as Record<string, { default?: unknown }>]));
  await rig.close();
  return (tool, key, value) => {
    const d = byTool.get(tool)?.[key]?.default;
    return d !== undefined && JSON.stringify(d) === JSON.stringify(value);
  };
}

/** Puts every seeded entity back to its seeded state; true when something had changed. */
function restore(lab: HomeLab, home: SeedHome): boolean {
  let changed = false;
  for (const e of home.entities) {
    const now = lab.homeAssistant.state(e.entityId);
    if (now && (now.state !== e.state || JSON.stringify(now.attributes) !== JSON.stringify(e.attributes))) {
      lab.homeAssistant.setState(e.entityId, e.state, e.attributes);
      changed = true;
    }
  }
  return changed;
}

async function overTheSocket(home: SeedHome, demo: boolean) {
  const lab = await startHomeLab({ taskMs: 20, home });
  const jarvis: TestJarvis = await startTestJarvis(lab.env, { demo });
  running.push(async () => {
    await jarvis.stop();
    await lab.close();
  });
  const s = await TestSocket.open(jarvis.wsUrl, { localAddress: "127.0.0.2", headers: { "x-remote-user-id": "sam", "x-remote-user-display-name": "Sam" } });
  expect((await s.call({ id: 1, type: "subscribe_events", event_types: ["action"] })).success).toBe(true);
  let id = 1;
  const see = async (text: string, i: number): Promise<Seen> => {
    const conversation = `corpus-${i}`;
    const result = await s.call({ id: ++id, type: "conversation/process", text, conversation_id: conversation });
    expect(result.success, JSON.stringify(result.error)).toBe(true);
    const calls = s.received
      .filter((m) => m.id === 1 && m.type === "event" && m.event.data?.conversationId === conversation)
      .map((m) => ({ tool: m.event.data.tool as string, args: m.event.data.args as Record<string, unknown> }));
    if (restore(lab, home)) await new Promise((r) => setTimeout(r, 30));
    if (calls.length > 0) return { kind: "calls", calls };
    return result.result.continue_conversation && result.result.data.route === "fastpath" ? { kind: "ask" } : { kind: "nothing" };
  };
  return { see, close: () => s.close() };
}

describe("the corpus through conversation/process on /api/ws, with no model", () => {
  it.each([
    ["in demo mode", DEMO_HOME, "demo", true],
    ["against a second home", COTTAGE_HOME, "cottage", false],
  ] as const)("%s: at least 95 percent of requests right, no negative acted on", async (what, home, corpus, demo) => {
    const ws = await overTheSocket(home, demo);
    const s = await score(CORPUS[corpus], ws.see, await defaults());
    ws.close();
    console.log(`${what} over the WebSocket: ${summary(s)}`);
    expect(ratio(s), summary(s)).toBeGreaterThanOrEqual(0.95);
    expect(s.negatives.acted, summary(s)).toBe(0);
  }, 120_000);
});
