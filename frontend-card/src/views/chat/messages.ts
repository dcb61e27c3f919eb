// Renders a conversation (chat and voice share it): bubbles, tool chips and inline approvals.
import { css, html, nothing, type TemplateResult } from "lit";
import { tierChip } from "../../shared/tier.js";
import type { ChatMessage, InlineApproval } from "./model.js";

export const messageStyles = css`
  .log {
    display: flex;
    flex-direction: column;
    gap: 8px;
    overflow-y: auto;
  }
  .msg {
    max-width: 85%;
    padding: 6px 10px;
    border-radius: 12px;
    white-space: pre-wrap;
    background: var(--jv-raised);
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
  }
  .approval .row {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
`;

export type DecideHandler = (approval: InlineApproval, approved: boolean, overrideKey?: string) => void;

function approvalBlock(a: InlineApproval, onDecide: DecideHandler): TemplateResult {
  if (a.decided) return html`<div class="approval" data-action-id=${a.action_id}>${tierChip(a.tier)} ${a.decided}</div>`;
  const keyId = `override-${a.action_id}`;
  const key = (e: Event) =>
    ((e.target as HTMLElement).closest(".approval")?.querySelector<HTMLInputElement>(`#${keyId}`)?.value || undefined);
  return html`<div class="approval" role="group" aria-label="Approval needed for ${a.tool}" data-action-id=${a.action_id}>
    <div>${tierChip(a.tier)} <strong>${a.tool}</strong>: ${a.summary}</div>
    ${a.needs === "override" ? html`<label for=${keyId}>Override key</label><input id=${keyId} type="password" autocomplete="off" />` : nothing}
    <div class="row">
      <button class="primary" @click=${(e: Event) => onDecide(a, true, key(e))}>Approve ${a.tool}</button>
      <button @click=${() => onDecide(a, false)}>Deny ${a.tool}</button>
    </div>
  </div>`;
}

export function renderMessage(m: ChatMessage, onDecide: DecideHandler): TemplateResult {
  return html`<div class="msg ${m.role}" data-role=${m.role} aria-busy=${m.streaming}>
    <span class="sr-only">${m.role === "user" ? "You:" : "Jarvis:"}</span>${m.text}${m.streaming && !m.text ? "…" : ""}
    ${m.error ? html`<div class="error" role="alert">${m.error}</div>` : nothing}
    ${m.tools.length
      ? html`<div class="tools">${m.tools.map((t) => html`<span data-tool=${t.tool}>${tierChip(t.tier, `${t.tool} · ${t.tier} · ${t.status}`)}</span>`)}</div>`
      : nothing}
    ${m.approvals.map((a) => approvalBlock(a, onDecide))}
  </div>`;
}
