// custom:jarvis-voice-card: push-to-talk and hands-free voice with Jarvis.
import { css, html } from "lit";
import "../../views/voice/voice-view.js";
import { announceCard, JarvisBaseCard } from "../../shared/base-card.js";
import { hostTheme, themeStyles } from "../../shared/styles.js";
import { VOICE_CARD_SCHEMA, type VoiceCardConfig } from "./config.js";

export class JarvisVoiceCard extends JarvisBaseCard<VoiceCardConfig> {
  static override styles = [hostTheme, themeStyles, css`.content { padding: 12px 16px 16px; } h2 { margin: 0 0 8px; font-size: 1.2em; font-weight: 500; }`];
  protected readonly schema = VOICE_CARD_SCHEMA;

  static async getConfigElement(): Promise<HTMLElement> {
    await import("./editor.js");
    return document.createElement("jarvis-voice-card-editor");
  }

  static getStubConfig(): VoiceCardConfig {
    return { type: "custom:jarvis-voice-card" };
  }

  override getCardSize(): number {
    return 3;
  }

  override getGridOptions(): Record<string, number> {
    return { columns: 6, rows: 3, min_columns: 3, min_rows: 2 };
  }

  protected override render() {
    if (!this.config) return html``;
    return html`<ha-card>
      <div class="content">
        ${this.config.title ? html`<h2>${this.config.title}</h2>` : ""}
        <jarvis-voice-view .transport=${this.transport} .language=${this.config.language ?? this.language}></jarvis-voice-view>
      </div>
    </ha-card>`;
  }
}

customElements.get("jarvis-voice-card") ?? customElements.define("jarvis-voice-card", JarvisVoiceCard);
announceCard("jarvis-voice-card", "Jarvis voice", "Talk to Jarvis: push-to-talk or hands-free.");
