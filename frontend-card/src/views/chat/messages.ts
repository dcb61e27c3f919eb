// Renders a conversation (chat and voice share it): bubbles, tool chips and inline approvals. An approval
// names what will happen and holds its buttons (RED: and the override key's field); how to approve is said by
// the reply above it, which names this Approve button and the words to answer with.
import { css, html, nothing, type TemplateResult } from "lit";
import { STATUS_WORDS, tierChip } from "../../shared/tier.js";
import type { ChatMessage, InlineApproval } from "./model.js";

export const messageStyles = css`
  .log {
    display: flex;
    flex-direction: column;
    gap: 8px;
    overflow-y: auto;
  }
  .msg {
    flex: none;
    max-width: 85%;
    padding: 6px 10px;
    border-radius: 12px;
    background: var(--jv-raised);
  }
  /* Only the words keep their line breaks: the template's own whitespace must not become blank lines. */
  .msg .text {
    white-space: pre-wrap;
  }
  .msg.user {
    align-self: flex-end;
    background: var(--jv-primary-strong);
    color: var(--jv-on-primary);
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-top: 4px;
  }
  .approval {
    border: 1px solid var(--jv-tier-orange);
    border-radius: 8px;
    padding: 6px;
    margin-top: 6px;
    display: grid;
    gap: 6px;
    background: var(--jv-bg);
  }
  .approval p {
    margin: 0;
  }
  .approval .row {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
    align-items: center;
  }
`;

export type DecideHandler = (approval: InlineApproval, approved: boolean, overrideKey?: string) => void;

function approvalBlock(a: InlineApproval, onDecide: DecideHandler): TemplateResult {
  if (a.decided) return html`<div class="approval" data-action-id=${a.action_id} data-decided>${tierChip(a.tier)} ${a.decided}</div>`;
  const keyId = `override-${a.action_id}`;
  const key = (e: Event) =>
    ((e.target as HTMLElement).closest(".approval")?.querySelector<HTMLInputElement>(`#${keyId}`)?.value || undefined);
  return html`<div class="approval" role="group" aria-label="Waiting for your approval: ${a.summary}" data-action-id=${a.action_id}>
    <p>${tierChip(a.tier)} <strong>${a.summary}</strong> is waiting for your approval.</p>
    ${a.needs === "override" ? html`<label for=${keyId}>Override key</label><input id=${keyId} type="password" autocomplete="off" />` : nothing}
    <div class="row">
      <button class="primary" @click=${(e: Event) => onDecide(a, true, key(e))}>Approve<span class="sr-only">: ${a.summary}</span></button>
      <button @click=${() => onDecide(a, false)}>Deny<span class="sr-only">: ${a.summary}</span></button>
      <span class="muted">until ${new Date(a.expires_at).toLocaleTimeString()}</span>
    </div>
  </div>`;
}

const chip = (t: ChatMessage["tools"][number]) =>
  html`<span data-tool=${t.tool}>${tierChip(t.tier, `${t.tool} · ${t.tier} · ${STATUS_WORDS[t.status] ?? t.status}`)}</span>`;

export function renderMessage(m: ChatMessage, onDecide: DecideHandler): TemplateResult {
  const waiting = m.streaming && !m.text ? "…" : "";
  return html`<div class="msg ${m.role}" data-role=${m.role} aria-busy=${m.streaming}>
    <span class="sr-only">${m.role === "user" ? "You:" : "Jarvis:"}</span><span class="text">${m.text}${waiting}</span>
    ${m.error ? html`<div class="error" role="alert">${m.error}</div>` : nothing}
    ${m.tools.length ? html`<div class="tools">${m.tools.map(chip)}</div>` : nothing}
    ${m.approvals.map((a) => approvalBlock(a, onDecide))}
  </div>`;
}
