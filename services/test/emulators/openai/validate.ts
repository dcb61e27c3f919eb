// Body checks of POST /v1/chat/completions in OpenAI's wording (param/code included), including the
// tool-call conversation rules: a tool message answers a tool_call of the assistant message before it, and
// every tool_call of an assistant message is answered before the conversation moves on.
import type { Refusal } from "./errors.js";

type Json = Record<string, any>;

const ROLES = ["system", "assistant", "user", "function", "tool", "developer"];
const TOOL_NAME = /^[a-zA-Z0-9_-]+$/;
const MAX_TOOL_NAME = 64;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (message: string, param: string | null = null, code: string | null = null): Refusal => ({
  status: 400,
  message,
  param,
  code,
});
const missing = (param: string): Refusal => bad(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");

function checkMessage(message: unknown, i: number): Refusal | undefined {
  if (!isObject(message)) return bad(`Invalid type for 'messages[${i}]': expected an object.`, `messages[${i}]`, "invalid_type");
  if (!ROLES.includes(message.role)) {
    const supported = "'system', 'assistant', 'user', 'function', 'tool', and 'developer'";
    return bad(`Invalid value: '${String(message.role)}'. Supported values are: ${supported}.`, `messages[${i}].role`, "invalid_value");
  }
  const needsContent = message.role !== "assistant" || message.tool_calls === undefined;
  if (needsContent && message.content === undefined) {
    return missing(`messages[${i}].content`);
  }
  if (message.role === "tool" && typeof message.tool_call_id !== "string") {
    return bad(
      "Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.",
      `messages.[${i}].tool_call_id`,
    );
  }
  for (const [j, call] of (Array.isArray(message.tool_calls) ? message.tool_calls : []).entries()) {
    const where = `messages[${i}].tool_calls[${j}]`;
    if (typeof call?.id !== "string") return missing(`${where}.id`);
    if (typeof call.function?.name !== "string") return missing(`${where}.function.name`);
    if (typeof call.function.arguments !== "string") return missing(`${where}.function.arguments`);
  }
  return undefined;
}

function unanswered(ids: string[], assistantAt: number): Refusal {
  return bad(
    "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
      `The following tool_call_ids did not have response messages: ${ids.join(", ")}`,
    `messages.[${assistantAt}].role`,
  );
}

/** Walks the conversation tracking which tool_call ids still wait for their tool message. */
function checkToolTurns(messages: Json[]): Refusal | undefined {
  let waiting = new Set<string>();
  let asked = new Set<string>();
  let assistantAt = -1;
  for (const [i, message] of messages.entries()) {
    if (message.role === "tool") {
      if (!asked.has(message.tool_call_id)) {
        return bad(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      }
      waiting.delete(message.tool_call_id);
      continue;
    }
    if (waiting.size > 0) return unanswered([...waiting], assistantAt);
    const ids: string[] = (message.tool_calls ?? []).map((c: Json) => c.id);
    asked = new Set(ids);
    waiting = new Set(ids);
    assistantAt = i;
  }
  return waiting.size > 0 ? unanswered([...waiting], assistantAt) : undefined;
}

function checkTools(tools: unknown): Refusal | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return bad("Invalid type for 'tools': expected an array of objects.", "tools", "invalid_type");
  for (const [k, tool] of tools.entries()) {
    if (tool?.type !== "function" && tool?.type !== "custom") {
      const message = `Invalid value: '${String(tool?.type)}'. Supported values are: 'function' and 'custom'.`;
      return bad(message, `tools[${k}].type`, "invalid_value");
    }
    const name = tool.type === "function" ? tool.function?.name : tool.custom?.name;
    const param = `tools[${k}].${tool.type}.name`;
    if (typeof name !== "string") return missing(param);
    if (name.length > MAX_TOOL_NAME) {
      return bad(
        `Invalid '${param}': string too long. Expected a string with maximum length ${MAX_TOOL_NAME}, ` +
          `but got a string with length ${name.length} instead.`,
        param,
        "string_above_max_length",
      );
    }
    if (!TOOL_NAME.test(name)) {
      return bad(
        `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '${TOOL_NAME.source}'.`,
        param,
        "invalid_value",
      );
    }
  }
  return undefined;
}

/** The 400 for a body OpenAI would refuse, or undefined. */
export function validateChatRequest(body: unknown): Refusal | undefined {
  if (!isObject(body)) return bad("We could not parse the JSON body of your request.");
  if (typeof body.model !== "string" || body.model === "") return bad("you must provide a model parameter");
  if (body.messages === undefined) return missing("messages");
  if (!Array.isArray(body.messages)) return bad("Invalid type for 'messages': expected an array of objects.", "messages", "invalid_type");
  if (body.messages.length === 0) {
    return bad(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  if (body.stream_options !== undefined && body.stream !== true) {
    return bad("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  if (body.parallel_tool_calls !== undefined && !(Array.isArray(body.tools) && body.tools.length > 0)) {
    return bad("Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.", "parallel_tool_calls");
  }
  for (const [i, message] of body.messages.entries()) {
    const problem = checkMessage(message, i);
    if (problem !== undefined) return problem;
  }
  return checkToolTurns(body.messages) ?? checkTools(body.tools);
}
