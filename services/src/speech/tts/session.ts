// One reply's use of the TTS chain. Once the reply fell back to a lower engine it stays there for the rest
// of the answer (no voice switching mid-reply), even if the better engine recovers a second later. Sentences
// are rendered in parallel, so a sentence that started before a sibling fell back and came back in the old
// voice is rendered again in the new one. It also hands out the cached acknowledgement at most once.
import type { Logger } from "../../log.js";
import type { Spoken, TtsChain } from "./chain.js";
import { ACKNOWLEDGEMENT } from "./phrases.js";

export class ReplySession {
  private acknowledged = false;
  private lastEngine: string | undefined;

  constructor(
    private readonly chain: TtsChain,
    private readonly log: Logger,
    /** The chain position this reply speaks from; only ever moves down the chain. */
    private rank = 0,
  ) {}

  /** The engine that spoke this reply's latest sentence, once one has. */
  get engine(): string | undefined {
    return this.lastEngine;
  }

  async speak(text: string, signal: AbortSignal = new AbortController().signal): Promise<Spoken> {
    for (;;) {
      const { rank, ...spoken } = await this.chain.speakFrom(this.rank, text, signal);
      this.settle(rank);
      if (rank === this.rank) return spoken;
      // Rendered by an engine this reply has since left: render it again with the current one.
    }
  }

  /**
   * The cached acknowledgement ("One moment.") to play before a slow tool, in the reply's voice; undefined
   * when it was already played in this reply or is not cached (a slow tool is no time to render it).
   */
  async acknowledge(text = ACKNOWLEDGEMENT): Promise<Spoken | undefined> {
    if (this.acknowledged) return undefined;
    this.acknowledged = true;
    const found = await this.chain.cachedFrom(this.rank, text);
    if (!found) return undefined;
    const { rank, ...spoken } = found;
    this.settle(rank);
    return spoken;
  }

  private settle(rank: number): void {
    if (rank > this.rank) {
      const from = this.chain.engines[this.rank]!.name;
      const to = this.chain.engines[rank]!.name;
      this.log.info({ from, to }, "TTS reply fell back; keeping this voice for the rest of the reply");
      this.rank = rank;
    }
    if (rank === this.rank) this.lastEngine = this.chain.engines[rank]!.name;
  }
}
