// Builds the TTS chain from the Config: every configured engine in the fixed order XTTS, Piper, OpenAI,
// ElevenLabs, then espeak-ng, which needs no service and is always there; plus the disk cache.
import type { Config, IntegrationName } from "../../config/config.js";
import type { Logger } from "../../log.js";
import type { TtsCacheRepo } from "../../store/tts-cache.js";
import { TtsCache } from "./cache.js";
import { TtsChain } from "./chain.js";
import { ElevenLabsEngine } from "./elevenlabs.js";
import type { TtsEngine } from "./engine.js";
import { EspeakEngine, type EspeakOptions } from "./espeak.js";
import { OpenAiSpeechEngine } from "./openai.js";
import { PiperEngine } from "./piper.js";
import { XttsEngine } from "./xtts.js";

/** The TTS part of the speech config. */
export type TtsConfig = Pick<Config["speech"], "xtts" | "piper" | "openai" | "elevenlabs" | "cacheDir" | "cacheMax">;

/** Settings the Config does not carry yet; each has a default. */
export interface TtsExtras {
  xttsSpeaker?: string;
  xttsLanguage?: string;
  piperVoice?: string;
  espeak?: EspeakOptions;
  /** Per engine name (xtts, piper, openai, elevenlabs, espeak). */
  timeoutsMs?: Partial<Record<string, number>>;
}

export interface BuildTtsOptions {
  repo: TtsCacheRepo;
  logger: Logger;
  /** Reports engines going up or down under their integration names (espeak-ng has none). */
  onStatus?: (integration: IntegrationName, state: "up" | "down", detail: string) => void;
  extras?: TtsExtras;
}

const INTEGRATION: Readonly<Record<string, IntegrationName>> = {
  xtts: "xtts",
  piper: "piper",
  openai: "openai_tts",
  elevenlabs: "elevenlabs",
};

export function buildTtsEngines(speech: TtsConfig, extras: TtsExtras = {}): TtsEngine[] {
  const timeout = (name: string) => extras.timeoutsMs?.[name];
  const engines: TtsEngine[] = [];
  if (speech.xtts) {
    engines.push(
      new XttsEngine({
        endpoint: speech.xtts.endpoint,
        speaker: extras.xttsSpeaker,
        language: extras.xttsLanguage,
        timeoutMs: timeout("xtts"),
      }),
    );
  }
  if (speech.piper) {
    engines.push(new PiperEngine({ endpoint: speech.piper.endpoint, voice: extras.piperVoice, timeoutMs: timeout("piper") }));
  }
  if (speech.openai) engines.push(new OpenAiSpeechEngine({ ...speech.openai, timeoutMs: timeout("openai") }));
  if (speech.elevenlabs) engines.push(new ElevenLabsEngine({ ...speech.elevenlabs, timeoutMs: timeout("elevenlabs") }));
  engines.push(new EspeakEngine({ ...extras.espeak, timeoutMs: extras.espeak?.timeoutMs ?? timeout("espeak") }));
  return engines;
}

export function buildTtsChain(speech: TtsConfig, opts: BuildTtsOptions): TtsChain {
  const logger = opts.logger.child({ component: "tts" });
  const cache = new TtsCache({ dir: speech.cacheDir, max: speech.cacheMax, repo: opts.repo, logger });
  const onStatus = opts.onStatus;
  return new TtsChain({
    engines: buildTtsEngines(speech, opts.extras),
    cache,
    logger,
    onStatus: onStatus
      ? (engine, state, detail) => {
          const integration = INTEGRATION[engine];
          if (integration) onStatus(integration, state, detail);
        }
      : undefined,
  });
}
