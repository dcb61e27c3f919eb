// One Wyoming connection: events are handled strictly in order (audio chunks must append in order, and an
// answer must not overtake the one before it). Serves describe, ping, synthesize (-> audio-start, chunks,
// audio-stop), streaming synthesis (synthesize-start/-chunk/-stop -> each sentence's audio as soon as it is
// written, then synthesize-stopped: stream.ts), transcribe + audio-start/chunk/stop (-> transcript) and
// transcript (-> handled or not-handled, HA's Wyoming conversation flow for a `handle` program). Everything
// else gets an `error` event.
import type { Socket } from "node:net";
import { ClientError } from "../../clients/errors.js";
import type { Logger } from "../../log.js";
import type { AudioInput, Pcm, PcmFormat } from "../stt/wav.js";
import { AudioFormatError, checkFormat, parseWav } from "../stt/wav.js";
import { encodeEvent, EventParser, isRecord, type Parsed, type ParserLimits, type WyomingEvent } from "./codec.js";
import { SynthesisStream } from "./stream.js";

export interface WyomingStt {
  transcribe(audio: AudioInput, opts: { language?: string; signal?: AbortSignal }): Promise<{ text: string }>;
}

export interface WyomingTts {
  /** A WAV of the spoken text; `voice` is the name the client picked from our info, if any. */
  synthesize(text: string, opts: { voice?: string; signal: AbortSignal }): Promise<{ wav: Buffer }>;
  /**
   * One streamed answer's voice: every sentence of it in the same engine (a reply session of the TTS chain).
   * Without it each sentence is synthesized on its own.
   */
  session?(opts: { voice?: string }): { speak(text: string, signal: AbortSignal): Promise<{ wav: Buffer }> };
}

export interface HandleContext {
  conversationId?: string;
  deviceId?: string;
  satelliteId?: string;
  language?: string;
  signal: AbortSignal;
}

/** Answers a sentence (the agent); the answer is spoken by HA. */
export type WyomingHandler = (text: string, context: HandleContext) => Promise<string>;

export interface SessionDeps {
  stt: WyomingStt | null;
  tts: WyomingTts | null;
  handle: WyomingHandler | null;
  info: Record<string, unknown>;
  version: string;
  log: Logger;
  limits: ParserLimits & { maxAudioBytes: number; samplesPerChunk: number };
}

type ErrorCode = "bad-header" | "bad-data" | "too-large" | "unsupported" | "bad-state" | "stt-failed" | "tts-failed";

interface AudioStream extends PcmFormat {
  chunks: Buffer[];
  bytes: number;
  /** Set once the stream broke a limit: later chunks are dropped and audio-stop answers nothing. */
  refused: boolean;
}

const MAX_QUEUED = 64;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function explain(err: unknown): string {
  return err instanceof ClientError ? err.explain() : err instanceof Error ? err.message : String(err);
}

