// Emulated TTS engines for tests and the demo: XTTS API Server, Piper HTTP, OpenAI speech, ElevenLabs.
export type { TtsEmulator } from "./control.js";
export { ELEVENLABS_MODELS, type ElevenLabsEmulator, startElevenLabsEmulator } from "./elevenlabs.js";
export { OPENAI_TTS_MODELS, OPENAI_VOICES, type OpenAiSpeechEmulator, startOpenAiSpeechEmulator } from "./openai.js";
export { PIPER_RATE, startPiperEmulator } from "./piper.js";
export { startXttsEmulator, XTTS_LANGUAGES, XTTS_RATE } from "./xtts.js";
