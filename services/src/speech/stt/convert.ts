// Brings any input to 16 kHz mono 16-bit PCM for pocketsphinx. WAV and raw PCM are handled by sox (Debian's
// sox package); sox cannot read WebM, MP4 or Opus, so those go through ffmpeg when it is installed and are
// refused with a clear error when it is not (ffmpeg is a large package and not a dependency here).
import { ClientError } from "../../clients/errors.js";
import { runProcess } from "./process.js";
import {
  AudioFormatError,
  type AudioInput,
  isPcm,
  type Pcm,
  type PcmFormat,
  parseWav,
  sameFormat,
  sniffContainer,
  SPEECH_FORMAT,
} from "./wav.js";

const SERVICE = "Audio conversion";

export interface ConvertOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  soxPath?: string;
  ffmpegPath?: string;
}

/** Reads the input as PCM without resampling: PCM as given, WAV parsed; other containers need a decoder. */
export function decodeSimple(audio: AudioInput): Pcm | undefined {
  if (isPcm(audio)) return audio;
  if (sniffContainer(audio.file) !== "wav") return undefined;
  try {
    return parseWav(audio.file);
  } catch (err) {
    if (err instanceof AudioFormatError) throw new ClientError(SERVICE, "bad_request", err.message, { cause: err });
    throw err;
  }
}

/** 16 kHz mono signed 16-bit little-endian PCM. */
export async function toSpeechPcm(audio: AudioInput, opts: ConvertOptions): Promise<Pcm> {
  const pcm = decodeSimple(audio);
  if (pcm) return sameFormat(pcm, SPEECH_FORMAT) ? pcm : resampleWithSox(pcm, opts);
  const container = isPcm(audio) ? undefined : sniffContainer(audio.file);
  if (container === undefined) {
    throw new ClientError(SERVICE, "bad_request", "the audio is in no format we recognise (send WAV, PCM, WebM or Ogg)");
  }
  const out = await runProcess(
    opts.ffmpegPath ?? "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"],
    {
      service: SERVICE,
      input: (audio as { file: Buffer }).file,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      missing:
        `${container} audio needs ffmpeg to be decoded for offline recognition, and ffmpeg is not installed: ` +
        "send WAV or 16 kHz mono PCM, install ffmpeg, or configure a Whisper service",
    },
  );
  return { ...SPEECH_FORMAT, pcm: out };
}

function soxRaw(f: PcmFormat): string[] {
  // 8-bit PCM is unsigned by WAV convention; wider samples are signed.
  const encoding = f.width === 1 ? "unsigned-integer" : "signed-integer";
  return ["-t", "raw", "-r", String(f.rate), "-b", String(f.width * 8), "-e", encoding, "-c", String(f.channels)];
}

async function resampleWithSox(pcm: Pcm, opts: ConvertOptions): Promise<Pcm> {
  const out = await runProcess(opts.soxPath ?? "sox", [...soxRaw(pcm), "-L", "-", ...soxRaw(SPEECH_FORMAT), "-L", "-"], {
    service: SERVICE,
    input: pcm.pcm,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    missing: "sox is needed to resample audio to 16 kHz mono and is not installed (apt-get install sox)",
  });
  return { ...SPEECH_FORMAT, pcm: out };
}
