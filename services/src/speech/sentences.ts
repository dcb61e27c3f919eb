// Sentence streaming for speech: the agent's reply arrives as text deltas; SentenceSplitter cuts it into
// sentences as they complete (not at "Dr.", "e.g.", "3.5", "v2.1.3", "127.0.0.1", "1. " list numbers,
// ellipses or URLs), and streamSentences renders them with bounded parallelism, yielding each as soon as it
// and every earlier one are ready, so the first sentence plays while the model is still writing.

const ENDERS = ".!?…";
/** Closing quotes, brackets and Markdown emphasis that belong to the sentence they end. */
const CLOSERS = `"'”’)]}»*_`;
/** Abbreviations that never end a sentence. */
const ALWAYS = new Set(["mr", "mrs", "ms", "dr", "prof", "st", "mt", "vs", "approx", "fig", "dept", "e.g", "i.e", "cf", "ca"]);
/** Abbreviations that end a sentence only when a capital letter follows ("etc. Then" but "etc. and"). */
const AMBIGUOUS = new Set(["etc", "inc", "ltd", "co", "corp", "jr", "sr", "al"]);

type Scan = { end: number } | "wait" | "none";

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();

/** Incremental splitter: push deltas, get the sentences they completed; flush at the end for the rest. */
export class SentenceSplitter {
  private buf = "";

  push(delta: string): string[] {
    this.buf += delta;
    return this.drain(false);
  }

  /** The sentences still held, the last possibly without an ending. */
  flush(): string[] {
    const out = this.drain(true);
    const rest = this.buf.trim();
    this.buf = "";
    return rest ? [...out, rest] : out;
  }

  private drain(final: boolean): string[] {
    const out: string[] = [];
    for (;;) {
      const found = findBoundary(this.buf, final);
      if (typeof found === "string") return out;
      const sentence = this.buf.slice(0, found.end).trim();
      if (sentence) out.push(sentence);
      this.buf = this.buf.slice(found.end).replace(/^\s+/, "");
    }
  }
}

export function splitSentences(text: string): string[] {
  const splitter = new SentenceSplitter();
  return [...splitter.push(text), ...splitter.flush()];
}

/** The end of the first complete sentence in `text`; "wait" when the next characters decide it. */
function findBoundary(text: string, final: boolean): Scan {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      if (text.slice(0, i).trim()) return { end: i + 1 };
      continue;
    }
    if (!ENDERS.includes(c)) continue;
    let j = i;
    while (j < text.length && ENDERS.includes(text[j]!)) j++;
    const punct = text.slice(i, j);
    while (j < text.length && CLOSERS.includes(text[j]!)) j++;
    if (j === text.length) return final ? { end: j } : "wait";
    if (!isSpace(text[j])) {
      i = j - 1; // "3.5", "v2.1", "example.com", "e.g.x": no space, no sentence end
      continue;
    }
    let k = j;
    while (k < text.length && isSpace(text[k])) k++;
    if (k === text.length && !final) return "wait";
    const lineBreak = text.slice(j, k).includes("\n");
    if (k === text.length || lineBreak || endsSentence(punct, text.slice(0, i), text[k]!)) return { end: j };
    i = j - 1;
  }
  return "none";
}

function endsSentence(punct: string, before: string, next: string): boolean {
  // "?" and "!" end a sentence unless it plainly goes on in lower case: "(really?) or off?".
  if (punct.includes("?") || punct.includes("!")) return !isLower(next);
  if (punct !== ".") return false; // an ellipsis trails off mid-sentence
  const word = (/(\S+)$/.exec(before)?.[1] ?? "").replace(/^[("'\u201c\u2018[*_]+/, "");
  const lower = word.toLowerCase();
  // "1. " list numbering: at a line's start, after a bullet ("- 1. "), or after a colon ("Steps: 1. ").
  const lead = before.slice(0, before.length - word.length);
  if (/^\d{1,3}$/.test(word) && (/(^|\n)[ \t]*([-*\u2022][ \t]+)?$/.test(lead) || /:[ \t]*$/.test(lead))) return false;
  if (ALWAYS.has(lower)) return false;
  if (lower === "no" && /\d/.test(next)) return false; // "No. 5"
  if (/^[A-Z]$/.test(word)) return false; // an initial: "J. R. R. Tolkien"
  if (AMBIGUOUS.has(lower) || /^([a-z]\.)+[a-z]$/i.test(word)) return isUpper(next); // "etc.", "U.S.", "p.m."
  return true;
}

export interface SpokenSentence<T> {
  /** 0-based position in the reply. */
  index: number;
  text: string;
  result: T;
}

export interface StreamSentencesOptions {
  /** Sentences rendered at once (default 2). */
  parallel?: number;
  signal?: AbortSignal;
}

/**
 * Splits the streamed text into sentences and renders them (e.g. `session.speak`) at most `parallel` at a
 * time, yielding results in sentence order. Stopping early (break, or the signal) aborts the renders still
 * running. A failed render or a failed text stream ends the iteration with that error, after the sentences
 * before it.
 */
export async function* streamSentences<T>(
  deltas: AsyncIterable<string>,
  render: (sentence: string, signal: AbortSignal) => Promise<T>,
  opts: StreamSentencesOptions = {},
): AsyncGenerator<SpokenSentence<T>> {
  const parallel = Math.max(1, opts.parallel ?? 2);
  const stop = new AbortController();
  const outer = opts.signal;
  const onOuterAbort = () => stop.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });

  const sentences: string[] = [];
  const tasks: Promise<T>[] = [];
  let running = 0;
  let inputDone = false;
  let inputError: { error: unknown } | undefined;
  let wake = () => {};
  const notify = () => wake();
  stop.signal.addEventListener("abort", notify, { once: true });

  const pump = () => {
    while (running < parallel && tasks.length < sentences.length && !stop.signal.aborted) {
      running++;
      const task = render(sentences[tasks.length]!, stop.signal);
      tasks.push(task);
      task.then(
        () => {},
        () => {},
      ).finally(() => {
        running--;
        pump();
        notify();
      });
    }
  };
  const accept = (found: string[]) => {
    sentences.push(...found);
    pump();
    notify();
  };

  const iterator = deltas[Symbol.asyncIterator]();
  const read = async () => {
    const splitter = new SentenceSplitter();
    try {
      for (;;) {
        const next = await iterator.next();
        if (stop.signal.aborted) return;
        if (next.done) break;
        accept(splitter.push(next.value));
      }
      accept(splitter.flush());
    } catch (error) {
      inputError = { error };
    } finally {
      inputDone = true;
      notify();
    }
  };
  void read();

  try {
    for (let index = 0; ; ) {
      if (stop.signal.aborted) throw stop.signal.reason;
      if (index < tasks.length) {
        const result = await untilAborted(tasks[index]!, stop.signal);
        yield { index, text: sentences[index]!, result };
        index++;
        continue;
      }
      if (inputDone && index >= sentences.length) {
        if (inputError) throw inputError.error;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    outer?.removeEventListener("abort", onOuterAbort);
    stop.abort(new DOMException("sentence stream closed", "AbortError"));
    if (!inputDone) void iterator.return?.().catch(() => {});
  }
}

function untilAborted<T>(task: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    task.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
