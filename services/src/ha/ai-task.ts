// Home Assistant's AI Task (ai_task.generate_data) answered by Claude: the task's instructions with its images
// (a camera snapshot, a media file), and, when HA gives a structure, an answer in exactly that shape. The
// structure is offered as the one tool Claude must call, so its input is the data (the way HA's own Anthropic
// integration asks for structured output). Claude's spend counts against the daily limit and the call rate like
// any turn, and the request carries no approval words. No tools run: a task only reads and answers.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import type { CostLedger } from "../agent/costs.js";
import { claudeLimit } from "../agent/router.js";
import { ApiError } from "../api/errors.js";
import type { ApprovalWords } from "../tools/approval-words.js";

/** The tool Claude answers a structured task through. */
export const ANSWER_TOOL = "task_answer";
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
const SYSTEM =
  "You are Jarvis, a home-lab assistant, doing a task for a Home Assistant automation. Answer only from the " +
  "task and the attached files; say plainly when they do not show what is asked. Be brief.";

export const aiTaskRequest = z.object({
  task_name: z.string().min(1).max(200),
  instructions: z.string().min(1).max(20_000),
  /** A JSON schema of an object (HA's structure, converted by the integration). */
  structure: z.object({ type: z.literal("object"), properties: z.record(z.string(), z.unknown()) }).loose().optional(),
  attachments: z
    .array(z.object({ mime_type: z.enum(IMAGE_TYPES), data: z.base64().max(14_000_000), name: z.string().max(300).optional() }))
    .max(10)
    .default([]),
});
export type AiTaskRequest = z.infer<typeof aiTaskRequest>;

export interface AiTaskDeps {
  anthropic: { apiKey: string; baseUrl?: string; model: string; timeoutMs?: number } | null;
  costs: Pick<CostLedger, "record" | "spentToday" | "callsLastMinute">;
  dailyCostLimit: number;
  callsPerMinute: number;
  words: Pick<ApprovalWords, "redact">;
}

export class AiTasks {
  /** Made on the first task: the SDK is not loaded for a home whose automations never ask for one. */
  private client: Promise<Anthropic> | undefined;

  constructor(private readonly deps: AiTaskDeps) {}

  async generate(task: AiTaskRequest, signal?: AbortSignal): Promise<{ data: unknown }> {
    const { anthropic: a, costs } = this.deps;
    if (!a) throw new ApiError("not_found", "AI tasks need Claude: set anthropic_api_key");
    this.client ??= import("@anthropic-ai/sdk").then(
      ({ default: Anthropic }) => new Anthropic({ apiKey: a.apiKey, baseURL: a.baseUrl, maxRetries: 2, timeout: Math.max(a.timeoutMs ?? 15_000, 60_000) }),
    );
    const client = await this.client;
    const limit = claudeLimit({ spentToday: costs.spentToday(), dailyLimit: this.deps.dailyCostLimit, callsLastMinute: costs.callsLastMinute(), callsPerMinute: this.deps.callsPerMinute });
    if (limit) throw new ApiError("rate_limited", `not now: ${limit}`);
    const content: Anthropic.Messages.ContentBlockParam[] = [
      { type: "text", text: `Task: ${this.deps.words.redact(task.task_name)}\n\n${this.deps.words.redact(task.instructions)}` },
      ...task.attachments.map((a) => ({ type: "image" as const, source: { type: "base64" as const, media_type: a.mime_type, data: a.data } })),
    ];
    const structured = task.structure !== undefined;
    let reply;
    try {
      reply = await client.messages.create(
        {
          model: a.model,
          max_tokens: 1024,
          system: SYSTEM,
          messages: [{ role: "user", content }],
          ...(structured
            ? {
                tools: [{ name: ANSWER_TOOL, description: "Give the task's answer in this shape.", input_schema: task.structure as Anthropic.Messages.Tool.InputSchema }],
                tool_choice: { type: "tool" as const, name: ANSWER_TOOL },
              }
            : {}),
        },
        { signal },
      );
    } catch (err) {
      throw new ApiError("internal_error", `Claude did not answer the task: ${err instanceof Error ? err.message : String(err)}`);
    }
    costs.record(
      "anthropic",
      reply.model,
      {
        inputTokens: reply.usage.input_tokens,
        outputTokens: reply.usage.output_tokens,
        cacheReadTokens: reply.usage.cache_read_input_tokens ?? 0,
        cacheWriteTokens: reply.usage.cache_creation_input_tokens ?? 0,
      },
      null,
    );
    if (structured) {
      const answer = reply.content.find((b) => b.type === "tool_use" && b.name === ANSWER_TOOL);
      if (!answer || answer.type !== "tool_use") throw new ApiError("internal_error", "Claude did not answer in the task's structure");
      return { data: answer.input };
    }
    return { data: reply.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("").trim() };
  }
}
