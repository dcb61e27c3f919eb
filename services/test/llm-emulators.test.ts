// The LLM emulators driven by the real SDKs (@anthropic-ai/sdk, openai) over HTTP on 127.0.0.1: streamed and
// whole replies, tool turns and the API's refusal of a broken one, typed errors and retries, auth, prompt
// caching, parallel_tool_calls, the chat-only llama-server mode and cancellation. Where the recorded provider
// streams are present, our streams are checked against their event order and JSON shapes.
import { existsSync, readFileSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startAnthropicEmulator, type AnthropicEmulator } from "./emulators/anthropic/index.js";
import { startOpenAIEmulator, type OpenAIEmulator } from "./emulators/openai/index.js";
import { request } from "./helpers/http.js";

const SCHEMAS = "/work/shared/schemas";
const MODEL = "claude-sonnet-5-5";
const VM_TOOL: Anthropic.Tool = {
  name: "get_vm_status",
  description: "Status of a VM",
  input_schema: { type: "object", properties: { vmid: { type: "integer" } } },
};
const HI: Anthropic.MessageParam[] = [{ role: "user", content: "hi" }];
/** A small non-streaming request; resolves to the message or to the error the SDK threw. */
const sayHi = (c: Anthropic) => c.messages.create({ model: MODEL, max_tokens: 10, messages: HI }).catch((e) => e);
const OPENAI_TOOL = { type: "function" as const, function: { name: "get_vm_status", parameters: { type: "object", properties: {} } } };

/** Every key path of a JSON value ("a.b", arrays as "[]"), to compare shapes, not values. */
function paths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => paths(v, `${prefix}[]`, out));
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.add(`${prefix}.${k}`);
      paths(v, `${prefix}.${k}`, out);
    }
  }
  return out;
}

/** SSE text -> [{event, data}] */
function parseSse(text: string): { event: string | undefined; data: string }[] {
  return text
    .split(/\n\n+/)
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      return {
        event: lines.find((l) => l.startsWith("event: "))?.slice(7),
        data: lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n"),
      };
    });
}

const collapse = (names: string[]) => names.filter((n, i) => n !== names[i - 1]);

/** The recorded streams exist only in the development checkout; elsewhere their checks are skipped, saying so. */
function recordedStream(name: string): string {
  const file = `${SCHEMAS}/${name}`;
  if (!existsSync(file)) console.log(`note: ${file} is absent; its stream-shape check is skipped`);
  return file;
}

