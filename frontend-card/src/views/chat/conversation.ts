// Holds one conversation's messages and runs turns; the chat and voice views both drive one of these and
// re-render on `onChange`. Keeps the conversation_id so follow-up turns continue the same conversation.
import { decide } from "../../shared/actions.js";
import type { Fields, Transport } from "../../transport/transport.js";
import { STATUS_WORDS } from "../../shared/tier.js";
import { applyEvent, finish, jarvisMessage, settleByReply, userMessage, type ChatMessage, type ConversationEvent, type InlineApproval, type ToolChip } from "./model.js";

const settledText = (chip: ToolChip) => `Approved by your reply: ${STATUS_WORDS[chip.status] ?? chip.status}.`;

export interface TurnResult {
  speech?: string;
  conversation_id?: string;
  transcript?: string;
}

export class Conversation {
  messages: ChatMessage[] = [];
  conversationId?: string;

  constructor(private readonly onChange: () => void) {}

  private replace(i: number, m: ChatMessage): void {
    this.messages = this.messages.map((x, j) => (j === i ? m : x));
    this.onChange();
  }

  /** Fields that continue this conversation, for the command that starts a turn. */
  continuation(): Fields {
    return this.conversationId ? { conversation_id: this.conversationId } : {};
  }

  /** Runs a streaming command whose events are conversation events (conversation/process, voice/stop). */
  async turn(
    transport: Transport,
    type: string,
    fields: Fields,
    opts: { userText?: string; onOther?(ev: ConversationEvent): void } = {},
  ): Promise<TurnResult | undefined> {
    if (opts.userText !== undefined) this.messages = [...this.messages, userMessage(opts.userText)];
    this.messages = [...this.messages, jarvisMessage()];
    const i = this.messages.length - 1;
    this.onChange();
    try {
      const stream = await transport.open<TurnResult>(type, fields, {
        onEvent: (e) => {
          const ev = e as ConversationEvent;
          if (ev.type === "transcript") {
            // Voice: what was heard becomes the person's message, before the reply.
            this.messages = [...this.messages.slice(0, i), userMessage(ev.text), ...this.messages.slice(i)];
            return this.onChange();
          }
          opts.onOther?.(ev);
          const at = this.messages.length - 1;
          if (ev.type === "tool_call") this.messages = settleByReply(this.messages, at, ev, settledText(ev));
          this.replace(at, applyEvent(this.messages[at]!, ev));
        },
      });
      stream.close();
      this.conversationId = stream.result?.conversation_id ?? this.conversationId;
      this.replace(this.messages.length - 1, finish(this.messages.at(-1)!, stream.result?.speech));
      return stream.result;
    } catch (err) {
      const last = this.messages.at(-1)!;
      this.replace(this.messages.length - 1, { ...finish(last, undefined), error: (err as Error).message });
      return undefined;
    }
  }

  async decide(transport: Transport, approval: InlineApproval, approved: boolean, overrideKey?: string): Promise<void> {
    let text: string;
    try {
      text = await decide(transport, approval.action_id, { approved, overrideKey }, approval.summary);
    } catch (err) {
      text = `Could not decide: ${(err as Error).message}`;
    }
    this.messages = this.messages.map((m) => ({
      ...m,
      approvals: m.approvals.map((a) => (a.action_id === approval.action_id ? { ...a, decided: text } : a)),
    }));
    this.onChange();
  }
}
