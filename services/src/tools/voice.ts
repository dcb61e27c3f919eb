// voice: Jarvis speaks out loud on a media player in the home, through HA's text-to-speech (by default
// Jarvis's own voice, which HA knows as a TTS entity once the Wyoming integration is set up). What is said
// never carries the approval keyword or override key: a voice satellite in earshot would hear it and send it
// back as the person's own answer.
import { z } from "zod";
import type { HomeAssistantClient } from "../clients/homeassistant/client.js";
import type { TtsChain } from "../speech/tts/index.js";
import type { PreferencesRepo } from "../store/preferences.js";
import type { ApprovalWords } from "./approval-words.js";
import { entityName } from "./smarthome.js";
import { defineTool } from "./tool.js";

export const VOICE_PREFERENCE = "tts.engine";

/** set_voice: which of the configured voices Jarvis speaks with; kept across restarts. */
export function setVoiceTool(tts: TtsChain, prefs: PreferencesRepo) {
  const names = tts.engines.map((e) => e.name);
  return defineTool({
    name: "set_voice",
    category: "voice",
    description: `Choose Jarvis's voice: one of ${names.join(", ")}, or "default" for the best one available. Falls back down the list when the chosen one is down.`,
    input: z.object({ engine: z.enum(["default", ...names] as [string, ...string[]]) }),
    tier: "YELLOW",
    summarize: (a) => `Switch the voice to ${a.engine}`,
    handler: async (a) => {
      tts.prefer(a.engine === "default" ? null : a.engine);
      if (a.engine === "default") prefs.delete(VOICE_PREFERENCE);
      else prefs.set(VOICE_PREFERENCE, a.engine);
      return { voice: tts.preferred, available: names };
    },
  });
}

export function voiceTools(ha: HomeAssistantClient, ttsEntity: string | undefined, words: ApprovalWords) {
  const pickTts = () => {
    if (ttsEntity) return ttsEntity;
    const all = Object.keys(ha.entities()).filter((id) => id.startsWith("tts."));
    const chosen = all.find((id) => id.includes("jarvis")) ?? all[0];
    if (!chosen) throw new Error("Home Assistant has no text-to-speech entity: add Jarvis through the Wyoming integration, or set HA_TTS_ENTITY");
    return chosen;
  };
  return [
    defineTool({
      name: "speak",
      category: "voice",
      description: "Say something out loud on a media player in the home (an announcement).",
      input: z.object({
        text: z.string().min(1).max(1000),
        media_player: z.string().regex(/^media_player\.[a-z0-9_]+$/, "a media player entity id"),
      }),
      tier: "YELLOW",
      summarize: (a) => `Say "${words.redact(a.text)}" on ${entityName(ha, a.media_player)}`,
      handler: async (a) => {
        const exposed = (await ha.exposedEntities()).some((e) => e.entity_id === a.media_player);
        if (!exposed) throw new Error(`${a.media_player} is not a media player Jarvis may use (not found, or not exposed to Assist)`);
        const tts = pickTts();
        const message = words.redact(a.text);
        await ha.callService("tts", "speak", { target: { entity_id: tts }, data: { media_player_entity_id: a.media_player, message, cache: true } });
        return { spoken_on: a.media_player, voice: tts };
      },
    }),
  ];
}
