// The approval keyword and override key never reach a model and are never said aloud. Every request to a
// model goes through one wrapper that cuts both out of everything in it (the system prompt with HA's extra
// instructions, memories and the conversation summary; the person's and Jarvis's messages; tool calls and
// tool results, which carry web pages, command output, camera labels and HA entity names), and every word the
// agent streams to a person (the model's and its own) goes through one streaming redactor.
import type { ApprovalWords } from "../tools/approval-words.js";
import type { TurnEvent } from "./agent.js";
import type { ChatMessage, ContentBlock, LlmProvider, ProviderRequest, ProviderResult } from "./providers/types.js";

/** Every string inside a value (a tool call's arguments), redacted. */
function redactValue(words: ApprovalWords, value: unknown, depth = 0): unknown {
  if (typeof value === "string") return words.redact(value);
  if (depth > 16 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(words, v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(words, v, depth + 1)]));
}

function redactBlock(words: ApprovalWords, block: ContentBlock): ContentBlock {
  switch (block.type) {
    case "text":
      return { ...block, text: words.redact(block.text) };
    case "tool_use":
      return { ...block, input: redactValue(words, block.input) };
    case "tool_result":
      return { ...block, content: words.redact(block.content) };
  }
}

export const redactMessages = (words: ApprovalWords, messages: readonly ChatMessage[]): ChatMessage[] =>
  messages.map((m) => ({ ...m, content: m.content.map((b) => redactBlock(words, b)) }));

/** The request as a model may see it. */
export function redactRequest(words: ApprovalWords, request: ProviderRequest): ProviderRequest {
  return {
    ...request,
    system: { stable: words.redact(request.system.stable), volatile: words.redact(request.system.volatile) },
    messages: redactMessages(words, request.messages),
  };
}

/** A provider that only ever sends redacted requests. The agent and the summariser talk to models through it. */
export class RedactingProvider implements LlmProvider {
  constructor(
    private readonly inner: LlmProvider,
    private readonly words: ApprovalWords,
  ) {}

  get name() {
    return this.inner.name;
  }
  get model() {
    return this.inner.model;
  }
  get supportsTools() {
    return this.inner.supportsTools;
  }
  get contextWindow() {
    return this.inner.contextWindow;
  }

  run(request: ProviderRequest, onText: (delta: string) => void): Promise<ProviderResult> {
    return this.inner.run(redactRequest(this.words, request), onText);
  }
}

export const redacting = (provider: LlmProvider | null, words: ApprovalWords): LlmProvider | null =>
  provider === null || provider instanceof RedactingProvider ? provider : new RedactingProvider(provider, words);

/**
 * The turn's events as a person gets them: streamed text redacted across pieces (a word split between two
 * deltas is still caught; only an end that may begin one is held back, until the next piece or event), and
 * the summary of a held action redacted. `flush` sends what is held back when the turn ends.
 */
export function redactedEvents(words: ApprovalWords, emit: (event: TurnEvent) => void): { emit: (event: TurnEvent) => void; flush: () => void } {
  const stream = words.stream();
  const flush = () => {
    const rest = stream.end();
    if (rest) emit({ type: "delta", text: rest });
  };
  return {
    emit: (event) => {
      if (event.type === "delta") {
        const text = stream.push(event.text);
        if (text) emit({ type: "delta", text });
        return;
      }
      flush();
      emit(event.type === "approval_required" ? { ...event, summary: words.redact(event.summary) } : event);
    },
    flush,
  };
}