export class WyomingSession {
  private readonly parser: EventParser;
  private readonly abort = new AbortController();
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private language: string | undefined;
  private audio: AudioStream | undefined;
  /** The streamed synthesis between synthesize-start and synthesize-stop. */
  private stream: SynthesisStream | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly deps: SessionDeps,
  ) {
    this.parser = new EventParser(deps.limits);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => this.abort.abort());
    socket.on("error", (err) => deps.log.debug({ err: err.message }, "wyoming connection error"));
  }

  /** Ends the connection and cancels work in progress. */
  destroy(): void {
    this.abort.abort();
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    for (const item of this.parser.push(chunk)) {
      this.queued++;
      // A client that sends faster than we answer waits in TCP, not in our memory.
      if (this.queued > MAX_QUEUED) this.socket.pause();
      this.chain = this.chain.then(() => this.process(item)).finally(() => {
        if (--this.queued <= MAX_QUEUED / 2) this.socket.resume();
      });
    }
  }

  private async process(item: Parsed): Promise<void> {
    if (this.abort.signal.aborted) return;
    if ("error" in item) {
      await this.sendError(item.error.code, item.error.text);
      if (item.error.fatal) this.socket.end();
      return;
    }
    try {
      await this.dispatch(item.event);
    } catch (err) {
      this.deps.log.warn({ type: item.event.type, err: explain(err) }, "wyoming event failed");
      await this.sendError("bad-state", `${item.event.type} failed: ${explain(err)}`);
    }
  }

  private async dispatch({ type, data, payload }: WyomingEvent): Promise<void> {
    switch (type) {
      case "describe":
        return this.send({ type: "info", data: this.deps.info });
      case "ping":
        return this.send({ type: "pong", data: str(data.text) ? { text: data.text } : {} });
      case "transcribe":
        if (!this.deps.stt) return this.sendError("unsupported", "this server has no speech to text");
        this.language = str(data.language);
        this.audio = undefined;
        return;
      case "audio-start":
        return this.audioStart(data);
      case "audio-chunk":
        return this.audioChunk(data, payload);
      case "audio-stop":
        return this.audioStop();
      case "synthesize":
        // HA sends the whole text again inside a stream, for servers that do not stream: not spoken twice.
        if (this.stream) return;
        return this.synthesize(data);
      case "synthesize-start":
        return this.synthesizeStart(data);
      case "synthesize-chunk":
        if (!this.stream) return this.sendError("bad-state", "synthesize-chunk without synthesize-start");
        if (typeof data.text === "string") this.stream.push(data.text);
        return;
      case "synthesize-stop":
        return this.synthesizeStop();
      case "transcript":
        return this.handleTranscript(data);
      default:
        return this.sendError("unsupported", `event type "${type}" is not served here`);
    }
  }

  private readFormat(data: Record<string, unknown>): PcmFormat {
    const format = { rate: Number(data.rate), width: Number(data.width), channels: Number(data.channels) };
    checkFormat(format);
    return format;
  }

  private async audioStart(data: Record<string, unknown>): Promise<void> {
    // A refused stream still swallows its chunks quietly: one error per stream, not one per chunk.
    const refuse = (code: ErrorCode, text: string) => {
      this.audio = { rate: 0, width: 0, channels: 0, chunks: [], bytes: 0, refused: true };
      return this.sendError(code, text);
    };
    if (!this.deps.stt) return refuse("unsupported", "this server has no speech to text");
    try {
      this.audio = { ...this.readFormat(data), chunks: [], bytes: 0, refused: false };
    } catch (err) {
      return refuse("bad-data", `audio-start: ${explain(err)}`);
    }
  }

  private async audioChunk(data: Record<string, unknown>, payload: Buffer | undefined): Promise<void> {
    const audio = this.audio;
    if (!audio) return this.sendError("bad-state", "audio-chunk without audio-start");
    if (audio.refused || !payload) return;
    const differs = data.rate !== audio.rate || data.width !== audio.width || data.channels !== audio.channels;
    if (data.rate !== undefined && differs) {
      audio.refused = true;
      return this.sendError("bad-data", "audio-chunk format differs from audio-start");
    }
    if (audio.bytes + payload.length > this.deps.limits.maxAudioBytes) {
      audio.refused = true;
      return this.sendError("too-large", `the audio stream is over ${this.deps.limits.maxAudioBytes} bytes`);
    }
    audio.chunks.push(payload);
    audio.bytes += payload.length;
  }

  private async audioStop(): Promise<void> {
    const audio = this.audio;
    this.audio = undefined;
    if (!audio) return this.sendError("bad-state", "audio-stop without audio-start");
    if (audio.refused) return;
    const pcm: Pcm = { rate: audio.rate, width: audio.width, channels: audio.channels, pcm: Buffer.concat(audio.chunks) };
    try {
      const { text } = await this.deps.stt!.transcribe(pcm, { language: this.language, signal: this.abort.signal });
      await this.send({ type: "transcript", data: { text, ...(this.language ? { language: this.language } : {}) } });
    } catch (err) {
      await this.sendError("stt-failed", explain(err));
    }
  }

  private async synthesize(data: Record<string, unknown>): Promise<void> {
    if (!this.deps.tts) return this.sendError("unsupported", "this server has no text to speech");
    const text = str(data.text);
    if (!text) return this.sendError("bad-data", "synthesize needs a non-empty text");
    const voice = isRecord(data.voice) ? str(data.voice.name) : undefined;
    let pcm: Pcm;
    try {
      const { wav } = await this.deps.tts.synthesize(text, { voice, signal: this.abort.signal });
      pcm = parseWav(wav);
    } catch (err) {
      const why = err instanceof AudioFormatError ? `the TTS engine returned unusable audio: ${err.message}` : explain(err);
      return this.sendError("tts-failed", why);
    }
    await this.sendAudio(pcm, 0);
  }

  /** audio-start, chunks of samplesPerChunk, audio-stop, timed from `startMs`; resolves with the end (ms). */
  private async sendAudio(pcm: Pcm, startMs: number): Promise<number> {
    const format = { rate: pcm.rate, width: pcm.width, channels: pcm.channels };
    const step = this.deps.limits.samplesPerChunk * pcm.width * pcm.channels;
    const msAt = (offset: number) => startMs + Math.round((offset / (pcm.rate * pcm.width * pcm.channels)) * 1000);
    await this.send({ type: "audio-start", data: { ...format, timestamp: startMs } });
    for (let at = 0; at < pcm.pcm.length; at += step) {
      if (this.abort.signal.aborted) return msAt(at);
      const payload = pcm.pcm.subarray(at, at + step);
      await this.send({ type: "audio-chunk", data: { ...format, timestamp: msAt(at) }, payload });
    }
    await this.send({ type: "audio-stop", data: { timestamp: msAt(pcm.pcm.length) } });
    return msAt(pcm.pcm.length);
  }

  private async synthesizeStart(data: Record<string, unknown>): Promise<void> {
    const tts = this.deps.tts;
    if (!tts) return this.sendError("unsupported", "this server has no text to speech");
    if (this.stream) return this.sendError("bad-state", "synthesize-start while a streamed synthesis is open");
    const voice = isRecord(data.voice) ? str(data.voice.name) : undefined;
    const session = tts.session?.({ voice });
    const render = session ? (text: string, signal: AbortSignal) => session.speak(text, signal) : (text: string, signal: AbortSignal) => tts.synthesize(text, { voice, signal });
    this.stream = new SynthesisStream(
      render,
      {
        audio: (pcm, startMs) => this.sendAudio(pcm, startMs),
        error: (text) => this.sendError("tts-failed", text),
        stopped: () => this.send({ type: "synthesize-stopped", data: {} }),
      },
      this.abort.signal,
      this.deps.log,
    );
  }

  private async synthesizeStop(): Promise<void> {
    const stream = this.stream;
    if (!stream) return this.sendError("bad-state", "synthesize-stop without synthesize-start");
    stream.end();
    // The next event waits until this answer is fully sent and ended.
    await stream.done;
    this.stream = undefined;
  }

  private async handleTranscript(data: Record<string, unknown>): Promise<void> {
    if (!this.deps.handle) return this.sendError("unsupported", "this server has no conversation agent");
    const text = typeof data.text === "string" ? data.text : undefined;
    if (text === undefined) return this.sendError("bad-data", "transcript needs a text");
    const ctx = isRecord(data.context) ? data.context : {};
    try {
      const answer = await this.deps.handle(text, {
        conversationId: str(ctx.conversation_id),
        deviceId: str(ctx.device_id),
        satelliteId: str(ctx.satellite_id),
        language: str(data.language),
        signal: this.abort.signal,
      });
      await this.send({ type: "handled", data: { text: answer } });
    } catch (err) {
      // HA reads not-handled as "the agent could not do it" and speaks the text.
      await this.send({ type: "not-handled", data: { text: explain(err) } });
    }
  }

  private sendError(code: ErrorCode, text: string): Promise<void> {
    return this.send({ type: "error", data: { text, code } });
  }

  private async send(event: WyomingEvent): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (!this.socket.write(encodeEvent(event, this.deps.version))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.socket.off("drain", done);
          this.socket.off("close", done);
          resolve();
        };
        this.socket.on("drain", done);
        this.socket.on("close", done);
      });
    }
  }
}
