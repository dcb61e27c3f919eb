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

/** One line a person can read about how a call ended. */
export function outcomeText(o: ToolOutcome): string {
  switch (o.status) {
    case "ok":
      return `${o.tool}: done`;
    case "error":
      return `${o.tool} failed: ${o.error}`;
    case "refused":
      return `${o.tool} refused: ${o.reason}`;
    case "approval_required":
      return `${o.tool} needs approval`;
  }
}
