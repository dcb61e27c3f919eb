// Offline command recognition with Debian's pocketsphinx_continuous (packages pocketsphinx and
// pocketsphinx-en-us) constrained by a JSGF grammar of Jarvis's command phrases, so a spoken command comes
// back exactly as written. Used when no Whisper service is configured or reachable.
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ClientError } from "../../clients/errors.js";
import type { Logger } from "../../log.js";
import { toSpeechPcm } from "./convert.js";
import { buildGrammar, type Grammar } from "./grammar.js";
import { runProcess, startProcess } from "./process.js";
import { type AudioInput, pcmToWav, SPEECH_FORMAT, streamingWavHeader } from "./wav.js";

const SERVICE = "Pocketsphinx";
const MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";

export interface PocketsphinxOptions {
  /** Command phrases; `{name}` stands for any of `names`. */
  phrases: readonly string[];
  names?: readonly string[];
  binary?: string;
  /** Acoustic model directory and pronunciation dictionary (Debian's pocketsphinx-en-us by default). */
  hmm?: string;
  dict?: string;
  timeoutMs?: number;
  soxPath?: string;
  ffmpegPath?: string;
  opusdecPath?: string;
}

const DEFAULTS = {
  binary: "pocketsphinx_continuous",
  hmm: `${MODEL_DIR}/en-us`,
  dict: `${MODEL_DIR}/cmudict-en-us.dict`,
  timeoutMs: 20_000,
};

async function onPath(binary: string): Promise<boolean> {
  const dirs = binary.includes("/") ? [""] : (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    try {
      await access(dir ? path.join(dir, binary) : binary, constants.X_OK);
      return true;
    } catch {
      // try the next directory
    }
  }
  return false;
}

/** The words of a CMU-style dictionary: "word PH ONES" lines, alternates written "word(2)". */
function dictionaryWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const line of text.split("\n")) {
    const word = line.slice(0, line.indexOf(" ")).replace(/\(\d+\)$/, "");
    if (word) words.add(word);
  }
  return words;
}

/** Recognition under way while the person still speaks: 16 kHz mono 16-bit PCM in, the phrase out. */
export interface Listening {
  write(pcm: Buffer): void;
  /** The recognised phrase once the input has ended ("" when nothing in the grammar was heard). */
  finish(): Promise<string>;
  cancel(): void;
}

export class PocketsphinxRecognizer {
  private readonly opts: typeof DEFAULTS & PocketsphinxOptions;
  private phrases: readonly string[];
  private names: readonly string[];
  private lexicon: Promise<Set<string>> | undefined;
  private workDir: Promise<string> | undefined;
  /** The grammar for the current vocabulary and the file it is written to, built on first use. */
  private compiled: Promise<{ grammar: Grammar; file: string | null }> | undefined;

  constructor(
    opts: PocketsphinxOptions,
    private readonly log: Logger,
  ) {
    this.opts = { ...DEFAULTS, ...opts };
    this.phrases = opts.phrases;
    this.names = opts.names ?? [];
  }

  /** Replaces the phrases and names (entities, guests and nodes change); the grammar is rebuilt on next use. */
  setVocabulary(phrases: readonly string[], names: readonly string[]): void {
    this.phrases = phrases;
    this.names = names;
    this.compiled = undefined;
  }

  /** True when the program and its model are installed. */
  async available(): Promise<boolean> {
    const model = await access(this.opts.dict, constants.R_OK).then(
      () => access(path.join(this.opts.hmm, "mdef"), constants.R_OK).then(() => true),
      () => false,
    );
    return model && (await onPath(this.opts.binary));
  }

  async grammar(): Promise<Grammar> {
    return (await this.compile()).grammar;
  }

  /** The recognised phrase, with names written as given; "" when nothing in the grammar was heard. */
  async recognize(audio: AudioInput, signal?: AbortSignal): Promise<string> {
    const { grammar, file } = await this.compile();
    if (file === null) {
      throw new ClientError(SERVICE, "bad_request", "no command phrase can be recognised offline (the grammar is empty)");
    }
    const pcm = await toSpeechPcm(audio, { timeoutMs: this.opts.timeoutMs, signal, ...this.tools() });
    const wavFile = path.join(await this.dir(), `${randomUUID()}.wav`);
    await writeFile(wavFile, pcmToWav(pcm));
    try {
      const out = await runProcess(
        this.opts.binary,
        ["-infile", wavFile, "-jsgf", file, "-hmm", this.opts.hmm, "-dict", this.opts.dict],
        {
          service: SERVICE,
          timeoutMs: this.opts.timeoutMs,
          signal,
          missing: `${this.opts.binary} is not installed (apt-get install pocketsphinx pocketsphinx-en-us)`,
        },
      );
      // One line per utterance the decoder found between silences.
      const heard = out.toString("utf8").split("\n").map((l) => l.trim()).filter(Boolean).join(" ");
      return grammar.restore(heard);
    } finally {
      await rm(wavFile, { force: true });
    }
  }

