// voice/*: push-to-talk from the card. The browser streams its recording in chunks (voice/audio): 16 kHz PCM
// goes on to offline recognition as it arrives, when that is what answers; on voice/stop Jarvis transcribes
// it (or takes what recognition heard), runs the turn (its events stream like conversation/process) and, when a
// TTS side is given, speaks the reply sentence by sentence while it is still being written, with the cached
// "One moment." (audio seq "ack") once per reply when tools start to run.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { TurnEvent, TurnInput, TurnResult } from "../../agent/agent.js";
import { ClientError } from "../../clients/errors.js";
import type { Logger } from "../../log.js";
import type { SentenceSpeaker, SpokenReply } from "../../speech/spoken-reply.js";
import type { AudioInput, TranscribeOptions } from "../../speech/stt/index.js";
import { ApiError } from "../errors.js";
import { caller, command, PerConnection, relayedUser, type CommandTable, type Session } from "./command.js";

/** Recognition running while the person speaks (offline STT on streamed PCM). */
interface Listening {
  write(pcm: Buffer): void;
  finish(): Promise<{ text: string; engine: string }>;
  cancel(): void;
}

export interface VoiceDeps {
  stt: {
    transcribe(audio: AudioInput, opts: TranscribeOptions): Promise<{ text: string; engine: string }>;
    /** Recognition that starts with the first PCM chunk, or null when the recording is transcribed whole at the end. */
    listen?(rate: number, opts: TranscribeOptions): Listening | null;
  } | null;
  agent: { turn(input: TurnInput, emit: (event: TurnEvent) => void): Promise<TurnResult> };
  /** Without it, voice/stop answers in text only. */
  tts?: SentenceSpeaker | null;
  log: Logger;
  /** Largest recording, in bytes (decoded). */
  maxAudioBytes?: number;
  /** Recordings one connection may have open at once. */
  maxPerConnection?: number;
}

interface Recording {
  format: "webm" | "wav" | "pcm16";
  rate: number;
  conversationId: string | undefined;
  language: string | undefined;
  actor: string;
  actorName?: string;
  /** Whether the person may approve others' actions and RED ones, as for a typed turn. */
  admin: boolean;
  chunks: Buffer[];
  bytes: number;
  listening: Listening | null;
}

