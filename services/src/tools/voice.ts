// voice: Jarvis speaks out loud on a media player in the home, through HA's text-to-speech (by default
// Jarvis's own voice, which HA knows as a TTS entity once the Wyoming integration is set up).
import { z } from "zod";
import type { HomeAssistantClient } from "../clients/homeassistant/client.js";
import { defineTool } from "./tool.js";

export function voiceTools(ha: HomeAssistantClient, ttsEntity: string | undefined) {
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
      summarize: (a) => `Say "${a.text}" on ${a.media_player}`,
      handler: async (a) => {
        const exposed = (await ha.exposedEntities()).some((e) => e.entity_id === a.media_player);
        if (!exposed) throw new Error(`${a.media_player} is not a media player Jarvis may use (not found, or not exposed to Assist)`);
        const tts = pickTts();
        await ha.callService("tts", "speak", { target: { entity_id: tts }, data: { media_player_entity_id: a.media_player, message: a.text, cache: true } });
        return { spoken_on: a.media_player, voice: tts };
      },
    }),
  ];
}
