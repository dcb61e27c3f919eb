// The `info` answer to `describe`: which programs this server offers. Field names follow wyoming's info.py
// (an Artifact has name, attribution {name, url}, installed, description, version; asr and handle
// programs list models with languages, tts programs list voices). HA picks the first installed program
// of each kind, so each kind appears once and only when the server can serve it.

export interface InfoOptions {
  sttName?: string;
  ttsName?: string;
  handleName?: string;
  /** The voice name HA shows in its TTS voice list. */
  voiceName?: string;
  languages?: readonly string[];
  version: string;
  attribution?: { name: string; url: string };
}

export interface Offered {
  stt: boolean;
  tts: boolean;
  handle: boolean;
}

const DEFAULT_NAMES = { sttName: "jarvis-stt", ttsName: "jarvis-tts", handleName: "jarvis", voiceName: "jarvis" };

export function buildInfo(opts: InfoOptions, offered: Offered): Record<string, unknown> {
  const names = { ...DEFAULT_NAMES, ...opts };
  const languages = [...(opts.languages ?? ["en"])];
  const artifact = (name: string, description: string) => ({
    name,
    description,
    attribution: opts.attribution ?? { name: "Jarvis", url: "" },
    installed: true,
    version: opts.version,
  });
  return {
    asr: offered.stt
      ? [
          {
            ...artifact(names.sttName, "Jarvis speech to text (Whisper, with offline command recognition)"),
            models: [{ ...artifact(names.sttName, "Jarvis STT"), languages }],
            supports_transcript_streaming: false,
          },
        ]
      : [],
    tts: offered.tts
      ? [
          {
            ...artifact(names.ttsName, "Jarvis text to speech"),
            voices: [{ ...artifact(names.voiceName, "The Jarvis voice"), languages, speakers: null }],
            // synthesize-start/-chunk/-stop (stream.ts): HA sends the reply as the agent writes it.
            supports_synthesize_streaming: true,
          },
        ]
      : [],
    handle: offered.handle
      ? [
          {
            ...artifact(names.handleName, "Jarvis conversation agent (cluster, home, cameras, web)"),
            models: [{ ...artifact(names.handleName, "Jarvis"), languages }],
            supports_handled_streaming: false,
            supports_home_control: true,
          },
        ]
      : [],
    intent: [],
    wake: [],
  };
}
