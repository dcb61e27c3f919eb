export { buildGrammar, NAME_SLOT, numberWords, type Grammar, type GrammarOptions } from "./grammar.js";
export { PocketsphinxRecognizer, type PocketsphinxOptions } from "./pocketsphinx.js";
export { SpeechToText, type SttEngine, type Transcription, type TranscribeOptions } from "./speech-to-text.js";
export { type AudioInput, type Pcm, type PcmFormat, parseWav, pcmToWav, SPEECH_FORMAT } from "./wav.js";
export { WhisperClient, type WhisperOptions, type WhisperRequestOptions, type WhisperResult } from "./whisper.js";
