// The offline engine that closes the chain: espeak-ng (Debian package espeak-ng) run as a child process,
// text on stdin (so nothing in it can pass for an option), WAV on stdout. Robotic, but Jarvis always has a voice.
import { spawn } from "node:child_process";
import { ClientError } from "../../clients/errors.js";
import { wavFrom } from "./decode.js";
import { DEFAULT_TIMEOUT_MS, type TtsEngine } from "./engine.js";
import type { Audio } from "./audio.js";

export interface EspeakOptions {
  /** espeak-ng voice (`espeak-ng --voices`); default en-gb, the nearest to a British butler. */
  voice?: string;
  /** Words per minute (espeak-ng -s), default 165. */
  wordsPerMinute?: number;
  /** The program, default espeak-ng on PATH. */
  binary?: string;
  timeoutMs?: number;
}

const SERVICE = "espeak-ng";

export class EspeakEngine implements TtsEngine {
  readonly name = "espeak";
  readonly label = SERVICE;
  readonly voice: string;
  readonly settings: string;
  readonly timeoutMs: number;
  private readonly binary: string;
  private readonly wpm: number;

  constructor(opts: EspeakOptions = {}) {
    this.voice = opts.voice ?? "en-gb";
    this.wpm = opts.wordsPerMinute ?? 165;
    this.binary = opts.binary ?? "espeak-ng";
    this.settings = `wpm=${this.wpm}`;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS.espeak;
  }

  async synthesize(text: string, signal: AbortSignal): Promise<Audio> {
    // -b 1: the input is UTF-8; --stdin: read all of it, not line by line.
    const args = ["--stdout", "--stdin", "-b", "1", "-v", this.voice, "-s", String(this.wpm)];
    return wavFrom(SERVICE, await this.run(args, text, signal));
  }

  async health(signal: AbortSignal): Promise<void> {
    await this.run(["--version"], "", signal);
  }

  async close(): Promise<void> {}

  private run(args: string[], input: string, signal: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, { stdio: ["pipe", "pipe", "pipe"], signal });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => out.push(c));
      child.stderr.on("data", (c: Buffer) => err.push(c));
      child.stdin.on("error", () => {}); // the child may exit before reading everything (bad voice)
      child.once("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") {
          reject(new ClientError(SERVICE, "unreachable", `${this.binary} is not installed (Debian: apt-get install espeak-ng)`));
        } else if (e.name === "AbortError") {
          reject(new ClientError(SERVICE, "timeout", "synthesis was stopped", { cause: e }));
        } else {
          reject(new ClientError(SERVICE, "upstream", e.message, { cause: e }));
        }
      });
      child.once("close", (code) => {
        if (code === 0) resolve(Buffer.concat(out));
        else if (!signal.aborted) {
          const why = Buffer.concat(err).toString("utf8").trim() || `exit code ${code}`;
          reject(new ClientError(SERVICE, "bad_request", why));
        }
      });
      child.stdin.end(input);
    });
  }
}
