// Claude through the official SDK: streaming Messages API with tool use. The stable prefix (tools and the
// persona) carries a cache_control mark so repeated turns read it from Anthropic's prompt cache; the date and
// recalled memories come after it, outside the cached part.
import Anthropic from "@anthropic-ai/sdk";
import type { ContentBlock, ChatMessage, LlmProvider, ProviderRequest, ProviderResult, StopReason } from "./types.js";
import { ProviderUnavailable } from "./types.js";

type Param = Anthropic.Messages.MessageParam;

function toParam(m: ChatMessage): Param {
  return {
    role: m.role,
    content: m.content.map((b): Anthropic.Messages.ContentBlockParam => {
      switch (b.type) {
        case "text":
          return { type: "text", text: b.text };
        case "tool_use":
          return { type: "tool_use", id: b.id, name: b.name, input: b.input as Record<string, unknown> };
        case "tool_result":
          return {
            type: "tool_result",
            tool_use_id: b.tool_use_id,
            is_error: b.is_error,
            content: [
              { type: "text", text: b.content },
              ...(b.images ?? []).map((i) => ({ type: "image" as const, source: { type: "base64" as const, media_type: i.mediaType, data: i.base64 } })),
            ],
          };
      }
    }),
  };
}

const STOP: Record<string, StopReason> = { end_turn: "end_turn", tool_use: "tool_use", max_tokens: "max_tokens" };

/**
 * Longest wait for Claude's first stream event and between two events (config CLAUDE_TIMEOUT_SECONDS). The
 * SDK's own timeout stops at the response headers, so a stream that stalls after them is caught only here.
 */
const DEFAULT_TIMEOUT_MS = 15_000;

export class AnthropicProvider implements LlmProvider {
  readonly name = "anthropic";
  readonly supportsTools = true;
  readonly contextWindow = 200_000;
  readonly model: string;
  private readonly client: Anthropic;
  private readonly timeoutMs: number;

  constructor(opts: { apiKey: string; baseUrl?: string; model: string; maxRetries?: number; timeoutMs?: number }) {
    this.model = opts.model;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseUrl, maxRetries: opts.maxRetries ?? 2, timeout: this.timeoutMs });
  }

  async run(req: ProviderRequest, onText: (delta: string) => void): Promise<ProviderResult> {
    const tools = req.tools.map((t, i): Anthropic.Messages.Tool => ({
      name: t.name,
      description: t.description,
      input_schema: t.inputSchema as Anthropic.Messages.Tool.InputSchema,
      ...(i === req.tools.length - 1 ? { cache_control: { type: "ephemeral" as const } } : {}),
    }));
    // Silence past the timeout (before the first event or between two) aborts the call as unavailable. One
    // controller for both stops (not AbortSignal.any, whose sources Node 20 may collect before they fire).
    const stop = new AbortController();
    const follow = () => stop.abort(req.signal.reason);
    req.signal.addEventListener("abort", follow, { once: true });
    if (req.signal.aborted) follow();
    let timer: NodeJS.Timeout | undefined;
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stop.abort(), this.timeoutMs);
    };
    rearm();
    try {
      const stream = this.client.messages.stream(
        {
          model: this.model,
          max_tokens: req.maxTokens,
          system: [
            { type: "text", text: req.system.stable, cache_control: { type: "ephemeral" } },
            ...(req.system.volatile ? [{ type: "text" as const, text: req.system.volatile }] : []),
          ],
          messages: req.messages.map(toParam),
          // The last round keeps the tools (the cached prefix starts with them) but lets none be called.
          ...(tools.length > 0 ? { tools, ...(req.mustAnswer ? { tool_choice: { type: "none" as const } } : {}) } : {}),
        },
        { signal: stop.signal },
      );
      stream.on("connect", rearm).on("streamEvent", rearm);
      stream.on("text", (delta) => onText(delta));
      const message = await stream.finalMessage();
      const content = message.content.flatMap((b): ContentBlock[] =>
        b.type === "text" ? [{ type: "text", text: b.text }] : b.type === "tool_use" ? [{ type: "tool_use", id: b.id, name: b.name, input: b.input }] : [],
      );
      return {
        content,
        stopReason: STOP[message.stop_reason ?? ""] ?? "other",
        model: message.model,
        usage: {
          inputTokens: message.usage.input_tokens,
          outputTokens: message.usage.output_tokens,
          cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
          cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
        },
      };
    } catch (err) {
      if (stop.signal.aborted && !req.signal.aborted) {
        throw new ProviderUnavailable("anthropic", undefined, `Claude sent nothing for ${this.timeoutMs / 1000} s`);
      }
      throw unavailable(err) ?? err;
    } finally {
      clearTimeout(timer);
      req.signal.removeEventListener("abort", follow);
    }
  }
}

/** Overload, rate limit, server errors and network failures are worth falling back from; bad requests are not. */
function unavailable(err: unknown): ProviderUnavailable | null {
  if (err instanceof Anthropic.APIUserAbortError) return null;
  if (err instanceof Anthropic.APIConnectionError) return new ProviderUnavailable("anthropic", undefined, err.message);
  if (err instanceof Anthropic.APIError && err.status !== undefined && (err.status === 429 || err.status >= 500)) {
    return new ProviderUnavailable("anthropic", err.status, err.message);
  }
  return null;
}
