// jarvis-card's options: declared once for validation and the editor.
import type { CardSchema } from "../../shared/config-schema.js";

export const VIEWS = ["cluster", "chat", "voice", "terminal", "events"] as const;
export type ViewName = (typeof VIEWS)[number];

export interface JarvisCardConfig {
  type: string;
  title?: string;
  views?: ViewName[];
  default_view?: ViewName;
  history_minutes?: number;
}

export const JARVIS_CARD_SCHEMA: CardSchema = {
  card: "jarvis-card",
  fields: [
    { name: "title", label: "Title", type: "string", maxLength: 60 },
    { name: "views", label: "Views", type: "multi", options: VIEWS, help: "The terminal is shown to administrators only." },
    { name: "default_view", label: "Open on", type: "select", options: VIEWS },
    { name: "history_minutes", label: "Sparkline history (minutes)", type: "number", min: 1, max: 180 },
  ],
};

export const VIEW_LABELS: Record<ViewName, string> = {
  cluster: "Cluster",
  chat: "Chat",
  voice: "Voice",
  terminal: "Terminal",
  events: "Events",
};