describe("Anthropic emulator with @anthropic-ai/sdk", () => {
  let emu: AnthropicEmulator;
  let client: Anthropic;
  beforeEach(async () => {
    emu = await startAnthropicEmulator();
    client = new Anthropic({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 0 });
  });
  afterEach(() => emu.close());

  const ask = (messages: Anthropic.MessageParam[], extra: Partial<Anthropic.MessageCreateParams> = {}) =>
    client.messages.stream({ model: MODEL, max_tokens: 1024, messages, tools: [VM_TOOL], ...extra });

  it("streams a text reply as deltas that add up to the SDK's final message", async () => {
    const text = "All three nodes are online and the cluster is quorate.";
    emu.script([{ text, chunkChars: 5 }]);
    const deltas: string[] = [];
    const stream = ask([{ role: "user", content: "How is the cluster?" }]).on("text", (d) => deltas.push(d));
    const message = await stream.finalMessage();
    expect(deltas.length).toBe(Math.ceil(text.length / 5));
    expect(deltas.join("")).toBe(text);
    expect(message.content).toEqual([{ type: "text", text }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBe(Math.ceil(text.length / 4));
  });

  it("assembles a tool_use input from input_json_delta pieces; the follow-up with tool_result is accepted", async () => {
    emu.script([
      { text: "Let me look.", toolCalls: [{ name: "get_vm_status", input: { vmid: 101, verbose: true } }], chunkChars: 4 },
      { text: "VM 101 is running." },
    ]);
    const history: Anthropic.MessageParam[] = [{ role: "user", content: "Is VM 101 up?" }];
    const pieces: string[] = [];
    const first = await ask(history).on("inputJson", (piece) => pieces.push(piece)).finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use")!;
    expect(use.input).toEqual({ vmid: 101, verbose: true });
    expect(use.id).toMatch(/^toolu_/);
    expect(pieces.length).toBeGreaterThan(2);

    history.push({ role: "assistant", content: first.content });
    history.push({ role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: '{"status":"running"}' }] });
    const second = await ask(history).finalMessage();
    expect(second.content).toEqual([{ type: "text", text: "VM 101 is running." }]);
    const sent = emu.requests.at(-1)!.body.messages;
    expect(sent[2].content[0]).toMatchObject({ type: "tool_result", tool_use_id: use.id });
  });

  it("refuses a history whose tool_use has no tool_result, in the API's words", async () => {
    const history: Anthropic.MessageParam[] = [
      { role: "user", content: "Is VM 101 up?" },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_01abc", name: "get_vm_status", input: { vmid: 101 } }] },
      { role: "user", content: "Well?" },
    ];
    const error = await client.messages.create({ model: MODEL, max_tokens: 100, messages: history }).catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.error.error.type).toBe("invalid_request_error");
    expect(error.message).toContain(
      "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01abc.",
    );
  });

  it("checks the body like the API: first role, tool names, max_tokens", async () => {
    const bad = async (params: object) =>
      (await client.messages.create(params as Anthropic.MessageCreateParamsNonStreaming).catch((e) => e)).error.error.message;
    expect(await bad({ model: MODEL, max_tokens: 10, messages: [{ role: "assistant", content: "hi" }] })).toContain(
      'first message must use the "user" role',
    );
    expect(
      await bad({ model: MODEL, max_tokens: 10, messages: [{ role: "user", content: "hi" }], tools: [{ ...VM_TOOL, name: "vm.status" }] }),
    ).toContain("tools.0.custom.name: String should match pattern");
    expect(await bad({ model: MODEL, messages: [{ role: "user", content: "hi" }] })).toContain("max_tokens: Field required");
    expect(emu.requests.every((r) => r.status === 400)).toBe(true);
  });

  it("answers unscripted requests from the fallback (consecutive user turns are merged, not refused)", async () => {
    expect((await sayHi(client)).error.error).toMatchObject({ type: "api_error" });
    const demo = await startAnthropicEmulator({ fallback: (body) => ({ text: `echo: ${body.messages.at(-1).content}` }) });
    try {
      const c = new Anthropic({ apiKey: demo.apiKey, baseURL: demo.url, maxRetries: 0 });
      const messages: Anthropic.MessageParam[] = [...HI, { role: "user", content: "again" }];
      const reply = await c.messages.create({ model: MODEL, max_tokens: 50, messages });
      expect(reply.content).toEqual([{ type: "text", text: "echo: again" }]);
    } finally {
      await demo.close();
    }
  });

  it("ends a reply at the request's max_tokens with stop_reason max_tokens", async () => {
    emu.script([{ text: "x".repeat(400) }]);
    const message = await ask([{ role: "user", content: "Ramble." }], { max_tokens: 5 }).finalMessage();
    expect(message.stop_reason).toBe("max_tokens");
    expect((message.content[0] as Anthropic.TextBlock).text.length).toBe(20);
  });

  it("reports prompt caching: creation on the first call, a read on the second", async () => {
    const system = [{ type: "text" as const, text: "You are Jarvis. ".repeat(400), cache_control: { type: "ephemeral" as const } }];
    emu.script([{ text: "One." }, { text: "Two." }]);
    const first = await ask([{ role: "user", content: "a" }], { system }).finalMessage();
    const second = await ask([{ role: "user", content: "b" }], { system }).finalMessage();
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
  });

  it("answers 429, 529 and 500 as the SDK's typed errors", async () => {
    emu.script([{ error: { status: 429, retryAfter: 7 } }, { error: { status: 529 } }, { error: { status: 500 } }]);
    const limited = await sayHi(client);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.error.error.type).toBe("rate_limit_error");
    const overloaded = await sayHi(client);
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect(overloaded.status).toBe(529);
    const broken = await sayHi(client);
    expect(broken).toBeInstanceOf(Anthropic.InternalServerError);
    expect(broken.error.error.type).toBe("api_error");
  });

  it("lets the SDK retry a 529 on its own: three requests reach the server", async () => {
    const patient = new Anthropic({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 2 });
    emu.script([{ error: { status: 529 }, times: 2 }, { text: "Finally." }]);
    const message = await sayHi(patient);
    expect(message.content).toEqual([{ type: "text", text: "Finally." }]);
    expect(emu.requests.map((r) => r.status)).toEqual([529, 529, 200]);
  });

  it("refuses requests without a valid key or version header", async () => {
    const url = `${emu.url}/v1/messages`;
    const body = { model: MODEL, max_tokens: 10, messages: [{ role: "user", content: "hi" }] };
    const noKey = await request(url, { method: "POST", body, headers: { "anthropic-version": "2023-06-01" } });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toMatchObject({ type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } });
    expect(noKey.json.request_id).toMatch(/^req_/);
    const noVersion = await request(url, { method: "POST", body, headers: { "x-api-key": emu.apiKey } });
    expect(noVersion.json.error.message).toBe("anthropic-version: header is required");
    const wrong = new Anthropic({ apiKey: "sk-ant-wrong", baseURL: emu.url, maxRetries: 0 });
    expect(await sayHi(wrong)).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("closes the request on the server when the client aborts mid-stream", async () => {
    emu.script([{ text: "word ".repeat(200), chunkDelayMs: 20 }]);
    const stream = ask([{ role: "user", content: "Talk." }]);
    const settled = stream.finalMessage().catch((e) => e);
    await new Promise<void>((resolve) => stream.once("text", () => resolve()));
    stream.abort();
    await expect(emu.requests[0]!.outcome).resolves.toBe("aborted");
    expect(await settled).toBeInstanceOf(Anthropic.APIUserAbortError);
  });

  it("hangs until the SDK gives up, and reports a stream error event as an APIError", async () => {
    emu.script([{ hang: true }, { text: "Partial answer here.", chunkChars: 4, breakAfter: { chunks: 2, error: { status: 529 } } }]);
    const impatient = new Anthropic({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 0, timeout: 300 });
    const timedOut = await sayHi(impatient);
    expect(timedOut).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    await expect(emu.requests[0]!.outcome).resolves.toBe("aborted");
    const deltas: string[] = [];
    const error = await ask([{ role: "user", content: "hi" }]).on("text", (d) => deltas.push(d)).finalMessage().catch((e) => e);
    expect(deltas).toEqual(["Part", "ial "]);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.error.error.type).toBe("overloaded_error");
  });

  const recorded = recordedStream("anthropic-stream-tool-use.example.txt");
  it.skipIf(!existsSync(recorded))("streams the recorded event order and JSON shapes (text + tool_use)", async () => {
    emu.script([{ text: "Let me check.", toolCalls: [{ name: "get_vm_status", input: { vmid: 101 } }] }]);
    const reply = await request(`${emu.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": emu.apiKey, "anthropic-version": "2023-06-01" },
      body: { model: MODEL, max_tokens: 100, stream: true, messages: [{ role: "user", content: "hi" }], tools: [VM_TOOL] },
    });
    const ours = parseSse(reply.body);
    const theirs = parseSse(readFileSync(recorded, "utf8"));
    expect(collapse(ours.map((e) => e.event!))).toEqual(collapse(theirs.map((e) => e.event!)));
    for (const event of theirs) {
      const data = JSON.parse(event.data);
      const mine = ours.find((o) => {
        const d = JSON.parse(o.data);
        return d.type === data.type && d.delta?.type === data.delta?.type && d.content_block?.type === data.content_block?.type;
      });
      expect([...paths(data)].filter((p) => !paths(JSON.parse(mine!.data)).has(p))).toEqual([]);
    }
  });
});

describe("OpenAI emulator with the openai SDK", () => {
  let emu: OpenAIEmulator;
  let client: OpenAI;
  beforeEach(async () => {
    emu = await startOpenAIEmulator();
    client = new OpenAI({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 0 });
  });
  afterEach(() => emu.close());

  const user = (content: string): OpenAI.ChatCompletionMessageParam => ({ role: "user", content });

  it("streams content deltas and a usage chunk; the helper's final completion matches", async () => {
    const text = "Kitchen light is on.";
    emu.script([{ text, chunkChars: 4 }]);
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const stream = client.chat.completions.stream({
      model: "gpt-4o-mini",
      messages: [user("Light?")],
      stream_options: { include_usage: true },
    });
    stream.on("chunk", (c) => chunks.push(c));
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(text);
    expect(final.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? "")).filter((d) => d !== "")).toHaveLength(5);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(5);
  });

  it("streams parallel tool calls (index 0 and 1); answering both is accepted, leaving one out is refused", async () => {
    emu.script([
      { toolCalls: [{ name: "get_vm_status", input: { vmid: 101 } }, { name: "get_vm_status", input: { vmid: 102 } }], chunkChars: 3 },
      { text: "Both are up." },
    ]);
    const params = { model: "gpt-4o-mini", tools: [OPENAI_TOOL] };
    const indexes = new Set<number>();
    const stream = client.chat.completions.stream({ ...params, messages: [user("VMs 101 and 102?")] });
    stream.on("chunk", (c) => c.choices[0]?.delta.tool_calls?.forEach((t) => indexes.add(t.index)));
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]!.message;
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    expect([...indexes]).toEqual([0, 1]);
    const calls = message.tool_calls!.map((c) => (c.type === "function" ? JSON.parse(c.function.arguments) : null));
    expect(calls).toEqual([{ vmid: 101 }, { vmid: 102 }]);

    const ids = message.tool_calls!.map((c) => c.id);
    const calledTools = message.tool_calls! as OpenAI.ChatCompletionMessageToolCall[];
    const assistant: OpenAI.ChatCompletionMessageParam = { role: "assistant", content: null, tool_calls: calledTools };
    const answer = (id: string): OpenAI.ChatCompletionMessageParam => ({ role: "tool", tool_call_id: id, content: "running" });
    const ok = await client.chat.completions.create({ ...params, messages: [user("?"), assistant, answer(ids[0]!), answer(ids[1]!)] });
    expect(ok.choices[0]!.message.content).toBe("Both are up.");

    const half = [user("?"), assistant, answer(ids[0]!), user("and?")];
    const refused = await client.chat.completions.create({ ...params, messages: half }).catch((e) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused.message).toContain(`The following tool_call_ids did not have response messages: ${ids[1]}`);
    const orphan = await client.chat.completions.create({ ...params, messages: [user("?"), answer("call_nobody")] }).catch((e) => e);
    expect(orphan.message).toContain("messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
  });

  it("makes one call a reply when parallel_tool_calls is false, and refuses the field without tools", async () => {
    const both = [{ name: "get_vm_status", input: { vmid: 101 } }, { name: "get_vm_status", input: { vmid: 102 } }];
    emu.script([{ toolCalls: both }]);
    const messages = [user("VMs 101 and 102?")];
    const one = await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools: [OPENAI_TOOL], parallel_tool_calls: false });
    expect(one.choices[0]!.message.tool_calls).toHaveLength(1);
    const orphan = await client.chat.completions.create({ model: "gpt-4o-mini", messages, parallel_tool_calls: true }).catch((e) => e);
    expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
    expect(orphan.message).toContain("'parallel_tool_calls' is only allowed when 'tools' are specified");
  });

  it("answers 429 and 500 as typed errors, and a wrong key as AuthenticationError", async () => {
    emu.script([{ error: { status: 429, retryAfter: 2 } }, { error: { status: 500 } }]);
    const call = (c: OpenAI) => c.chat.completions.create({ model: "gpt-4o-mini", messages: [user("hi")] }).catch((e) => e);
    const limited = await call(client);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.code).toBe("rate_limit_exceeded");
    expect(await call(client)).toBeInstanceOf(OpenAI.InternalServerError);
    const denied = await call(new OpenAI({ apiKey: "sk-wrong-key-1234", baseURL: emu.url, maxRetries: 0 }));
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(denied.code).toBe("invalid_api_key");
    const bare = await request(`${emu.url}/chat/completions`, { method: "POST", body: { model: "gpt-4o-mini", messages: [user("hi")] } });
    expect(bare.status).toBe(401);
    expect(bare.json.error.message).toContain("You didn't provide an API key");
  });

  it("closes the request on the server when the client aborts mid-stream", async () => {
    emu.script([{ text: "word ".repeat(200), chunkDelayMs: 20 }]);
    const controller = new AbortController();
    const params = { model: "gpt-4o-mini", messages: [user("Talk.")], stream: true as const };
    const stream = await client.chat.completions.create(params, { signal: controller.signal });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) break;
    await expect(emu.requests[0]!.outcome).resolves.toBe("aborted");
  });

  const recorded = ["openai-stream-tool-calls.example.txt", "openai-stream-parallel-tool-calls.example.txt"].map(recordedStream);
  it.skipIf(!recorded.every((f) => existsSync(f)))("streams the recorded chunk shapes, usage chunk and [DONE]", async () => {
    emu.script([{ toolCalls: [{ name: "a", input: { x: 1 } }, { name: "b", input: { y: 2 } }] }]);
    const reply = await request(`${emu.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.apiKey}` },
      body: { model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true }, messages: [user("hi")], tools: [OPENAI_TOOL] },
    });
    const ours = parseSse(reply.body).map((e) => e.data);
    expect(ours.at(-1)).toBe("[DONE]");
    const shape = (data: string[]) => new Set(data.filter((d) => d !== "[DONE]").flatMap((d) => [...paths(JSON.parse(d))]));
    const mine = shape(ours);
    for (const file of recorded) {
      const theirs = shape(parseSse(readFileSync(file, "utf8")).map((e) => e.data));
      expect([...theirs].filter((p) => !mine.has(p) && !p.includes("completion_tokens_details"))).toEqual([]);
    }
  });
});

describe("OpenAI emulator as llama-server without --jinja (chat-only local model)", () => {
  it("refuses tools as llama-server does and answers plain chat without a key", async () => {
    const emu = await startOpenAIEmulator({ flavor: "llama-server", apiKey: null, tools: "rejected" });
    try {
      const client = new OpenAI({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 0 });
      emu.script([{ text: "Hello from Qwen." }]);
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "hi" }];
      const refused = await client.chat.completions.create({ model: "qwen", messages, tools: [OPENAI_TOOL] }).catch((e) => e);
      expect(refused).toBeInstanceOf(OpenAI.InternalServerError);
      expect(refused.message).toContain("tools param requires --jinja flag");
      const plain = await client.chat.completions.create({ model: "qwen", messages });
      expect(plain.choices[0]!.message.content).toBe("Hello from Qwen.");
      const models = await client.models.list();
      expect(models.data.map((m) => m.id)).toEqual(["qwen2.5-7b-instruct"]);
    } finally {
      await emu.close();
    }
  });

  it("with --jinja makes one call a reply unless the request sets parallel_tool_calls (llama-server defaults it to false)", async () => {
    const emu = await startOpenAIEmulator({ flavor: "llama-server", apiKey: null });
    try {
      const client = new OpenAI({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 0 });
      const both = [{ name: "get_vm_status", input: { vmid: 101 } }, { name: "get_vm_status", input: { vmid: 102 } }];
      emu.script([{ toolCalls: both, times: 2 }]);
      const params = { model: "qwen", messages: [{ role: "user" as const, content: "VMs 101 and 102?" }], tools: [OPENAI_TOOL] };
      expect((await client.chat.completions.create(params)).choices[0]!.message.tool_calls).toHaveLength(1);
      const parallel = await client.chat.completions.create({ ...params, parallel_tool_calls: true });
      expect(parallel.choices[0]!.message.tool_calls).toHaveLength(2);
    } finally {
      await emu.close();
    }
  });

  it("in ignore mode accepts tools but never calls one", async () => {
    const emu = await startOpenAIEmulator({ flavor: "llama-server", apiKey: null, tools: "ignored" });
    try {
      const client = new OpenAI({ apiKey: emu.apiKey, baseURL: emu.url, maxRetries: 0 });
      emu.script([{ text: "I cannot check that.", toolCalls: [{ name: "get_vm_status", input: {} }] }]);
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "VM?" }];
      const reply = await client.chat.completions.create({ model: "qwen", messages, tools: [OPENAI_TOOL] });
      expect(reply.choices[0]!.finish_reason).toBe("stop");
      expect(reply.choices[0]!.message.tool_calls).toBeUndefined();
    } finally {
      await emu.close();
    }
  });
});
