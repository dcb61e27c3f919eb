// The one STT entry point: Whisper when it is configured and healthy, offline pocketsphinx otherwise. A
// Whisper failure that means "the service is not there" (unreachable, timeout, 5xx) falls back to
// pocketsphinx; one that means "this request is wrong" (bad audio, credentials) is the caller's answer.
import { ClientError } from "../../clients/errors.js";
import type { Logger } from "../../log.js";
import type { Listening, PocketsphinxRecognizer } from "./pocketsphinx.js";
import type { AudioInput } from "./wav.js";
import type { WhisperClient } from "./whisper.js";

export type SttEngine = "whisper" | "pocketsphinx";

export interface Transcription {
  text: string;
  engine: SttEngine;
  /** Time the engine took, for logs and the UI. */
  ms: number;
}

export interface TranscribeOptions {
  language?: string;
  signal?: AbortSignal;
}

export interface SpeechToTextParts {
  whisper: WhisperClient | null;
  pocketsphinx: PocketsphinxRecognizer | null;
}

function serviceDown(err: unknown): boolean {
  return (
    err instanceof ClientError &&
    (err.kind === "unreachable" || err.kind === "timeout" || (err.kind === "upstream" && (err.status ?? 500) >= 500))
  );
}

export class SpeechToText {
  constructor(
    private readonly parts: SpeechToTextParts,
    private readonly log: Logger,
  ) {}

  /** The engine the next request would use. */
  async engine(): Promise<SttEngine | null> {
    if (this.parts.whisper && (await this.parts.whisper.healthy())) return "whisper";
    return this.parts.pocketsphinx ? "pocketsphinx" : null;
  }

  async transcribe(audio: AudioInput, opts: TranscribeOptions = {}): Promise<Transcription> {
    const { whisper, pocketsphinx } = this.parts;
    if (whisper && (await whisper.healthy())) {
      const started = Date.now();
      try {
        const { text } = await whisper.transcribe(audio, opts);
        return { text, engine: "whisper", ms: Date.now() - started };
      } catch (err) {
        if (!pocketsphinx || !serviceDown(err) || opts.signal?.aborted) throw err;
        this.log.warn({ err: (err as Error).message }, "whisper failed, recognising offline with pocketsphinx");
      }
    }
    if (!pocketsphinx) {
      throw new ClientError(
        "Speech to text",
        "unreachable",
        whisper
          ? "the Whisper service is down and offline recognition is off"
          : "no Whisper service is configured (WHISPER_ENDPOINT) and offline recognition is off",
      );
    }
    const started = Date.now();
    const text = await pocketsphinx.recognize(audio, opts.signal);
    return { text, engine: "pocketsphinx", ms: Date.now() - started };
  }

  /**
   * Recognition that starts while the person still speaks (PCM at `rate`), when offline recognition is what
   * would answer: no Whisper is configured (Whisper takes the whole recording, so with it this is null and the
   * caller sends the recording to `transcribe` at the end, as for any other format).
   */
  listen(rate: number, opts: TranscribeOptions = {}): { write(pcm: Buffer): void; finish(): Promise<Transcription>; cancel(): void } | null {
    if (this.parts.whisper || !this.parts.pocketsphinx) return null;
    const listening: Listening | null = this.parts.pocketsphinx.listen(rate, opts.signal);
    if (!listening) return null;
    return {
      write: (pcm) => listening.write(pcm),
      finish: async () => {
        const ended = Date.now();
        return { text: await listening.finish(), engine: "pocketsphinx", ms: Date.now() - ended };
      },
      cancel: () => listening.cancel(),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.parts.whisper?.close(), this.parts.pocketsphinx?.close()]);
  }
}