  /**
   * Starts recognising audio that is still arriving (the card streams 16 kHz PCM as the person speaks), so the
   * model is loaded and most of the speech decoded by the time they stop. Null for other rates: those are
   * converted and recognised whole by `recognize`.
   */
  listen(rate: number, signal?: AbortSignal): Listening | null {
    if (rate !== SPEECH_FORMAT.rate) return null;
    const waiting: Buffer[] = [];
    let cancelled = false;
    const missing = `${this.opts.binary} is not installed (apt-get install pocketsphinx pocketsphinx-en-us)`;
    const started = Promise.all([this.compile(), this.available()]).then(([{ grammar, file }, installed]) => {
      if (!installed) throw new ClientError(SERVICE, "unreachable", missing);
      if (file === null) throw new ClientError(SERVICE, "bad_request", "no command phrase can be recognised offline (the grammar is empty)");
      // pocketsphinx_continuous opens its input by name: /dev/stdin works on a pipe, not on the socket Node
      // gives a child, so `cat` stands between them.
      const args = ["-infile", "/dev/stdin", "-jsgf", file, "-hmm", this.opts.hmm, "-dict", this.opts.dict];
      const running = startProcess("sh", ["-c", 'cat | "$0" "$@"', this.opts.binary, ...args], {
        service: SERVICE,
        timeoutMs: this.opts.timeoutMs,
        signal,
        missing,
      });
      running.write(streamingWavHeader(SPEECH_FORMAT));
      for (const chunk of waiting.splice(0)) running.write(chunk);
      if (cancelled) running.cancel();
      return { grammar, running };
    });
    started.catch(() => {}); // reported by finish()
    let ready: Awaited<typeof started> | undefined;
    void started.then((r) => (ready = r), () => {});
    return {
      write: (pcm) => (ready ? ready.running.write(pcm) : waiting.push(pcm)),
      finish: async () => {
        const { grammar, running } = await started;
        const out = await running.end();
        return grammar.restore(out.toString("utf8").split("\n").map((l) => l.trim()).filter(Boolean).join(" "));
      },
      cancel: () => {
        cancelled = true;
        ready?.running.cancel();
      },
    };
  }

  async close(): Promise<void> {
    const dir = this.workDir;
    this.workDir = undefined;
    if (dir) await rm(await dir, { recursive: true, force: true });
  }

  private tools(): { soxPath?: string; ffmpegPath?: string; opusdecPath?: string } {
    return { soxPath: this.opts.soxPath, ffmpegPath: this.opts.ffmpegPath, opusdecPath: this.opts.opusdecPath };
  }

  private dir(): Promise<string> {
    this.workDir ??= mkdtemp(path.join(tmpdir(), "jarvis-stt-"));
    return this.workDir;
  }

  private compile(): Promise<{ grammar: Grammar; file: string | null }> {
    this.compiled ??= (async () => {
      const lexicon = await this.loadLexicon();
      const grammar = buildGrammar(this.phrases, this.names, { knows: (w) => lexicon.has(w) });
      for (const d of grammar.dropped) {
        this.log.warn({ text: d.text, word: d.word }, "offline STT: left out of the grammar, no pronunciation");
      }
      if (grammar.jsgf === null) return { grammar, file: null };
      const file = path.join(await this.dir(), `${randomUUID()}.gram`);
      await writeFile(file, grammar.jsgf);
      return { grammar, file };
    })();
    // A failed build (dictionary missing) is retried on the next call rather than remembered.
    this.compiled.catch(() => (this.compiled = undefined));
    return this.compiled;
  }

  private loadLexicon(): Promise<Set<string>> {
    this.lexicon ??= readFile(this.opts.dict, "utf8").then(dictionaryWords, (err: unknown) => {
      this.lexicon = undefined;
      throw new ClientError(
        SERVICE,
        "unreachable",
        `the pronunciation dictionary ${this.opts.dict} cannot be read (apt-get install pocketsphinx-en-us)`,
        { cause: err },
      );
    });
    return this.lexicon;
  }
}