const NO_STT = "speech to text is off: set WHISPER_ENDPOINT or turn offline recognition (STT_OFFLINE) on";
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function voiceCommands(deps: VoiceDeps): CommandTable {
  const maxBytes = deps.maxAudioBytes ?? 10 * 1024 * 1024;
  const maxOpen = deps.maxPerConnection ?? 2;
  const recordings = new PerConnection<Recording>();
  const find = (session: Session, voiceId: string) => recordings.find(session, voiceId, "recording");

  /** Sends each spoken sentence as it is ready; resolves with the engine that spoke last. */
  async function speak(session: Session, id: number, reply: SpokenReply | undefined, signal: AbortSignal): Promise<string | null> {
    if (!reply) return null;
    let engine: string | null = null;
    try {
      for await (const chunk of reply.chunks(signal)) {
        if (chunk.seq !== "ack") engine = chunk.engine;
        session.sendEvent(id, { type: "audio", seq: chunk.seq, mime: "audio/wav", data: chunk.wav.toString("base64") });
      }
    } catch (err) {
      if (!signal.aborted) deps.log.warn({ err }, "voice reply: speech failed; the reply stays text only");
    }
    return engine;
  }

  return {
    "voice/start": command({
      schema: z.object({
        format: z.enum(["webm", "wav", "pcm16"]),
        rate: z.int().min(8_000).max(192_000).optional(),
        conversation_id: z.string().min(1).max(200).optional(),
        language: z.string().max(20).optional(),
        user: relayedUser.optional(),
      }),
      handle(session, msg) {
        if (!deps.stt) throw new ApiError("not_found", NO_STT);
        const open = recordings.of(session);
        if (open.size >= maxOpen) throw new ApiError("rate_limited", `at most ${maxOpen} recordings may be open on one connection`);
        const voice_id = randomUUID();
        const rate = msg.rate ?? 16_000;
        open.set(voice_id, {
          format: msg.format,
          rate,
          conversationId: msg.conversation_id,
          language: msg.language,
          ...caller(session.principal, msg.user),
          chunks: [],
          bytes: 0,
          listening: msg.format === "pcm16" ? (deps.stt.listen?.(rate, { language: msg.language, signal: session.signal }) ?? null) : null,
        });
        return { voice_id };
      },
    }),
    "voice/audio": command({
      schema: z.object({ voice_id: z.string().min(1).max(100), data: z.string().max(Math.ceil((maxBytes * 4) / 3) + 4) }),
      handle(session, msg) {
        const rec = find(session, msg.voice_id);
        if (!BASE64.test(msg.data)) throw new ApiError("invalid_format", "data must be base64");
        const chunk = Buffer.from(msg.data, "base64");
        if (rec.bytes + chunk.length > maxBytes) {
          rec.listening?.cancel();
          recordings.of(session).delete(msg.voice_id);
          throw new ApiError("payload_too_large", `the recording passed ${Math.round(maxBytes / 1024 / 1024)} MB and was dropped`);
        }
        rec.chunks.push(chunk);
        rec.bytes += chunk.length;
        rec.listening?.write(chunk);
        return { received_bytes: rec.bytes };
      },
    }),
    "voice/stop": command({
      schema: z.object({ voice_id: z.string().min(1).max(100) }),
      async handle(session, msg, id) {
        const rec = find(session, msg.voice_id);
        recordings.of(session).delete(msg.voice_id);
        if (!deps.stt) throw new ApiError("not_found", NO_STT);
        if (rec.bytes === 0) {
          rec.listening?.cancel();
          throw new ApiError("invalid_format", "no audio was sent for this recording");
        }
        const data = Buffer.concat(rec.chunks);
        const audio: AudioInput = rec.format === "pcm16" ? { pcm: data, rate: rec.rate, width: 2, channels: 1 } : { file: data };

        let heard: { text: string; engine: string };
        try {
          heard = rec.listening ? await rec.listening.finish() : await deps.stt.transcribe(audio, { language: rec.language, signal: session.signal });
        } catch (err) {
          if (err instanceof ClientError) throw new ApiError(err.kind === "bad_request" ? "invalid_format" : "internal_error", err.explain());
          throw err;
        }
        const transcript = heard.text.trim();
        session.sendEvent(id, { type: "transcript", text: transcript, engine: heard.engine });
        if (!transcript) {
          return { transcript, speech: "", conversation_id: rec.conversationId ?? null, continue_conversation: false, engine: null };
        }

        const stopSpeaking = new AbortController();
        const reply = deps.tts?.reply();
        const speaking = speak(session, id, reply, AbortSignal.any([session.signal, stopSpeaking.signal]));
        let result: TurnResult;
        try {
          // The card's voice view shows a held action's Approve button under the reply, as its chat does.
          result = await deps.agent.turn(
            { text: transcript, conversationId: rec.conversationId, channel: "voice", actor: rec.actor, personName: rec.actorName, admin: rec.admin, approveButton: true, language: rec.language, signal: session.signal },
            (event) => {
              session.sendEvent(id, event);
              if (event.type === "delta") reply?.text(event.text);
              if (event.type === "tool_start") reply?.toolsStarting();
            },
          );
        } catch (err) {
          stopSpeaking.abort(err);
          throw err;
        } finally {
          reply?.end();
        }
        const engine = await speaking;
        return {
          transcript,
          speech: result.speech,
          conversation_id: result.conversationId,
          continue_conversation: result.continueConversation,
          engine,
        };
      },
    }),
  };
}
