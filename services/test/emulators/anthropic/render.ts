// A scripted reply as the Messages API sends it: a full Message object, or the SSE sequence message_start,
// content_block_start / ping / content_block_delta (text_delta, input_json_delta) / content_block_stop per
// block, message_delta (stop_reason, cumulative usage), message_stop.
import { randomId, splitChunks, type Exchange, type Reply, type Step } from "../llm-script.js";
import type { InputUsage } from "./cache.js";
import { errorObject } from "./errors.js";

const DEFAULT_CHUNK = 6;

interface Turn {
  model: string;
  reply: Reply;
  input: InputUsage;
}

function stopReason(reply: Reply): string {
  if (reply.truncated) return "max_tokens";
  return reply.toolCalls.length > 0 ? "tool_use" : "end_turn";
}

function usage(input: InputUsage, outputTokens: number) {
  return {
    input_tokens: input.input,
    cache_creation_input_tokens: input.cacheCreation,
    cache_read_input_tokens: input.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: input.cacheCreation, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}

function contentBlocks(reply: Reply, ids: string[]) {
  const text = reply.text === "" ? [] : [{ type: "text", text: reply.text }];
  const tools = reply.toolCalls.map((call, i) => ({ type: "tool_use", id: ids[i]!, name: call.name, input: call.input }));
  return [...text, ...tools];
}

export function toolIds(reply: Reply): string[] {
  return reply.toolCalls.map((call) => call.id ?? randomId("toolu_01", 22));
}

export function messageObject({ model, reply, input }: Turn): unknown {
  return {
    id: randomId("msg_01", 22),
    type: "message",
    role: "assistant",
    model,
    content: contentBlocks(reply, toolIds(reply)),
    stop_reason: stopReason(reply),
    stop_sequence: null,
    usage: usage(input, reply.outputTokens),
  };
}

type Event = { type: string; [key: string]: unknown };

/** The block events of the reply; `counted` marks the deltas that a breakAfter counts as chunks. */
function blockEvents(reply: Reply, chunkChars: number): { event: Event; counted: boolean }[] {
  const out: { event: Event; counted: boolean }[] = [];
  const ids = toolIds(reply);
  let index = 0;
  const block = (contentBlock: unknown, deltas: unknown[]) => {
    out.push({ event: { type: "content_block_start", index, content_block: contentBlock }, counted: false });
    if (index === 0) out.push({ event: { type: "ping" }, counted: false });
    for (const delta of deltas) out.push({ event: { type: "content_block_delta", index, delta }, counted: true });
    out.push({ event: { type: "content_block_stop", index }, counted: false });
    index += 1;
  };
  if (reply.text !== "") {
    block(
      { type: "text", text: "" },
      splitChunks(reply.text, chunkChars).map((text) => ({ type: "text_delta", text })),
    );
  }
  reply.toolCalls.forEach((call, i) => {
    // The API opens a tool input with an empty piece, then streams the JSON text in fragments.
    const pieces = ["", ...splitChunks(JSON.stringify(call.input), chunkChars)];
    block(
      { type: "tool_use", id: ids[i], name: call.name, input: {} },
      pieces.map((partial_json) => ({ type: "input_json_delta", partial_json })),
    );
  });
  return out;
}

/** Streams the reply; honours the step's pacing and breakAfter. Stops early if the client leaves. */
export async function streamMessage(ex: Exchange, step: Step, turn: Turn, headers: Record<string, string>): Promise<void> {
  const send = (event: Event) => ex.send(JSON.stringify(event), event.type);
  ex.openSse(headers);
  const start = { ...(messageObject(turn) as Event), content: [], stop_reason: null };
  send({ type: "message_start", message: { ...start, usage: usage(turn.input, 1) } });
  let chunks = 0;
  for (const { event, counted } of blockEvents(turn.reply, step.chunkChars ?? DEFAULT_CHUNK)) {
    if (counted && step.breakAfter !== undefined && chunks >= step.breakAfter.chunks) {
      const { error } = step.breakAfter;
      if (error === undefined) return ex.untilClosed();
      send({ type: "error", error: errorObject(error.status, error.message) });
      return ex.end();
    }
    if (counted) {
      chunks += 1;
      if (!(await ex.pause(step.chunkDelayMs))) return;
    }
    send(event);
  }
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = usage(
    turn.input,
    turn.reply.outputTokens,
  );
  send({
    type: "message_delta",
    delta: { stop_reason: stopReason(turn.reply), stop_sequence: null },
    usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens },
  });
  send({ type: "message_stop" });
  ex.end();
}
