// Speech for the server: speech-to-text (Whisper when configured and up, pocketsphinx with a grammar of
// Jarvis's commands otherwise) and the Wyoming server that lets HA's Assist pipelines use Jarvis.
import type { Agent } from "../agent/agent.js";
import type { Catalog } from "../agent/fastpath/slots.js";
import { commandPhrases, spokenNames } from "../agent/fastpath/phrases.js";
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import { ApprovalWords } from "../tools/approval-words.js";
import { VERSION } from "../version.js";
import { PocketsphinxRecognizer, SpeechToText, WhisperClient } from "./stt/index.js";
import type { TtsChain } from "./tts/index.js";
import { WyomingServer } from "./wyoming/server.js";

const VOCABULARY_REFRESH_MS = 5 * 60_000;

export interface Speech {
  stt: SpeechToText;
  tts: TtsChain;
  /** Starts Wyoming (when on); resolves with its port, or null. */
  start(): Promise<number | null>;
  close(): Promise<void>;
}

export function buildSpeech(deps: {
  config: Config;
  agent: Agent;
  catalog: Catalog;
  tts: TtsChain;
  log: Logger;
  status: IntegrationStatus;
}): Speech {
  const { config, agent, catalog, tts, log } = deps;
  // Wyoming's synthesize speaks whatever HA sends (announcements, other agents' replies): never the approval
  // words, which a satellite in earshot would send back as the person's answer. (The agent's own replies are
  // redacted as it streams them.)
  const words = new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey);
  const whisper = config.speech.whisper
    ? new WhisperClient(config.speech.whisper, log.child({ client: "whisper" }), (s, d) => deps.status.set("whisper", s, d))
    : null;
  const phrases = commandPhrases();
  const pocketsphinx = config.speech.offlineStt ? new PocketsphinxRecognizer({ phrases, names: [] }, log.child({ part: "pocketsphinx" })) : null;
  const stt = new SpeechToText({ whisper, pocketsphinx }, log.child({ part: "stt" }));
  const wyoming =
    config.server.wyomingPort > 0
      ? new WyomingServer({
          port: config.server.wyomingPort,
          host: config.server.host,
          allowedPeers: config.server.wyomingAllowedPeers,
          stt,
          tts: {
            synthesize: async (text, opts) => ({ wav: (await tts.synthesize(words.redact(text), opts.signal)).audio.wav }),
            // A streamed answer (Wyoming's synthesize-start/-chunk/-stop) in one voice, sentence by sentence.
            session: () => {
              const reply = tts.session();
              return { speak: async (text, signal) => ({ wav: (await reply.speak(words.redact(text), signal)).audio.wav }) };
            },
          },
          // No "One moment." on this path: `handle` answers once, with text HA speaks after the whole turn, so
          // there is no audio to play while tools run, and the phrase put into the answer would only come after them.
          handle: async (text, ctx) =>
            (await agent.turn({ text, conversationId: ctx.conversationId, channel: "wyoming", actor: ctx.satelliteId ?? ctx.deviceId ?? "wyoming", language: ctx.language })).speech,
          log: log.child({ part: "wyoming" }),
          info: { version: VERSION },
        })
      : null;

  // The offline grammar knows the names of what can be spoken about; they change as devices and guests do.
  const refresh = async () => {
    if (!pocketsphinx) return;
    pocketsphinx.setVocabulary(phrases, await spokenNames(catalog));
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    stt,
    tts,
    start: async () => {
      const port = wyoming ? await wyoming.listen() : null;
      void tts.prewarm();
      void refresh().catch((err: unknown) => log.warn({ err }, "could not refresh the speech vocabulary"));
      timer = setInterval(() => void refresh().catch(() => undefined), VOCABULARY_REFRESH_MS);
      timer.unref();
      return port;
    },
    close: async () => {
      clearInterval(timer);
      await wyoming?.close();
      await tts.close();
    },
  };
}
