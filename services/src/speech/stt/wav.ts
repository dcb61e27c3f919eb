// Audio as the STT side sees it: raw PCM with its format, or an encoded file (WAV from the API, WebM/Ogg Opus
// from a browser's MediaRecorder). WAV is read and written here without any tool; the rest is only sniffed.

export interface PcmFormat {
  /** Samples per second. */
  rate: number;
  /** Bytes per sample (2 = 16-bit). */
  width: number;
  channels: number;
}

export interface Pcm extends PcmFormat {
  pcm: Buffer;
}

/** What `transcribe` accepts: PCM with its format (Wyoming, the WS voice stream) or an encoded file. */
export type AudioInput = Pcm | { file: Buffer };

export type Container = "wav" | "webm" | "ogg" | "flac" | "mp3" | "mp4";

/** The format pocketsphinx's acoustic model was trained on, and what Whisper services like best. */
export const SPEECH_FORMAT: PcmFormat = { rate: 16_000, width: 2, channels: 1 };

export class AudioFormatError extends Error {
  override readonly name = "AudioFormatError";
}

/** Recognises a container by its magic bytes; undefined when it is none we know. */
export function sniffContainer(data: Buffer): Container | undefined {
  if (data.length < 12) return undefined;
  const ascii = (start: number, end: number) => data.subarray(start, end).toString("latin1");
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WAVE") return "wav";
  if (data.readUInt32BE(0) === 0x1a45dfa3) return "webm"; // EBML: WebM and Matroska
  if (ascii(0, 4) === "OggS") return "ogg";
  if (ascii(0, 4) === "fLaC") return "flac";
  if (ascii(4, 8) === "ftyp") return "mp4";
  if (ascii(0, 3) === "ID3" || (data[0] === 0xff && (data[1]! & 0xe0) === 0xe0)) return "mp3";
  return undefined;
}

export function isPcm(audio: AudioInput): audio is Pcm {
  return "pcm" in audio;
}

export function sameFormat(a: PcmFormat, b: PcmFormat): boolean {
  return a.rate === b.rate && a.width === b.width && a.channels === b.channels;
}

export function checkFormat(f: PcmFormat): void {
  const ok =
    Number.isInteger(f.rate) &&
    f.rate >= 8_000 &&
    f.rate <= 192_000 &&
    [1, 2, 3, 4].includes(f.width) &&
    Number.isInteger(f.channels) &&
    f.channels >= 1 &&
    f.channels <= 8;
  if (!ok) throw new AudioFormatError(`unsupported PCM format: ${f.rate} Hz, ${f.width} bytes, ${f.channels} channels`);
}

/** Wraps little-endian signed PCM in a 44-byte RIFF/WAVE header. */
export function pcmToWav({ pcm, rate, width, channels }: Pcm): Buffer {
  checkFormat({ rate, width, channels });
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * width * channels, 28);
  header.writeUInt16LE(width * channels, 32);
  header.writeUInt16LE(width * 8, 34);
  header.write("data", 36, "latin1");
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/** The header of a WAV whose length is not known yet (audio still arriving): sizes as large as they go. */
export function streamingWavHeader(format: PcmFormat): Buffer {
  const header = pcmToWav({ pcm: Buffer.alloc(0), ...format });
  header.writeUInt32LE(0x7fffffff, 4);
  header.writeUInt32LE(0x7fffffff - 36, 40);
  return header;
}

/**
 * Reads the fmt and data chunks of a PCM WAV, skipping any other chunks (LIST, fact...). A data size of
 * 0 or 0xFFFFFFFF (written by tools that stream, espeak-ng and sox to a pipe) means "to the end".
 */
export function parseWav(wav: Buffer): Pcm {
  if (wav.length < 12 || sniffContainer(wav) !== "wav") throw new AudioFormatError("not a RIFF/WAVE file");
  let format: PcmFormat | undefined;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = wav.toString("latin1", at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > wav.length) throw new AudioFormatError("WAV fmt chunk is truncated");
      const tag = wav.readUInt16LE(body);
      // 0xFFFE (extensible) carries plain PCM for the sample widths we accept.
      if (tag !== 1 && tag !== 0xfffe) throw new AudioFormatError(`WAV encoding ${tag} is not PCM`);
      format = {
        channels: wav.readUInt16LE(body + 2),
        rate: wav.readUInt32LE(body + 4),
        width: wav.readUInt16LE(body + 14) / 8,
      };
      checkFormat(format);
    } else if (id === "data") {
      if (!format) throw new AudioFormatError("WAV data chunk comes before its fmt chunk");
      const end = size === 0 || size === 0xffffffff ? wav.length : Math.min(wav.length, body + size);
      const frame = format.width * format.channels;
      const pcm = wav.subarray(body, end - ((end - body) % frame));
      return { ...format, pcm };
    }
    at = body + size + (size % 2);
  }
  throw new AudioFormatError("WAV file has no data chunk");
}

/** Seconds of audio in a PCM buffer. */
export function durationOf({ pcm, rate, width, channels }: Pcm): number {
  return pcm.length / (rate * width * channels);
}
