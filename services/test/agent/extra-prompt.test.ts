// HA hands Jarvis the conversation agent's extra_system_prompt on a conversation's first turn only (its
// ChatLog carries it no further), so Jarvis keeps it with the conversation for the turns after.
import { describe, expect, it } from "vitest";
import { useAgentRig } from "./harness.js";

const rig = useAgentRig();
const EXTRA = "Always call the owner Captain and answer like a ship's log.";
const NEWER = "Answer in rhyme from now on.";

/** The system prompt of a recorded Anthropic request, as the model read it. */
const systemOf = (body: any): string => (Array.isArray(body.system) ? body.system.map((b: any) => b.text).join("\n") : String(body.system ?? ""));

describe("extra_system_prompt", () => {
  it("is kept for the conversation it came with, replaced by a newer one, and never leaks into another", async () => {
    // Claude only: every turn reaches it, so each request shows what the model was told.
    const j = await rig.bare({ ANTHROPIC_API_KEY: rig.claude.apiKey, ANTHROPIC_BASE_URL: rig.claude.url });
    const asked = () => systemOf(rig.claudeBodies().at(-1));
    rig.claude.script([{ text: "Aye." }, { text: "Logged." }, { text: "Hello." }, { text: "In rhyme." }, { text: "Still rhyme." }]);

    const first = await rig.ask(j, "Tell me a joke about penguins", undefined, { extra_system_prompt: EXTRA });
    expect(asked()).toContain(EXTRA);

    await rig.ask(j, "And another one about seals", first.conversation_id);
    expect(asked()).toContain(EXTRA);

    const other = await rig.ask(j, "Tell me a joke about penguins");
    expect(other.conversation_id).not.toBe(first.conversation_id);
    expect(asked()).not.toContain(EXTRA);

    await rig.ask(j, "One about otters", first.conversation_id, { extra_system_prompt: NEWER });
    await rig.ask(j, "And about owls", first.conversation_id);
    expect(asked()).toContain(NEWER);
    expect(asked()).not.toContain(EXTRA);
  });
});
