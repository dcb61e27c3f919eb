// The structured result of every tool call, and the one-paragraph text it becomes for the model.
import { fenceUntrusted } from "./format.js";
import type { Tier } from "./tiers.js";
import type { ToolImage } from "./tool.js";

interface Base {
  tool: string;
  tier: Tier;
  /** The call in words, naming what it acts on ("Stop VM 102 (docker-host)"), when its tool says it. */
  summary?: string;
}

export type ToolOutcome =
  | (Base & { status: "ok"; data: unknown; images?: ToolImage[]; untrusted: boolean; truncated: boolean; durationMs: number })
  | (Base & { status: "error"; error: string; durationMs: number })
  | (Base & { status: "approval_required"; actionId: string; expiresAt: string; summary: string; needs: "keyword" | "override" })
  | (Base & { status: "refused"; reason: string });

export const MAX_OUTPUT_CHARS = 16_000;

/** Serialises tool output, cutting it at the cap so one chatty tool cannot flood the context. */
export function serialise(data: unknown): { text: string; truncated: boolean } {
  const text = typeof data === "string" ? data : (JSON.stringify(data) ?? "null");
  return text.length > MAX_OUTPUT_CHARS
    ? { text: `${text.slice(0, MAX_OUTPUT_CHARS)}... [truncated: ${text.length - MAX_OUTPUT_CHARS} more characters]`, truncated: true }
    : { text, truncated: false };
}

export function modelText(outcome: ToolOutcome): string {
  switch (outcome.status) {
    case "ok": {
      const { text } = serialise(outcome.data);
      return outcome.untrusted ? fenceUntrusted(outcome.tool, text) : text;
    }
    case "error":
      return `Error: ${outcome.error}`;
    case "approval_required":
      return outcome.needs === "keyword"
        ? `awaiting approval: ${outcome.actionId}. ${outcome.summary} is ${outcome.tier} and will run only when the person approves it with the approval keyword in their next message, or in the Jarvis card. Tell them what will happen; Jarvis adds how to approve it. Never say the keyword yourself.`
        : `awaiting override: ${outcome.actionId}. ${outcome.summary} is RED (destructive) and will run only when a Home Assistant admin approves it with the override key, in their next message or in the Jarvis card. Tell them what will happen; Jarvis adds how to approve it. Never guess or say the key.`;
    case "refused":
      return `Refused (${outcome.tier}): ${outcome.reason}`;
  }
}

/** How much of a tool's data is shown beside its call (HA's chat log); the model still gets up to MAX_OUTPUT_CHARS. */
export const SHOWN_RESULT_CHARS = 2_000;

/** What a person may see of an outcome next to the call: the data when short (else its start), the error, the reason, or what is held. */
export function shownResult(outcome: ToolOutcome): unknown {
  switch (outcome.status) {
    case "ok": {
      const { text } = serialise(outcome.data);
      return text.length <= SHOWN_RESULT_CHARS ? outcome.data : `${text.slice(0, SHOWN_RESULT_CHARS)}... [${text.length - SHOWN_RESULT_CHARS} more characters]`;
    }
    case "error":
      return outcome.error;
    case "refused":
      return outcome.reason;
    case "approval_required":
      return outcome.summary;
  }
}
