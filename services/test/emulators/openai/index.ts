// An emulated OpenAI-compatible server on 127.0.0.1: POST /v1/chat/completions and GET /v1/models, either as
// OpenAI (Bearer key required, OpenAI's validation and error shapes) or as llama-server (its error shape;
// no key unless started with one; without --jinja a request carrying `tools` is refused with llama-server's
// "tools param requires --jinja flag" 500, or, for servers that drop the field, ignored; with tools, one call
// a reply unless the request sets parallel_tool_calls, which llama-server defaults to false). Replies come
// from the script the test supplies. Point the SDK at it with new OpenAI({ apiKey: emu.apiKey, baseURL: emu.url }).
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenLoopback } from "../frigate/listen.js";
import {
  randomId,
  receive,
  Script,
  shapeReply,
  type Exchange,
  type Fallback,
  type RecordedRequest,
  type Step,
} from "../llm-script.js";
import { errorBody, retryHeaders, scriptedRefusal, type Flavor, type Refusal } from "./errors.js";
import { completionObject, promptTokens, streamCompletion } from "./render.js";
import { validateChatRequest } from "./validate.js";

export type { Fallback, RecordedRequest, Step, ToolCallSpec } from "../llm-script.js";

export interface OpenAIEmulatorOptions {
  flavor?: Flavor;
  /** The accepted key; null accepts requests without one (llama-server started without --api-key). */
  apiKey?: string | null;
  /** What happens to a request carrying tools: answered (default), refused as llama-server without --jinja, or dropped. */
  tools?: "supported" | "rejected" | "ignored";
  /** Models listed by GET /v1/models; the OpenAI flavor refuses others with 404 model_not_found. */
  models?: string[];
  /** Answer for a request no scripted step matches; without it such a request gets a 500. */
  fallback?: Fallback;
}

export interface OpenAIEmulator {
  /** The baseURL the SDK needs (ends in /v1). */
  url: string;
  /** The key to send (any placeholder when the server takes none; the SDK insists on one). */
  apiKey: string;
  script(steps: readonly Step[]): void;
  pending(): number;
  /** Every request received, in order (rejected ones too). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
  "(i.e. Authorization: Bearer YOUR_KEY).";

export async function startOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const flavor = options.flavor ?? "openai";
  const apiKey = options.apiKey === undefined ? randomId("sk-emu-", 32) : options.apiKey;
  const tools = options.tools ?? "supported";
  const models = options.models ?? (flavor === "openai" ? ["gpt-4o-mini", "gpt-4o"] : ["qwen2.5-7b-instruct"]);
  const script = new Script(options.fallback);
  const requests: RecordedRequest[] = [];

  const refuse = (ex: Exchange, r: Refusal, headers: Record<string, string> = {}) =>
    ex.json(r.status, errorBody(flavor, r), headers);

  const authProblem = (header: string | undefined): Refusal | undefined => {
    if (apiKey === null) return undefined;
    const given = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    if (given === apiKey) return undefined;
    if (flavor === "llama-server") return { status: 401, message: "Invalid API Key" };
    if (given === undefined || given === "") return { status: 401, message: MISSING_KEY };
    const shown = `${given.slice(0, 3)}*****${given.slice(-4)}`;
    return {
      status: 401,
      message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      code: "invalid_api_key",
    };
  };

  /** llama-server's own request checks (it does not police tool turns the way OpenAI does). */
  const llamaProblem = (body: any): Refusal | undefined => {
    if (!Array.isArray(body?.messages)) return { status: 500, message: "'messages' is required" };
    if (tools === "rejected" && Array.isArray(body.tools) && body.tools.length > 0) {
      return { status: 500, message: "tools param requires --jinja flag" };
    }
    if (tools === "rejected" && body.tool_choice != null) return { status: 500, message: "Unsupported param: tool_choice" };
    return undefined;
  };

  const complete = async (ex: Exchange, body: any, step: Step) => {
    if (!(await ex.pause(step.latencyMs))) return;
    if (step.hang) return ex.untilClosed();
    if (step.error !== undefined) return refuse(ex, scriptedRefusal(step.error, body.model), retryHeaders(step.error));
    // A server that cannot use tools never calls one; without parallel_tool_calls it makes one call at most
    // (OpenAI defaults the field to true; llama-server to false, and its grammar then stops after one call).
    const parallel = body.parallel_tool_calls ?? flavor === "openai";
    const toolCalls = tools === "supported" ? (step.toolCalls ?? []).slice(0, parallel ? undefined : 1) : [];
    const usable = { ...step, toolCalls };
    const reply = shapeReply(usable, body.max_completion_tokens ?? body.max_tokens);
    const completion = {
      flavor,
      model: body.model ?? models[0],
      reply,
      promptTokens: promptTokens(body, step),
      cachedTokens: step.usage?.cacheRead ?? 0,
    };
    if (body.stream === true) return streamCompletion(ex, step, completion, body.stream_options?.include_usage === true);
    const broken = step.breakAfter;
    if (broken?.error !== undefined) return refuse(ex, scriptedRefusal(broken.error, body.model));
    if (broken !== undefined) return ex.untilClosed();
    ex.json(200, completionObject(completion));
  };

  const chat = async (ex: Exchange, body: any, parsed: boolean) => {
    if (!parsed) return refuse(ex, { status: 400, message: "We could not parse the JSON body of your request." });
    const problem = flavor === "openai" ? validateChatRequest(body) : llamaProblem(body);
    if (problem !== undefined) return refuse(ex, problem);
    if (flavor === "openai" && !models.includes(body.model)) {
      const message = `The model \`${body.model}\` does not exist or you do not have access to it.`;
      return refuse(ex, { status: 404, message, code: "model_not_found" });
    }
    const step = script.take(body);
    if (step === undefined) return refuse(ex, { status: 500, message: "emulator: no scripted step matches this request" });
    await complete(ex, body, step);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const { exchange: ex, parsed, record } = await receive(req, res, requests);
    const route = `${record.method} ${record.path}`;
    if (route !== "POST /v1/chat/completions" && route !== "GET /v1/models") {
      return refuse(ex, { status: 404, message: `Invalid URL (${route})` });
    }
    const denied = authProblem(req.headers.authorization);
    if (denied !== undefined) return refuse(ex, denied);
    if (route === "GET /v1/models") {
      const owner = flavor === "openai" ? "system" : "llamacpp";
      const created = Math.floor(Date.now() / 1000);
      return ex.json(200, { object: "list", data: models.map((id) => ({ id, object: "model", created, owned_by: owner })) });
    }
    await chat(ex, record.body, parsed);
  };

  const server = await listenLoopback((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  return {
    url: `${server.url}/v1`,
    apiKey: apiKey ?? "sk-no-key-required",
    script: (steps) => script.add(steps),
    pending: () => script.pending(),
    requests,
    close: server.close,
  };
}
