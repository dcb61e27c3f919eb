// An emulated Anthropic Messages API on 127.0.0.1: POST /v1/messages, checked as the real API checks it
// (x-api-key, anthropic-version, body and tool-turn rules, in its error shapes) and answered from a script
// the test supplies: streamed (SSE) or whole, with prompt-caching usage, scripted errors, pacing and hangs.
// Point the SDK at it with new Anthropic({ apiKey: emu.apiKey, baseURL: emu.url }).
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
import { PromptCache } from "./cache.js";
import { errorBody, newRequestId, responseHeaders } from "./errors.js";
import { messageObject, streamMessage } from "./render.js";
import { validateMessagesRequest } from "./validate.js";

export type { Fallback, RecordedRequest, Step, ToolCallSpec } from "../llm-script.js";

export interface AnthropicEmulatorOptions {
  apiKey?: string;
  /** Answer for a request no scripted step matches; without it such a request gets a 500 api_error. */
  fallback?: Fallback;
  /** Smallest cacheable prefix in tokens (1024 for Sonnet and Opus models). */
  minCacheTokens?: number;
}

export interface AnthropicEmulator {
  /** The baseURL the SDK needs. */
  url: string;
  apiKey: string;
  /** Queue steps; each answers the next request(s) it matches. */
  script(steps: readonly Step[]): void;
  /** Steps not yet used. */
  pending(): number;
  /** Every request received on /v1/messages, in order (rejected ones too). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const VERSION_HEADER = "anthropic-version";

export async function startAnthropicEmulator(options: AnthropicEmulatorOptions = {}): Promise<AnthropicEmulator> {
  const apiKey = options.apiKey ?? randomId("sk-ant-emu-", 32);
  const script = new Script(options.fallback);
  const cache = new PromptCache(options.minCacheTokens ?? 1024);
  const requests: RecordedRequest[] = [];

  const refuse = (ex: Exchange, status: number, message: string | undefined, step?: Step) => {
    const id = newRequestId();
    ex.json(status, errorBody(status, message, id), responseHeaders(id, step?.error));
  };

  const answer = async (ex: Exchange, body: any, step: Step) => {
    if (!(await ex.pause(step.latencyMs))) return;
    if (step.hang) return ex.untilClosed();
    if (step.error !== undefined) return refuse(ex, step.error.status, step.error.message, step);
    const reply = shapeReply(step, body.max_tokens);
    // With tool_choice "none" the model cannot call a tool, whatever the script would have it do.
    if (body.tool_choice?.type === "none") reply.toolCalls = [];
    const turn = { model: body.model, reply, input: cache.usage(body, step.usage) };
    const id = newRequestId();
    if (body.stream === true) return streamMessage(ex, step, turn, responseHeaders(id));
    // A whole message: breakAfter becomes the error (or the stall) it would be mid-stream.
    const broken = step.breakAfter;
    if (broken?.error !== undefined) return refuse(ex, broken.error.status, broken.error.message);
    if (broken !== undefined) return ex.untilClosed();
    ex.json(200, messageObject(turn), responseHeaders(id));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const { exchange: ex, parsed, record } = await receive(req, res, requests);
    if (record.path !== "/v1/messages") return refuse(ex, 404, "Not Found");
    if (record.method !== "POST") return refuse(ex, 405, "Method Not Allowed");
    // The key comes as x-api-key, or as a Bearer token (what SDK 1.x sends for API version 2026-10-21).
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const key = req.headers["x-api-key"] || bearer;
    if (key === undefined || key === "") return refuse(ex, 401, "x-api-key header is required");
    if (key !== apiKey) return refuse(ex, 401, "invalid x-api-key");
    if (!req.headers[VERSION_HEADER]) return refuse(ex, 400, `${VERSION_HEADER}: header is required`);
    if (!parsed) return refuse(ex, 400, "There was an error parsing the body");
    const problem = validateMessagesRequest(record.body);
    if (problem !== undefined) return refuse(ex, 400, problem);
    if (!record.body.model.startsWith("claude-")) return refuse(ex, 404, `model: ${record.body.model}`);
    const step = script.take(record.body);
    if (step === undefined) return refuse(ex, 500, "emulator: no scripted step matches this request");
    await answer(ex, record.body, step);
  };

  const server = await listenLoopback((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  return {
    url: server.url,
    apiKey,
    script: (steps) => script.add(steps),
    pending: () => script.pending(),
    requests,
    close: server.close,
  };
}
