// The views behind the tabs, shared by jarvis-card and the ingress page. A view is created the first time
// its tab is shown and then kept (hidden), so a chat or a terminal survives switching tabs.
import { html, nothing, type TemplateResult } from "lit";
import "../views/chat/chat-view.js";
import "../views/cluster/cluster-view.js";
import "../views/events/events-view.js";
import "../views/terminal/terminal-view.js";
import "../views/voice/voice-view.js";
import type { Transport } from "../transport/transport.js";

export interface PanelContext {
  transport?: Transport;
  historyMinutes: number;
  language?: string;
}

const VIEWS: Record<string, (c: PanelContext) => TemplateResult> = {
  cluster: (c) => html`<jarvis-cluster-view .transport=${c.transport} .historyMinutes=${c.historyMinutes}></jarvis-cluster-view>`,
  chat: (c) => html`<jarvis-chat-view .transport=${c.transport} .language=${c.language}></jarvis-chat-view>`,
  voice: (c) => html`<jarvis-voice-view .transport=${c.transport} .language=${c.language}></jarvis-voice-view>`,
  terminal: (c) => html`<jarvis-terminal-view .transport=${c.transport}></jarvis-terminal-view>`,
  events: (c) => html`<jarvis-events-view .transport=${c.transport}></jarvis-events-view>`,
};

export function renderPanels(
  names: readonly string[],
  active: string,
  visited: ReadonlySet<string>,
  ctx: PanelContext,
  idPrefix: string,
  extra: Record<string, () => TemplateResult> = {},
): TemplateResult[] {
  return names.map((name) =>
    visited.has(name) || name === active
      ? html`<section role="tabpanel" id="${idPrefix}-panel-${name}" aria-labelledby="${idPrefix}-${name}" ?hidden=${name !== active}>
          ${(extra[name] ?? (() => VIEWS[name]?.(ctx) ?? nothing))()}
        </section>`
      : html``,
  );
}
