// The TTS surface the app and the Wyoming server use.
export { type Audio, type AudioFormat, durationMs, parseWav, pcmToAudio, WavError } from "./audio.js";
export { buildTtsChain, buildTtsEngines, type BuildTtsOptions, type TtsConfig, type TtsExtras } from "./build.js";
export { cacheKey, TtsCache, type TtsCacheOptions } from "./cache.js";
export { type EngineReport, type Spoken, TtsChain, type TtsChainOptions } from "./chain.js";
export { ElevenLabsEngine, type ElevenLabsOptions } from "./elevenlabs.js";
export { DEFAULT_TIMEOUT_MS, type TtsEngine } from "./engine.js";
export { EspeakEngine, type EspeakOptions } from "./espeak.js";
export type { EngineHealth, EngineState } from "./health.js";
export { OpenAiSpeechEngine, type OpenAiSpeechOptions } from "./openai.js";
export { ACKNOWLEDGEMENT, PREWARM_PHRASES } from "./phrases.js";
export { PiperEngine, type PiperOptions } from "./piper.js";
export { ReplySession } from "./session.js";
export { XttsEngine, type XttsOptions } from "./xtts.js";
