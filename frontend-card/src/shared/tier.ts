// Tool tiers as the server names them, and the chip that shows one.
import { html, type TemplateResult } from "lit";

export type Tier = "GREEN" | "YELLOW" | "ORANGE" | "RED" | "BLACK";

export const tierChip = (tier: string | undefined, label: string = tier ?? "?"): TemplateResult =>
  html`<span class="chip tier-${tier ?? "unknown"}" title="Safety tier ${tier ?? "unknown"}">${label}</span>`;

/** ToolOutcome, as tool/run and action/approve return it. */
export type ToolOutcome =
  | { status: "ok"; tool: string; tier: Tier; data: unknown; durationMs: number }
  | { status: "error"; tool: string; tier: Tier; error: string; durationMs: number }
  | { status: "approval_required"; tool: string; tier: Tier; actionId: string; expiresAt: string; summary: string; needs: "keyword" | "override" }
  | { status: "refused"; tool: string; tier: Tier; reason: string };

/** How a call ended, in one line that names what it acted on (`what`: "Stop VM 102 (docker-host) on pve3"). */
export function outcomeText(o: ToolOutcome, what: string): string {
  switch (o.status) {
    case "ok":
      return `Done: ${what}.`;
    case "error":
      return `Failed: ${what}: ${o.error}`;
    case "refused":
      return `Not done: ${what}: ${o.reason}.`;
    case "approval_required":
      return `Waiting for approval: ${what}.`;
  }
}

/** A tool call's state, as the chips beside a reply say it. */
export const STATUS_WORDS: Record<string, string> = {
  running: "running…",
  ok: "done",
  error: "failed",
  refused: "refused",
  approval_required: "waiting for approval",
};
