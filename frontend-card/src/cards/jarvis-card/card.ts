// custom:jarvis-card: the whole of Jarvis in one card (cluster, chat, voice, terminal for admins, events).
import { css, html, type PropertyValues } from "lit";
import { announceCard, JarvisBaseCard } from "../../shared/base-card.js";
import { hostTheme, themeStyles } from "../../shared/styles.js";
import { renderTabs, tabStyles } from "../../shared/tabs.js";
import { renderPanels } from "../../shared/view-panels.js";
import { JARVIS_CARD_SCHEMA, VIEW_LABELS, VIEWS, type JarvisCardConfig, type ViewName } from "./config.js";

const DEFAULT_VIEWS: readonly ViewName[] = VIEWS;

export class JarvisCard extends JarvisBaseCard<JarvisCardConfig> {
  static override properties = { active: { state: true } };
  static override styles = [
    hostTheme,
    themeStyles,
    tabStyles,
    css`
      :host {
        display: block;
      }
      .content {
        padding: 12px 16px 16px;
      }
      h2 {
        margin: 0 0 8px;
        font-size: 1.2em;
        font-weight: 500;
      }
    `,
  ];

  protected readonly schema = JARVIS_CARD_SCHEMA;
  active?: ViewName;
  private readonly visited = new Set<string>();
  /** The tabs this person sees: derived from config and admin, recomputed only when those change. */
  private views: readonly ViewName[] = [];

  static async getConfigElement(): Promise<HTMLElement> {
    await import("./editor.js");
    return document.createElement("jarvis-card-editor");
  }

  static getStubConfig(): JarvisCardConfig {
    return { type: "custom:jarvis-card", title: "Jarvis" };
  }

  override getCardSize(): number {
    return 8;
  }

  override getGridOptions(): Record<string, number> {
    return { columns: 12, rows: 8, min_columns: 6, min_rows: 4 };
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has("config") || changed.has("admin")) {
      this.views = (this.config?.views ?? DEFAULT_VIEWS).filter((v) => v !== "terminal" || this.admin);
    }
  }

  protected override render() {
    if (!this.config) return html``;
    const views = this.views;
    const active = this.active && views.includes(this.active) ? this.active : (this.config.default_view ?? views[0] ?? "cluster");
    this.visited.add(active);
    const ctx = { transport: this.transport, historyMinutes: this.config.history_minutes ?? 30, language: this.language };
    return html`<ha-card>
      <div class="content">
        ${this.config.title ? html`<h2>${this.config.title}</h2>` : ""}
        ${renderTabs(views, VIEW_LABELS, active, (v) => (this.active = v), "jc")}
        ${renderPanels(views, active, this.visited, ctx, "jc")}
      </div>
    </ha-card>`;
  }
}

customElements.get("jarvis-card") ?? customElements.define("jarvis-card", JarvisCard);
announceCard("jarvis-card", "Jarvis", "Cluster, chat, voice, terminal and events of the Jarvis add-on.");
