// The one interface every TTS engine implements; the chain, the cache and the streamer know nothing else.
import type { Audio } from "./audio.js";

export interface TtsEngine {
  /** Stable id: "xtts", "piper", "openai", "elevenlabs", "espeak" (also the cache's engine column). */
  readonly name: string;
  /** Human name for errors and logs, e.g. "XTTS". */
  readonly label: string;
  /** The voice it speaks with (speaker, voice id), part of the cache key. */
  readonly voice: string;
  /** Everything else that changes the sound (model, speed, voice settings), part of the cache key. */
  readonly settings: string;
  /** How long the chain waits for one synthesis before falling through. */
  readonly timeoutMs: number;
  /** Renders one sentence; fails with a ClientError. Honours the signal (the chain's timeout or a cancel). */
  synthesize(text: string, signal: AbortSignal): Promise<Audio>;
  /** Resolves when the engine looks usable, fails with a ClientError saying why not. */
  health(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Default per-engine timeouts: local engines answer fast or not at all; cloud ones get more slack. */
export const DEFAULT_TIMEOUT_MS = {
  xtts: 10_000,
  piper: 4_000,
  openai: 10_000,
  elevenlabs: 10_000,
  espeak: 10_000,
} as const;
