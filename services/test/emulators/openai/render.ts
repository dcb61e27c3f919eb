// A scripted reply as Chat Completions sends it: a chat.completion object, or chat.completion.chunk
// messages (role first, content pieces, each tool call opened with id+name then argument pieces, a chunk
// with finish_reason, the usage chunk with empty choices when stream_options.include_usage, data: [DONE]).
import { estimateTokens, randomId, splitChunks, type Exchange, type Reply, type Step } from "../llm-script.js";
import { errorBody, scriptedRefusal, type Flavor } from "./errors.js";

const DEFAULT_CHUNK = 6;

export interface Completion {
  flavor: Flavor;
  model: string;
  reply: Reply;
  promptTokens: number;
  cachedTokens: number;
}

type Json = Record<string, any>;

export function promptTokens(body: Json, step: Step): number {
  return step.usage?.input ?? estimateTokens({ messages: body.messages, tools: body.tools });
}

function finishReason(reply: Reply): string {
  if (reply.truncated) return "length";
  return reply.toolCalls.length > 0 ? "tool_calls" : "stop";
}

function usage(c: Completion) {
  return {
    prompt_tokens: c.promptTokens,
    completion_tokens: c.reply.outputTokens,
    total_tokens: c.promptTokens + c.reply.outputTokens,
    prompt_tokens_details: { cached_tokens: c.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function header(c: Completion, object: string) {
  return {
    id: randomId("chatcmpl-", 29),
    object,
    created: Math.floor(Date.now() / 1000),
    model: c.model,
    system_fingerprint: c.flavor === "openai" ? "fp_emulator" : "b0-emulator",
  };
}

function toolCallIds(reply: Reply): string[] {
  return reply.toolCalls.map((call) => call.id ?? randomId("call_", 24));
}

export function completionObject(c: Completion): unknown {
  const ids = toolCallIds(c.reply);
  const toolCalls = c.reply.toolCalls.map((call, i) => ({
    id: ids[i],
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.input) },
  }));
  const message = {
    role: "assistant",
    content: c.reply.text === "" ? null : c.reply.text,
    refusal: null,
    annotations: [],
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    ...header(c, "chat.completion"),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(c.reply) }],
    usage: usage(c),
    service_tier: "default",
  };
}

/** The deltas of the reply; `counted` marks the content pieces a breakAfter counts as chunks. */
function deltas(reply: Reply, chunkChars: number): { delta: Json; counted: boolean }[] {
  const out: { delta: Json; counted: boolean }[] = [
    { delta: { role: "assistant", content: reply.text === "" ? null : "", refusal: null }, counted: false },
  ];
  for (const content of splitChunks(reply.text, chunkChars)) out.push({ delta: { content }, counted: true });
  const ids = toolCallIds(reply);
  reply.toolCalls.forEach((call, index) => {
    const opening = { index, id: ids[index], type: "function", function: { name: call.name, arguments: "" } };
    out.push({ delta: { tool_calls: [opening] }, counted: false });
    for (const piece of splitChunks(JSON.stringify(call.input), chunkChars)) {
      out.push({ delta: { tool_calls: [{ index, function: { arguments: piece } }] }, counted: true });
    }
  });
  return out;
}

export async function streamCompletion(ex: Exchange, step: Step, c: Completion, includeUsage: boolean): Promise<void> {
  const base = header(c, "chat.completion.chunk");
  // With include_usage every chunk carries usage: null, and one more chunk brings the totals.
  const extra = includeUsage ? { usage: null } : {};
  const chunk = (delta: Json, finish: string | null) =>
    ex.send(JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra }));
  ex.openSse({});
  let sent = 0;
  for (const { delta, counted } of deltas(c.reply, step.chunkChars ?? DEFAULT_CHUNK)) {
    if (counted && step.breakAfter !== undefined && sent >= step.breakAfter.chunks) {
      const { error } = step.breakAfter;
      if (error === undefined) return ex.untilClosed();
      ex.send(JSON.stringify(errorBody(c.flavor, scriptedRefusal(error, c.model))));
      return ex.end();
    }
    if (counted) {
      sent += 1;
      if (!(await ex.pause(step.chunkDelayMs))) return;
    }
    chunk(delta, null);
  }
  chunk({}, finishReason(c.reply));
  if (includeUsage) ex.send(JSON.stringify({ ...base, choices: [], usage: usage(c) }));
  ex.send("[DONE]");
  ex.end();
}
