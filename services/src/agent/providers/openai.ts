// Any OpenAI-compatible chat endpoint (llama-server running Qwen by default) through the openai SDK. Tools
// are offered when config says the endpoint takes them, until it refuses them (llama-server without
// --jinja): from then on the provider only chats. Pictures in tool results are described, not sent.
// Fitting the conversation into contextWindow is the agent's job (agent.ts fit); nothing is trimmed here.
import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import type { Logger } from "../../log.js";
import type { ContentBlock, LlmProvider, ProviderRequest, ProviderResult, ProviderTool, StopReason } from "./types.js";
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

/** llama-server without --jinja refuses any request carrying tools (a 500; some builds answer 400). */
const TOOLS_REFUSED = /tools param requires --jinja/i;

function refusesTools(err: unknown): boolean {
  return err instanceof OpenAI.APIError && (err.status === 400 || err.status === 500) && TOOLS_REFUSED.test(err.message);
}

/** Worth falling back from: the endpoint is down, overloaded, rate-limited or broke off mid-stream. */
function unavailable(err: unknown): ProviderUnavailable | null {
  if (err instanceof OpenAI.APIUserAbortError) return null;
  if (err instanceof OpenAI.APIConnectionError) return new ProviderUnavailable("local", undefined, err.message);
  if (err instanceof OpenAI.APIError && (err.status === undefined || err.status === 429 || err.status >= 500)) {
    return new ProviderUnavailable("local", err.status, err.message);
  }
  return null;
}

/**
 * The SDK retries every 500 after a back-off, but the refusal of tools is final: it is marked so
 * (x-should-retry: false, which the SDK obeys) and the provider asks again without tools at once.
 */
const refusalIsFinal: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (res.status !== 500) return res;
  const body = await res.text();
  const headers = new Headers(res.headers);
  if (TOOLS_REFUSED.test(body)) headers.set("x-should-retry", "false");
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
};

export class OpenAICompatibleProvider implements LlmProvider {
  readonly name = "local";
  readonly model: string;
  readonly contextWindow: number;
  private readonly client: OpenAI;
  private readonly log: Logger | undefined;
  private toolsOffered: boolean;

  constructor(opts: {
    endpoint: string;
    model: string;
    contextWindow: number;
    supportsTools?: boolean;
    apiKey?: string;
    timeoutMs?: number;
    log?: Logger;
  }) {
    this.model = opts.model;
    this.contextWindow = opts.contextWindow;
    this.toolsOffered = opts.supportsTools ?? false;
    this.log = opts.log;
    // llama-server wants no key; the SDK wants one, so a placeholder is sent.
    const baseURL = /\/v1$/.test(opts.endpoint) ? opts.endpoint : `${opts.endpoint}/v1`;
    this.client = new OpenAI({
      baseURL,
      apiKey: opts.apiKey ?? "not-needed",
      maxRetries: 1,
      timeout: opts.timeoutMs ?? 120_000,
      fetch: refusalIsFinal,
    });
  }

  /** Read by the agent before every call: false once the endpoint has refused tools, for the provider's life. */
  get supportsTools(): boolean {
    return this.toolsOffered;
  }

  async run(req: ProviderRequest, onText: (delta: string) => void): Promise<ProviderResult> {
    // On the last round the tools are left out: a local server's tool_choice support varies, silence does not.
    const tools = this.toolsOffered && !req.mustAnswer ? req.tools : [];
    try {
      return await this.complete(req, tools, onText).catch((err: unknown) => {
        if (tools.length === 0 || !refusesTools(err)) throw err;
        this.stopOfferingTools((err as Error).message);
        // A refusal comes before any output, so the same request can go again, chat-only.
        return this.complete(req, [], onText);
      });
    } catch (err) {
      throw unavailable(err) ?? err;
    }
  }

  private stopOfferingTools(why: string): void {
    if (!this.toolsOffered) return;
    this.toolsOffered = false;
    this.log?.warn({ model: this.model, err: why }, "the local model's endpoint refuses tools (llama-server needs --jinja): chatting without them from now on");
  }

  private async complete(req: ProviderRequest, offered: ProviderTool[], onText: (delta: string) => void): Promise<ProviderResult> {
    const tools = offered.map((t) => ({ type: "function" as const, function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
    const stream = await this.client.chat.completions.create(
      {
        model: this.model,
        messages: toMessages(req),
        max_tokens: req.maxTokens,
        stream: true,
        stream_options: { include_usage: true },
        // llama-server defaults parallel_tool_calls to false: Qwen would make one call a turn.
        ...(tools.length > 0 ? { tools, parallel_tool_calls: true } : {}),
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
    for (const [, c] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
      // An endpoint that sends no id gets one unique across the conversation: Claude refuses repeated ids.
      content.push({ type: "tool_use", id: c.id || `call_${randomUUID().replaceAll("-", "")}`, name: c.name, input: parseArgs(c.args) });
    }
    return {
      content,
      stopReason: calls.size > 0 ? "tool_use" : (STOP[finish] ?? "other"),
      model: this.model,
      usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, cacheReadTokens: 0, cacheWriteTokens: 0 },
    };
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
