// The modal that asks before an ORANGE or RED action runs. It names exactly what will happen (our own
// description plus the server's summary of the held call) and, for RED, asks for the override key.
import { LitElement, css, html, nothing } from "lit";
import { themeStyles } from "./styles.js";
import { tierChip } from "./tier.js";

export interface ApprovalRequest {
  /** What the person asked for, e.g. "Reboot VM 102 (docker-host) on pve2". */
  what: string;
  tool: string;
  tier: string;
  /** The server's summary of the exact held call. */
  summary: string;
  needs: "keyword" | "override";
  expiresAt: string;
}

export interface ApprovalAnswer {
  approved: boolean;
  overrideKey?: string;
}

export class JarvisApprovalDialog extends LitElement {
  static override properties = { request: { state: true } };
  static override styles = [
    themeStyles,
    css`
      dialog {
        color: var(--jv-text);
        background: var(--jv-bg);
        border: 1px solid var(--jv-divider);
        border-radius: 12px;
        max-width: min(28rem, 90vw);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.4);
      }
      h2 {
        font-size: 1.1em;
        margin: 0 0 8px;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        margin-top: 12px;
      }
      code {
        display: block;
        white-space: pre-wrap;
        background: var(--jv-raised);
        padding: 6px;
        border-radius: 6px;
      }
    `,
  ];

  request?: ApprovalRequest;
  private settle?: (answer: ApprovalAnswer) => void;

  /** Shows the dialog; resolves when the person approves, denies or dismisses it (Escape denies). */
  async ask(request: ApprovalRequest): Promise<ApprovalAnswer> {
    this.settle?.({ approved: false });
    this.request = request;
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.settle = resolve));
  }

  private get dialog(): HTMLDialogElement {
    return this.renderRoot.querySelector("dialog")!;
  }

  private finish(approved: boolean): void {
    const key = this.renderRoot.querySelector<HTMLInputElement>("input[name=override]")?.value;
    const settle = this.settle;
    this.settle = undefined;
    this.dialog.close();
    settle?.(approved ? { approved, overrideKey: key || undefined } : { approved });
  }

  protected override render() {
    const r = this.request;
    return html`<dialog aria-labelledby="approval-title" @cancel=${() => this.finish(false)}>
      ${r
        ? html`<h2 id="approval-title">Approve: ${r.what}?</h2>
            <p>${tierChip(r.tier)} <strong>${r.tool}</strong> needs your approval before it runs.</p>
            <code>${r.summary}</code>
            <p class="muted">Expires ${new Date(r.expiresAt).toLocaleTimeString()}.</p>
            ${r.needs === "override"
              ? html`<label>Override key (RED action)<input name="override" type="password" autocomplete="off" /></label>`
              : nothing}
            <div class="actions">
              <button @click=${() => this.finish(false)}>Deny</button>
              <button class="primary" @click=${() => this.finish(true)}>Approve: ${r.what}</button>
            </div>`
        : nothing}
    </dialog>`;
  }
}

customElements.get("jarvis-approval-dialog") ?? customElements.define("jarvis-approval-dialog", JarvisApprovalDialog);
