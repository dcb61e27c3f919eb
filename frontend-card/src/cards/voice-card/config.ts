import type { CardSchema } from "../../shared/config-schema.js";

export interface VoiceCardConfig {
  type: string;
  title?: string;
  language?: string;
}

export const VOICE_CARD_SCHEMA: CardSchema = {
  card: "jarvis-voice-card",
  fields: [
    { name: "title", label: "Title", type: "string", maxLength: 60 },
    { name: "language", label: "Language (e.g. en)", type: "string", maxLength: 20, help: "Defaults to your Home Assistant language." },
  ],
};
