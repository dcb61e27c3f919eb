// The provider-neutral conversation the agent keeps, and the interface every LLM provider implements.
// Anthropic and any OpenAI-compatible endpoint are two implementations of the same contract.
import type { ToolImage } from "../../tools/tool.js";
import type { Usage } from "../costs.js";

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content: string; is_error?: boolean; images?: ToolImage[] };

export interface ChatMessage {
  role: "user" | "assistant";
  content: ContentBlock[];
}

export interface ProviderTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ProviderRequest {
  /** The stable prefix (persona, rules) is cached; the volatile part (date, memories) follows it. */
  system: { stable: string; volatile: string };
  messages: ChatMessage[];
  tools: ProviderTool[];
  /** The last round of a turn: the model must answer in words; no tool may be called. */
  mustAnswer?: boolean;
  maxTokens: number;
  signal: AbortSignal;
}

export type StopReason = "end_turn" | "tool_use" | "max_tokens" | "other";

export interface ProviderResult {
  content: ContentBlock[];
  stopReason: StopReason;
  usage: Usage;
  model: string;
}

export interface LlmProvider {
  readonly name: "anthropic" | "local";
  readonly model: string;
  readonly supportsTools: boolean;
  /** Token budget for the whole request (system + history + reply); Infinity when not a concern. */
  readonly contextWindow: number;
  /** Streams text through onText as it arrives; resolves with the complete reply. */
  run(request: ProviderRequest, onText: (delta: string) => void): Promise<ProviderResult>;
}

/** A provider call that failed in a way worth falling back from (overload, rate limit, server error, network). */
export class ProviderUnavailable extends Error {
  override readonly name = "ProviderUnavailable";
  constructor(
    readonly provider: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}
