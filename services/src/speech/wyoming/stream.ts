// Wyoming's streaming synthesis (protocol 1.7): synthesize-start, then the reply's text in synthesize-chunk
// pieces as the agent writes it, then synthesize-stop. The text is cut into sentences as it comes, each is
// rendered at once (two at a time, in one voice, through the TTS cache) and sent as its own audio-start /
// audio-chunk... / audio-stop while later text is still arriving; synthesize-stopped ends the answer. So the
// first sentence plays while the model is still writing the last one.
import type { Logger } from "../../log.js";
import { AsyncQueue } from "../async-queue.js";
import { streamSentences } from "../sentences.js";
import { parseWav, type Pcm, type PcmFormat } from "../stt/wav.js";
import { fitPcm } from "./fit.js";

/** Renders one sentence as a WAV (a reply session of the TTS chain: one engine for the whole answer). */
export type SentenceRenderer = (sentence: string, signal: AbortSignal) => Promise<{ wav: Buffer }>;

export interface StreamSink {
  /** Sends one sentence's audio from `startMs` into the stream; resolves with where it ended (ms). */
  audio(pcm: Pcm, startMs: number): Promise<number>;
  error(text: string): Promise<void>;
  stopped(): Promise<void>;
}

/** Sentences rendered at once: the next one is ready when the one playing ends, without crowding the engine. */
const PARALLEL = 2;

export class SynthesisStream {
  private readonly text = new AsyncQueue<string>();
  /** Settles once synthesize-stopped is sent (or the connection went away). */
  readonly done: Promise<void>;

  constructor(render: SentenceRenderer, sink: StreamSink, signal: AbortSignal, log: Logger) {
    this.done = this.run(render, sink, signal, log);
  }

  push(text: string): void {
    this.text.push(text);
  }

  end(): void {
    this.text.end();
  }

  private async run(render: SentenceRenderer, sink: StreamSink, signal: AbortSignal, log: Logger): Promise<void> {
    let format: PcmFormat | undefined;
    let at = 0;
    try {
      for await (const { result } of streamSentences(this.text, render, { parallel: PARALLEL, signal })) {
        const pcm = parseWav(result.wav);
        format ??= { rate: pcm.rate, width: pcm.width, channels: pcm.channels };
        at = await sink.audio({ ...format, pcm: fitPcm(pcm, format) }, at);
      }
    } catch (err) {
      if (signal.aborted) return;
      log.warn({ err }, "wyoming streamed synthesis failed");
      await sink.error(err instanceof Error ? err.message : String(err));
      // The rest of the text is not spoken; the client still gets its end.
      this.text.end();
    }
    if (!signal.aborted) await sink.stopped();
  }
}
