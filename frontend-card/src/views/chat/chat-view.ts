// Chat with Jarvis: replies stream in as they are written, tool calls show as chips, approvals inline.
// The log is an aria-live region that is busy while a reply streams, so readers announce it once complete.
import { css, html } from "lit";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import { Conversation } from "./conversation.js";
import { messageStyles, renderMessage } from "./messages.js";

export class JarvisChatView extends TransportView {
  static override properties = { busy: { state: true }, language: {} };
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
  private readonly conversation = new Conversation(() => this.requestUpdate());

  protected override start(): void {}
  protected override stop(): void {}

  private async send(e: Event): Promise<void> {
    e.preventDefault();
    const input = this.renderRoot.querySelector("textarea")!;
    const text = input.value.trim();
    if (!text || this.busy || !this.transport) return;
    input.value = "";
    this.busy = true;
    const fields = { text, ...this.conversation.continuation(), ...(this.language ? { language: this.language } : {}) };
    await this.conversation.turn(this.transport, "conversation/process", fields, { userText: text });
    this.busy = false;
    await this.updateComplete;
    this.renderRoot.querySelector(".log")?.scrollTo({ top: 1e9 });
  }

  private keydown(e: KeyboardEvent): void {
    if (e.key === "Enter" && !e.shiftKey) void this.send(e);
  }

  protected override render() {
    const t = this.transport;
    return html`<div class="log" role="log" tabindex="0" aria-live="polite" aria-label="Conversation with Jarvis" aria-busy=${this.busy}>
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
