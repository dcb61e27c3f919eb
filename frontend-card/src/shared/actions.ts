// Running a tool from the UI and deciding a held action: the same two steps for the cluster view and chat.
import type { JarvisError, Transport } from "../transport/transport.js";
import type { ApprovalAnswer, ApprovalRequest } from "./approval-dialog.js";
import { outcomeText, type ToolOutcome } from "./tier.js";

export interface ProgressUpdate {
  upid: string;
  status: string;
  elapsed_ms: number;
  what: string;
}

/**
 * Approves (with the override key for RED) or denies a held action; returns what happened, in words that name
 * `what` it was. An action decided already (by a reply with the keyword, or elsewhere) or expired says so.
 */
export async function decide(transport: Transport, actionId: string, answer: ApprovalAnswer, what: string): Promise<string> {
  try {
    if (!answer.approved) {
      await transport.call("action/deny", { action_id: actionId });
      return `Denied: ${what}. Nothing was done.`;
    }
    const fields = answer.overrideKey ? { action_id: actionId, override_key: answer.overrideKey } : { action_id: actionId };
    return outcomeText(await transport.call<ToolOutcome>("action/approve", fields), what);
  } catch (err) {
    if ((err as JarvisError).code === "not_found") return `${what}: this was already decided, or it has expired.`;
    throw err;
  }
}

/** Runs a tool through tool/run; an ORANGE/RED call is put to the person through `ask` before it runs. */
export async function runTool(
  transport: Transport,
  call: { name: string; args: Record<string, unknown>; what: string },
  ask: (req: ApprovalRequest) => Promise<ApprovalAnswer>,
  onProgress: (update: ProgressUpdate) => void,
): Promise<string> {
  const stream = await transport.open<ToolOutcome>("tool/run", { name: call.name, args: call.args }, {
    onEvent: (e) => {
      const ev = e as { type?: string; update?: ProgressUpdate };
      if (ev.type === "progress" && ev.update) onProgress(ev.update);
    },
  });
  stream.close();
  const outcome = stream.result;
  if (outcome.status !== "approval_required") return outcomeText(outcome, call.what);
  const answer = await ask({ what: call.what, tool: outcome.tool, tier: outcome.tier, summary: outcome.summary, needs: outcome.needs, expiresAt: outcome.expiresAt });
  return decide(transport, outcome.actionId, answer, call.what);
}
