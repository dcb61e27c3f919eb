// A streamed synthesis as Home Assistant's Wyoming TTS client makes one (homeassistant/components/wyoming/
// tts.py, async_stream_tts_audio): one task writes synthesize-start (with the voice), a synthesize-chunk per
// piece of text as the agent produces it, the whole text again as `synthesize` (for servers that do not
// stream) and synthesize-stop, while another reads: a WAV header from the first audio-start, every
// audio-chunk's samples after it, and the end at synthesize-stopped (later audio-starts and all audio-stops are
// not looked at). Times are taken on both sides so a test can say when the first audio came.
import { performance } from "node:perf_hooks";
import { type ClientEvent, WyomingClient } from "./wyoming-client.js";

/** A five-sentence reply, as the voice benches speak it. */
export const FIVE_SENTENCES = [
  "Your cluster looks healthy.",
  " All four nodes are online and responding normally.",
  " The backup job finished at three this morning without any errors.",
  " Storage on the home node is at sixty two percent.",
  " I would suggest pruning old snapshots next week.",
].join("");

/** Text in pieces of about one token (four characters), as an LLM streams it. */
export const tokenPieces = (text: string, size = 4): string[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

export interface StreamedSynthesis {
  events: { at: number; event: ClientEvent }[];
  /** When the request started, when the last text piece was written, when the first audio-chunk arrived (ms). */
  startedAt: number;
  lastTextAt: number;
  firstAudioAt: number | undefined;
  /** The format HA would write in its WAV header (the first audio-start), and the samples it would play. */
  format: { rate: number; width: number; channels: number } | undefined;
  pcm: Buffer;
}

export async function streamSynthesis(
  port: number,
  pieces: readonly string[],
  opts: { pieceDelayMs?: number; voice?: string; timeoutMs?: number } = {},
): Promise<StreamedSynthesis> {
  const client = await WyomingClient.connect(port);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const result: StreamedSynthesis = { events: [], startedAt: performance.now(), lastTextAt: NaN, firstAudioAt: undefined, format: undefined, pcm: Buffer.alloc(0) };
  const voice = opts.voice ? { voice: { name: opts.voice } } : {};
  const writer = (async () => {
    client.send("synthesize-start", voice);
    let message = "";
    for (const [i, piece] of pieces.entries()) {
      if (i > 0 && opts.pieceDelayMs) await sleep(opts.pieceDelayMs);
      message += piece;
      client.send("synthesize-chunk", { text: piece });
    }
    result.lastTextAt = performance.now();
    client.send("synthesize", { text: message, ...voice });
    client.send("synthesize-stop");
  })();
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const event = await client.next(opts.timeoutMs ?? 30_000);
      const at = performance.now();
      result.events.push({ at, event });
      if (event.type === "audio-start" && !result.format) {
        result.format = { rate: event.data.rate, width: event.data.width, channels: event.data.channels };
      } else if (event.type === "audio-chunk" && result.format) {
        result.firstAudioAt ??= at;
        chunks.push(event.payload);
      } else if (event.type === "synthesize-stopped") {
        break;
      }
    }
  } finally {
    await writer;
    client.close();
  }
  result.pcm = Buffer.concat(chunks);
  return result;
}
