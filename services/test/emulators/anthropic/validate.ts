// Body validation of POST /v1/messages, worded as the API words it (pydantic-style "field: problem" for
// shape errors, the API's own sentences for the conversation rules). Returns the first problem found.
import { checkToolTurns } from "./turns.js";

type Json = Record<string, any>;

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const MAX_CACHE_BREAKPOINTS = 4;
const BLOCK_TYPES = ["text", "image", "document", "search_result", "tool_use", "tool_result", "thinking", "redacted_thinking"];

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function checkScalars(body: Json): string | undefined {
  if (body.model === undefined) return "model: Field required";
  if (typeof body.model !== "string") return "model: Input should be a valid string";
  if (body.max_tokens === undefined) return "max_tokens: Field required";
  if (!Number.isInteger(body.max_tokens)) return "max_tokens: Input should be a valid integer";
  if (body.max_tokens < 1) return "max_tokens: Input should be greater than or equal to 1";
  if (body.messages === undefined) return "messages: Field required";
  if (!Array.isArray(body.messages)) return "messages: Input should be a valid list";
  if (body.stream !== undefined && typeof body.stream !== "boolean") return "stream: Input should be a valid boolean";
  if (body.temperature !== undefined) {
    if (typeof body.temperature !== "number") return "temperature: Input should be a valid number";
    if (body.temperature < 0 || body.temperature > 1) return "temperature: Input should be between 0 and 1";
  }
  return undefined;
}

function checkText(block: Json, where: string, field: string): string | undefined {
  if (typeof block.text !== "string") return `${where}.text: Field required`;
  if (block.text === "") return `${field}: text content blocks must be non-empty`;
  if (block.text.trim() === "") return `${field}: text content blocks must contain non-whitespace text`;
  return undefined;
}

function checkBlock(block: unknown, where: string): string | undefined {
  if (!isObject(block)) return `${where}: Input should be a valid dictionary`;
  if (!BLOCK_TYPES.includes(block.type)) {
    const expected = BLOCK_TYPES.map((t) => `'${t}'`).join(", ");
    return `${where}: Input tag '${String(block.type)}' found using 'type' does not match any of the expected tags: ${expected}`;
  }
  if (block.type === "text") return checkText(block, where, "messages");
  if (block.type === "tool_use") {
    if (typeof block.id !== "string") return `${where}.tool_use.id: Field required`;
    if (typeof block.name !== "string") return `${where}.tool_use.name: Field required`;
    if (!isObject(block.input)) return `${where}.tool_use.input: Input should be a valid dictionary`;
  }
  if (block.type === "tool_result" && typeof block.tool_use_id !== "string") {
    return `${where}.tool_result.tool_use_id: Field required`;
  }
  return undefined;
}

function checkMessages(messages: unknown[]): string | undefined {
  if (messages.length === 0) return "messages: at least one message is required";
  for (const [i, message] of messages.entries()) {
    if (!isObject(message)) return `messages.${i}: Input should be a valid dictionary`;
    // API version 2026-10-21 also takes system messages in the list (SDK 1.x SystemMessageParam).
    if (!["user", "assistant", "system"].includes(message.role)) {
      return `messages.${i}.role: Input should be 'user', 'assistant' or 'system'`;
    }
    const { content } = message;
    if (content === undefined) return `messages.${i}.content: Field required`;
    const last = i === messages.length - 1 && message.role === "assistant";
    if (typeof content === "string") {
      if (content === "" && !last) {
        return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
      }
      continue;
    }
    if (!Array.isArray(content)) return `messages.${i}.content: Input should be a valid string or list`;
    if (content.length === 0 && !last) {
      return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
    }
    for (const [j, block] of content.entries()) {
      const problem = checkBlock(block, `messages.${i}.content.${j}`);
      if (problem !== undefined) return problem;
    }
  }
  // Consecutive turns of one role are merged by the API (documented), but the conversation must open with the user.
  const first = (messages as Json[]).find((m) => m.role !== "system");
  if (first !== undefined && first.role !== "user") return 'messages: first message must use the "user" role';
  return checkToolTurns(messages as Json[]);
}

function checkSystem(system: unknown): string | undefined {
  if (system === undefined || typeof system === "string") return undefined;
  if (!Array.isArray(system)) return "system: Input should be a valid string or list";
  for (const [i, block] of system.entries()) {
    if (!isObject(block) || block.type !== "text") return `system.${i}.type: Input should be 'text'`;
    const problem = checkText(block, `system.${i}`, "system");
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkTools(tools: unknown, toolChoice: unknown): string | undefined {
  if (tools === undefined) {
    return toolChoice === undefined ? undefined : "tool_choice may only be specified while providing tools";
  }
  if (!Array.isArray(tools)) return "tools: Input should be a valid list";
  const names = new Set<string>();
  for (const [k, tool] of tools.entries()) {
    if (!isObject(tool)) return `tools.${k}: Input should be a valid dictionary`;
    // Server tools (web_search_..., bash_...) carry a versioned type and no schema of ours.
    if (tool.type !== undefined && tool.type !== "custom") continue;
    const where = `tools.${k}.custom`;
    if (tool.name === undefined) return `${where}.name: Field required`;
    if (typeof tool.name !== "string" || !TOOL_NAME.test(tool.name)) {
      return `${where}.name: String should match pattern '${TOOL_NAME.source}'`;
    }
    if (tool.description !== undefined && typeof tool.description !== "string") {
      return `${where}.description: Input should be a valid string`;
    }
    if (tool.input_schema === undefined) return `${where}.input_schema: Field required`;
    if (!isObject(tool.input_schema) || tool.input_schema.type !== "object") {
      return `${where}.input_schema.type: Input should be 'object'`;
    }
    if (names.has(tool.name)) return "tools: Tool names must be unique.";
    names.add(tool.name);
  }
  if (toolChoice !== undefined) {
    if (!isObject(toolChoice) || !["auto", "any", "tool", "none"].includes(toolChoice.type)) {
      return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
    }
    if (toolChoice.type === "tool" && typeof toolChoice.name !== "string") return "tool_choice.tool.name: Field required";
  }
  return undefined;
}

/** Every cache_control marker in tools, system and message blocks, in prompt order. */
export function cacheMarkers(body: Json): unknown[] {
  const blocks: unknown[] = [
    ...(Array.isArray(body.tools) ? body.tools : []),
    ...(Array.isArray(body.system) ? body.system : []),
    ...body.messages.flatMap((m: Json) => (Array.isArray(m.content) ? m.content : [])),
  ];
  return blocks.filter((b): b is Json => isObject(b) && b.cache_control !== undefined).map((b) => b.cache_control);
}

function checkCacheControl(body: Json): string | undefined {
  const markers = cacheMarkers(body);
  for (const marker of markers) {
    if (!isObject(marker) || marker.type !== "ephemeral") return "cache_control.type: Input should be 'ephemeral'";
    if (marker.ttl !== undefined && marker.ttl !== "5m" && marker.ttl !== "1h") {
      return "cache_control.ttl: Input should be '5m' or '1h'";
    }
  }
  if (markers.length > MAX_CACHE_BREAKPOINTS) {
    return `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${markers.length}.`;
  }
  return undefined;
}

/** The 400 invalid_request_error message for a bad body, or undefined when the API would accept it. */
export function validateMessagesRequest(body: unknown): string | undefined {
  if (!isObject(body)) return "Input should be a valid dictionary";
  return (
    checkScalars(body) ??
    checkMessages(body.messages) ??
    checkSystem(body.system) ??
    checkTools(body.tools, body.tool_choice) ??
    checkCacheControl(body)
  );
}
