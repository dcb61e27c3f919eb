// The stored history as the model gets it: every tool call answered in the next message, nothing answered
// that was not asked, whatever a crash or restart left behind.
import { describe, expect, it } from "vitest";
import { repairToolPairs } from "../../src/agent/context.js";
import type { ChatMessage } from "../../src/agent/providers/types.js";

const user = (text: string): ChatMessage => ({ role: "user", content: [{ type: "text", text }] });
const calls = (...ids: string[]): ChatMessage => ({ role: "assistant", content: ids.map((id) => ({ type: "tool_use", id, name: "get_vms", input: {} })) });
const results = (...ids: string[]): ChatMessage => ({ role: "user", content: ids.map((id) => ({ type: "tool_result", tool_use_id: id, content: "[]" })) });
const say = (text: string): ChatMessage => ({ role: "assistant", content: [{ type: "text", text }] });

describe("repairToolPairs", () => {
  it("leaves a valid history as it is", () => {
    const history = [user("hi"), calls("a", "b"), results("a", "b"), say("done"), user("again")];
    expect(repairToolPairs(history)).toEqual(history);
  });

  it("answers a call whose result was lost, where it stands, so later turns stay usable", () => {
    const repaired = repairToolPairs([user("stop it"), calls("a", "b"), { role: "user", content: [{ type: "tool_result", tool_use_id: "b", content: "ok" }, { type: "text", text: "hello?" }] }, say("hi")]);
    expect(repaired[2]!.content).toEqual([
      { type: "tool_result", tool_use_id: "a", content: "No result: the turn was interrupted before this call finished.", is_error: true },
      { type: "tool_result", tool_use_id: "b", content: "ok" },
      { type: "text", text: "hello?" },
    ]);
  });

  it("drops results of calls that are not in the message before, and a trailing call still waiting", () => {
    expect(repairToolPairs([user("hi"), say("hello"), { role: "user", content: [{ type: "tool_result", tool_use_id: "x", content: "?" }, { type: "text", text: "and?" }] }])).toEqual([
      user("hi"),
      say("hello"),
      user("and?"),
    ]);
    expect(repairToolPairs([user("hi"), say("hello"), results("x")])).toEqual([user("hi"), say("hello")]);
    expect(repairToolPairs([user("check"), calls("a")])).toEqual([user("check")]);
  });
});
