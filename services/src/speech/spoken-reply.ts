// One reply spoken while the agent is still writing it. The turn feeds it text and says when tools are about
// to run; it cuts the text into sentences, renders them in order with bounded parallelism in one voice, and
// hands out the audio in speaking order. A tool call ends a round of the model's text: what the model wrote
// before it is spoken now, not held until the next round, and is followed by the cached acknowledgement
// ("One moment.") at most once per reply, so the listener hears something while the tools run, in its place
// after the words already said and before the answer that the tools' results bring.
import type { Logger } from "../log.js";
import { AsyncQueue } from "./async-queue.js";
import { streamSentences } from "./sentences.js";
import type { Spoken, TtsChain } from "./tts/chain.js";

export interface SpokenChunk {
  /** The sentence's 0-based place in the reply, or "ack" for the acknowledgement. */
  seq: number | "ack";
  /** A 16-bit PCM WAV file. */
  wav: Buffer;
  engine: string;
}

/** What the turn tells a spoken reply, and the audio it gets back. */
export interface SpokenReply {
  /** Text the model wrote. */
  text(delta: string): void;
  /** The model asked for tools and they are about to run. */
  toolsStarting(): void;
  /** The turn is over (answered, failed or cancelled). */
  end(): void;
  /** The audio in speaking order, each piece as soon as it and everything before it is ready. */
  chunks(signal: AbortSignal): AsyncIterable<SpokenChunk>;
}

/** The TTS side of voice replies: a new SpokenReply per answer. */
export interface SentenceSpeaker {
  reply(): SpokenReply;
}

/** One reply's voice: a ReplySession of the TTS chain. */
export interface ReplyVoice {
  speak(text: string, signal: AbortSignal): Promise<Spoken>;
  /** The cached acknowledgement, or undefined when it is not cached. */
  acknowledge(): Promise<Spoken | undefined>;
}

interface Round {
  text: AsyncQueue<string>;
  /** Said after this round's sentences. */
  acknowledgement?: Promise<Spoken | undefined>;
}

export class StreamedReply implements SpokenReply {
  private readonly rounds = new AsyncQueue<Round>();
  private current: Round;
  private acknowledged = false;

  constructor(
    private readonly voice: ReplyVoice,
    private readonly opts: { parallel?: number; log?: Logger } = {},
  ) {
    this.current = this.open();
  }

  text(delta: string): void {
    this.current.text.push(delta);
  }

  toolsStarting(): void {
    this.current.text.end();
    if (!this.acknowledged) {
      this.acknowledged = true;
      // Looked up now, while the earlier sentences may still be rendering; a failed look-up only costs the phrase.
      this.current.acknowledgement = this.voice.acknowledge().catch((err: unknown) => {
        this.opts.log?.debug({ err }, "voice reply: no acknowledgement");
        return undefined;
      });
    }
    this.current = this.open();
  }

  end(): void {
    this.current.text.end();
    this.rounds.end();
  }

  async *chunks(signal: AbortSignal): AsyncGenerator<SpokenChunk> {
    let seq = 0;
    for await (const round of this.rounds) {
      const sentences = streamSentences(round.text, (text, sig) => this.voice.speak(text, sig), { parallel: this.opts.parallel, signal });
      for await (const s of sentences) yield { seq: seq++, wav: s.result.audio.wav, engine: s.result.engine };
      const ack = await round.acknowledgement;
      if (signal.aborted) throw signal.reason;
      if (ack) yield { seq: "ack", wav: ack.audio.wav, engine: ack.engine };
    }
  }

  private open(): Round {
    const round: Round = { text: new AsyncQueue<string>() };
    this.rounds.push(round);
    return round;
  }
}

/** Voice replies from the TTS chain: one ReplySession (one voice) per answer. */
export function sentenceSpeaker(tts: TtsChain, log?: Logger): SentenceSpeaker {
  return { reply: () => new StreamedReply(tts.session(), { log }) };
}
