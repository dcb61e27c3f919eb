// A chat turn as the conversation/process stream builds it: pure functions from (message, event) to message.

export interface ToolChip {
  tool: string;
  tier: string;
  status: string;
}

export interface InlineApproval {
  action_id: string;
  tool: string;
  tier: string;
  summary: string;
  needs: "keyword" | "override";
  expires_at: string;
  /** Set once the person decided, with what happened. */
  decided?: string;
}

export interface ChatMessage {
  role: "user" | "jarvis";
  text: string;
  tools: ToolChip[];
  approvals: InlineApproval[];
  streaming: boolean;
  route?: string;
  error?: string;
}

export type ConversationEvent =
  | { type: "route"; route: string; reason: string }
  | { type: "delta"; text: string }
  | ({ type: "tool_call"; action_id?: string } & ToolChip)
  | ({ type: "approval_required" } & Omit<InlineApproval, "decided">)
  | { type: "transcript"; text: string; engine: string }
  | { type: "audio"; seq: number | "ack"; mime: string; data: string };

export const userMessage = (text: string): ChatMessage => ({ role: "user", text, tools: [], approvals: [], streaming: false });
export const jarvisMessage = (): ChatMessage => ({ role: "jarvis", text: "", tools: [], approvals: [], streaming: true });

/** Folds one streamed event into the reply being built; events it does not know leave it unchanged. */
export function applyEvent(msg: ChatMessage, ev: ConversationEvent): ChatMessage {
  switch (ev.type) {
    case "route":
      return { ...msg, route: ev.route };
    case "delta":
      return { ...msg, text: msg.text + ev.text };
    case "tool_call": {
      const chip = { tool: ev.tool, tier: ev.tier, status: ev.status };
      // A tool reports "running" and then how it ended: the second report replaces the first.
      const i = msg.tools.findLastIndex((t) => t.tool === ev.tool && t.status === "running");
      const tools = i >= 0 ? msg.tools.map((t, j) => (j === i ? chip : t)) : [...msg.tools, chip];
      return { ...msg, tools };
    }
    case "approval_required": {
      const { type: _type, ...approval } = ev;
      return { ...msg, approvals: [...msg.approvals, approval] };
    }
    default:
      return msg;
  }
}

/**
 * A reply with the approval keyword runs the actions the reply before it held, but its tool calls do not carry
 * their ids: a call that ended (done, failed, refused) settles an undecided approval of the same tool in the
 * reply just before, so its buttons do not stay on offer. Returns the messages, changed or not.
 */
export function settleByReply(messages: ChatMessage[], at: number, chip: ToolChip, text: string): ChatMessage[] {
  if (chip.status === "running" || chip.status === "approval_required") return messages;
  const before = messages.slice(0, at).findLastIndex((m) => m.role === "jarvis");
  const held = messages[before]?.approvals.findIndex((a) => !a.decided && a.tool === chip.tool) ?? -1;
  if (held < 0) return messages;
  return messages.map((m, i) =>
    i === before ? { ...m, approvals: m.approvals.map((a, j) => (j === held ? { ...a, decided: text } : a)) } : m,
  );
}

/** Ends the reply with the server's final speech when no deltas arrived (e.g. the fast path). */
export const finish = (msg: ChatMessage, speech: string | undefined): ChatMessage => ({
  ...msg,
  text: msg.text || speech || "",
  streaming: false,
});
