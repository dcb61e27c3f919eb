// An accessible tab strip (WAI-ARIA tabs pattern): arrow keys move between tabs, one tab stop.
import { css, html, type TemplateResult } from "lit";

export const tabStyles = css`
  [role="tablist"] {
    display: flex;
    gap: 4px;
    border-bottom: 1px solid var(--jv-divider);
    margin-bottom: 8px;
    overflow-x: auto;
  }
  [role="tab"] {
    border: none;
    border-bottom: 2px solid transparent;
    border-radius: 0;
    background: none;
    padding: 6px 10px;
  }
  [role="tab"][aria-selected="true"] {
    border-bottom-color: var(--jv-primary);
    color: var(--jv-primary-text);
  }
`;

export function renderTabs<T extends string>(
  tabs: readonly T[],
  labels: Record<T, string>,
  active: T,
  select: (tab: T) => void,
  idPrefix: string,
): TemplateResult {
  const keydown = (e: KeyboardEvent) => {
    const i = tabs.indexOf(active);
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(i + step + tabs.length) % tabs.length]!;
    select(next);
    const list = (e.currentTarget as HTMLElement).closest("[role=tablist]");
    requestAnimationFrame(() => list?.querySelector<HTMLElement>(`#${idPrefix}-${next}`)?.focus());
  };
  return html`<div role="tablist" @keydown=${keydown}>
    ${tabs.map(
      (t) => html`<button role="tab" id="${idPrefix}-${t}" aria-selected=${t === active} aria-controls="${idPrefix}-panel-${t}"
        tabindex=${t === active ? 0 : -1} @click=${() => select(t)}>${labels[t]}</button>`,
    )}
  </div>`;
}
