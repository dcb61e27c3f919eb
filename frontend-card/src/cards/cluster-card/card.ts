// custom:jarvis-cluster-card: just the cluster view (nodes, guests and their actions, storage).
import { css, html } from "lit";
import "../../views/cluster/cluster-view.js";
import { announceCard, JarvisBaseCard } from "../../shared/base-card.js";
import { hostTheme, themeStyles } from "../../shared/styles.js";
import { CLUSTER_CARD_SCHEMA, type ClusterCardConfig } from "./config.js";

export class JarvisClusterCard extends JarvisBaseCard<ClusterCardConfig> {
  static override styles = [hostTheme, themeStyles, css`.content { padding: 12px 16px 16px; } h2 { margin: 0; font-size: 1.2em; font-weight: 500; }`];
  protected readonly schema = CLUSTER_CARD_SCHEMA;

  static async getConfigElement(): Promise<HTMLElement> {
    await import("./editor.js");
    return document.createElement("jarvis-cluster-card-editor");
  }

  static getStubConfig(): ClusterCardConfig {
    return { type: "custom:jarvis-cluster-card" };
  }

  protected override render() {
    if (!this.config) return html``;
    return html`<ha-card>
      <div class="content">
        ${this.config.title ? html`<h2>${this.config.title}</h2>` : ""}
        <jarvis-cluster-view .transport=${this.transport} .historyMinutes=${this.config.history_minutes ?? 30}
          .sections=${this.config.sections ?? ["nodes", "guests", "storage"]}></jarvis-cluster-view>
      </div>
    </ha-card>`;
  }
}

customElements.get("jarvis-cluster-card") ?? customElements.define("jarvis-cluster-card", JarvisClusterCard);
announceCard("jarvis-cluster-card", "Jarvis cluster", "Proxmox nodes, guests with actions, and storage.");
