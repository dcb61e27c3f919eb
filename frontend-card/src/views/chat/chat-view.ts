// Chat with Jarvis: replies stream in as they are written, tool calls show as chips, approvals inline.
// The log is an aria-live region that is busy while a reply streams, so readers announce it once complete.
// It scrolls within its own height and follows the newest message unless the person scrolled back to read.
import { css, html, nothing } from "lit";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import type { Transport } from "../../transport/transport.js";
import type { StatusResult } from "../status/status-view.js";
import { Conversation } from "./conversation.js";
import { messageStyles, renderMessage } from "./messages.js";

/** Close enough to the end of the log to keep following new messages. */
const FOLLOW_PX = 32;

export class JarvisChatView extends TransportView {
  static override properties = { busy: { state: true }, language: {}, noModel: { state: true } };
  static override styles = [
    themeStyles,
    messageStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .log {
        min-height: 120px;
        max-height: var(--jarvis-chat-height, 360px);
      }
      .hint {
        margin: 0;
      }
      form {
        display: flex;
        gap: 6px;
      }
      textarea {
        flex: 1;
        resize: vertical;
      }
    `,
  ];

  busy = false;
  language?: string;
  /** Jarvis has no language model here (the demo, or none set up): the empty chat says what still works. */
  noModel = false;
  private readonly conversation = new Conversation(() => this.requestUpdate());
  private follow = true;

  protected override start(transport: Transport): void {
    transport
      .call<StatusResult>("status")
      .then((s) => (this.noModel = s.integrations.anthropic?.state === "off" && s.integrations.local_llm?.state === "off"))
      .catch(() => undefined);
  }

  protected override stop(): void {}

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    const log = this.renderRoot.querySelector(".log");
    if (log && this.follow) log.scrollTop = log.scrollHeight;
  }

  private onScroll(e: Event): void {
    const log = e.target as HTMLElement;
    this.follow = log.scrollTop + log.clientHeight >= log.scrollHeight - FOLLOW_PX;
  }

  private async send(e: Event): Promise<void> {
    e.preventDefault();
    const input = this.renderRoot.querySelector("textarea")!;
    const text = input.value.trim();
    if (!text || this.busy || !this.transport) return;
    input.value = "";
    this.busy = true;
    this.follow = true;
    // The reply then names the Approve button this card shows under a held action.
    const fields = { text, approve_button: true, ...this.conversation.continuation(), ...(this.language ? { language: this.language } : {}) };
    await this.conversation.turn(this.transport, "conversation/process", fields, { userText: text });
    this.busy = false;
  }

  private keydown(e: KeyboardEvent): void {
    if (e.key === "Enter" && !e.shiftKey) void this.send(e);
  }

  private hint() {
    if (this.conversation.messages.length > 0) return nothing;
    const model = this.noModel
      ? html` No language model is set up, so Jarvis answers plain requests itself: try “how is the cluster”, “list the VMs” or
          “stop vm 102”. With an Anthropic API key or a local model it answers anything.`
      : nothing;
    return html`<p class="hint muted" data-empty="chat">Ask Jarvis about the cluster or the home.${model}</p>`;
  }

  protected override render() {
    const t = this.transport;
    return html`${this.hint()}
      <div class="log" role="log" tabindex="0" aria-live="polite" aria-label="Conversation with Jarvis" aria-busy=${this.busy} @scroll=${this.onScroll}>
        ${this.conversation.messages.map((m) => renderMessage(m, (a, ok, key) => t && void this.conversation.decide(t, a, ok, key)))}
      </div>
      <form @submit=${this.send}>
        <label class="sr-only" for="chat-input">Message to Jarvis</label>
        <textarea id="chat-input" rows="2" placeholder="Ask Jarvis…" @keydown=${this.keydown}></textarea>
        <button class="primary" type="submit" ?disabled=${this.busy || !t} aria-label="Send message">Send</button>
      </form>`;
  }
}

customElements.get("jarvis-chat-view") ?? customElements.define("jarvis-chat-view", JarvisChatView);
