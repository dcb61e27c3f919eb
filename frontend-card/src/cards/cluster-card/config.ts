import type { CardSchema } from "../../shared/config-schema.js";
import type { ClusterSection } from "../../views/cluster/cluster-view.js";

export interface ClusterCardConfig {
  type: string;
  title?: string;
  sections?: ClusterSection[];
  history_minutes?: number;
}

export const CLUSTER_CARD_SCHEMA: CardSchema = {
  card: "jarvis-cluster-card",
  fields: [
    { name: "title", label: "Title", type: "string", maxLength: 60 },
    { name: "sections", label: "Sections", type: "multi", options: ["nodes", "guests", "storage"] },
    { name: "history_minutes", label: "Sparkline history (minutes)", type: "number", min: 1, max: 180 },
  ],
};
