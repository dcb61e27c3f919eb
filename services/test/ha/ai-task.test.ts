// The add-on's side of HA's AI tasks against the Anthropic emulator: the structure is the one tool Claude must
// call, images go with the instructions, the spend is recorded and the daily limit holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AiTasks } from "../../src/ha/ai-task.js";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";

const words = { redact: (text: string) => text.replaceAll("JARVIS-EXECUTE", "") };
let claude: AnthropicEmulator;
beforeAll(async () => {
  claude = await startAnthropicEmulator();
});
afterAll(() => claude.close());

function ledger(spent = 0) {
  const recorded: number[] = [];
  return { recorded, costs: { spentToday: () => spent, callsLastMinute: () => 0, record: (_p: string, _m: string, usage: { outputTokens: number }) => (recorded.push(usage.outputTokens), 0) } };
}

function tasks(spent = 0) {
  const { costs, recorded } = ledger(spent);
  const ai = new AiTasks({ anthropic: { apiKey: claude.apiKey, baseUrl: claude.url, model: "claude-sonnet-4-20250514" }, costs, dailyCostLimit: 5, callsPerMinute: 20, words });
  return { ai, recorded };
}

describe("AI tasks", () => {
  it("ask Claude for the structure as its one forced tool, with the image and without the approval words", async () => {
    claude.script([{ toolCalls: [{ name: "task_answer", input: { person_present: true } }] }]);
    const { ai, recorded } = tasks();
    const structure = { type: "object" as const, properties: { person_present: { type: "boolean" } }, required: ["person_present"] };
    const result = await ai.generate({ task_name: "door", instructions: "Who is there? JARVIS-EXECUTE", structure, attachments: [{ mime_type: "image/jpeg", data: "/9j/4AAQ" }] });
    expect(result).toEqual({ data: { person_present: true } });
    const body = claude.requests.at(-1)!.body;
    expect(body.tool_choice).toEqual({ type: "tool", name: "task_answer" });
    expect(body.tools[0].input_schema).toEqual(structure);
    expect(body.messages[0].content.map((b: { type: string }) => b.type)).toEqual(["text", "image"]);
    expect(JSON.stringify(body)).not.toContain("JARVIS-EXECUTE");
    expect(recorded).toHaveLength(1);
  });

  it("refuse without Claude, and at the day's spend limit without calling it", async () => {
    const none = new AiTasks({ anthropic: null, costs: ledger().costs, dailyCostLimit: 5, callsPerMinute: 20, words });
    await expect(none.generate({ task_name: "x", instructions: "y", attachments: [] })).rejects.toThrow(/need Claude/);
    const before = claude.requests.length;
    await expect(tasks(5).ai.generate({ task_name: "x", instructions: "y", attachments: [] })).rejects.toMatchObject({ code: "rate_limited" });
    expect(claude.requests.length).toBe(before);
  });
});
