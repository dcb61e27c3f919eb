// Any OpenAI-compatible chat endpoint (llama-server running Qwen by default) through the openai SDK. Tools
// are offered only when the endpoint supports them; pictures in tool results are described, not sent.
import OpenAI from "openai";
import type { ContentBlock, LlmProvider, ProviderRequest, ProviderResult, StopReason } from "./types.js";
import { ProviderUnavailable } from "./types.js";

type Msg = OpenAI.Chat.ChatCompletionMessageParam;

function toMessages(req: ProviderRequest): Msg[] {
  const out: Msg[] = [{ role: "system", content: [req.system.stable, req.system.volatile].filter(Boolean).join("\n\n") }];
  for (const m of req.messages) {
    const text = m.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
    if (m.role === "assistant") {
      const calls = m.content.flatMap((b) =>
        b.type === "tool_use" ? [{ id: b.id, type: "function" as const, function: { name: b.name, arguments: JSON.stringify(b.input) } }] : [],
      );
      out.push({ role: "assistant", content: text || null, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
      continue;
    }
    for (const b of m.content) {
      if (b.type === "tool_result") {
        const pictures = b.images?.length ? `\n(${b.images.length} picture(s) not shown: this model cannot see images)` : "";
        out.push({ role: "tool", tool_call_id: b.tool_use_id, content: b.content + pictures });
      }
    }
    if (text) out.push({ role: "user", content: text });
  }
  return out;
}

const STOP: Record<string, StopReason> = { stop: "end_turn", tool_calls: "tool_use", length: "max_tokens" };

export class OpenAICompatibleProvider implements LlmProvider {
  readonly name = "local";
  readonly model: string;
  readonly supportsTools: boolean;
  readonly contextWindow: number;
  private readonly client: OpenAI;

  constructor(opts: { endpoint: string; model: string; contextWindow: number; supportsTools?: boolean; apiKey?: string; timeoutMs?: number }) {
    this.model = opts.model;
    this.contextWindow = opts.contextWindow;
    this.supportsTools = opts.supportsTools ?? false;
    // llama-server wants no key; the SDK wants one, so a placeholder is sent.
    const baseURL = /\/v1$/.test(opts.endpoint) ? opts.endpoint : `${opts.endpoint}/v1`;
    this.client = new OpenAI({ baseURL, apiKey: opts.apiKey ?? "not-needed", maxRetries: 1, timeout: opts.timeoutMs ?? 120_000 });
  }

  async run(req: ProviderRequest, onText: (delta: string) => void): Promise<ProviderResult> {
    const tools = this.supportsTools
      ? req.tools.map((t) => ({ type: "function" as const, function: { name: t.name, description: t.description, parameters: t.inputSchema } }))
      : [];
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: toMessages(req),
          max_tokens: req.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
          ...(tools.length > 0 ? { tools } : {}),
        },
        { signal: req.signal },
      );
      let text = "";
      let finish = "";
      let usage = { prompt_tokens: 0, completion_tokens: 0 };
      const calls = new Map<number, { id: string; name: string; args: string }>();
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.delta.content) {
          text += choice.delta.content;
          onText(choice.delta.content);
        }
        for (const tc of choice.delta.tool_calls ?? []) {
          const call = calls.get(tc.index) ?? { id: "", name: "", args: "" };
          call.id ||= tc.id ?? "";
          call.name += tc.function?.name ?? "";
          call.args += tc.function?.arguments ?? "";
          calls.set(tc.index, call);
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      const content: ContentBlock[] = text ? [{ type: "text", text }] : [];
      for (const [i, c] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
        content.push({ type: "tool_use", id: c.id || `call_${i}`, name: c.name, input: parseArgs(c.args) });
      }
      return {
        content,
        stopReason: calls.size > 0 ? "tool_use" : (STOP[finish] ?? "other"),
        model: this.model,
        usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, cacheReadTokens: 0, cacheWriteTokens: 0 },
      };
    } catch (err) {
      if (err instanceof OpenAI.APIUserAbortError) throw err;
      if (err instanceof OpenAI.APIConnectionError || (err instanceof OpenAI.APIError && (err.status ?? 500) >= 500)) {
        throw new ProviderUnavailable("local", err instanceof OpenAI.APIError ? err.status : undefined, (err as Error).message);
      }
      throw err;
    }
  }
}

/** A model that writes broken JSON arguments gets them back as a string: the registry then explains the error. */
function parseArgs(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return text;
  }
}
