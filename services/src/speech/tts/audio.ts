// Every engine's output ends as the same thing: a canonical 16-bit PCM WAV buffer with a known format, so the
// cache, the Wyoming server and the players never guess. Parsing is lenient where real producers are sloppy
// (espeak-ng --stdout and streamed answers leave the sizes at 0x7fffffff), strict where it matters (PCM only).

export interface AudioFormat {
  /** Samples per second. */
  rate: number;
  /** Bytes per sample (2 for 16-bit). */
  width: number;
  channels: number;
}

export interface Audio {
  /** The whole canonical WAV file (44-byte header + PCM). */
  wav: Buffer;
  /** The PCM samples: a view into `wav`. */
  pcm: Buffer;
  format: AudioFormat;
}

export class WavError extends Error {
  override readonly name = "WavError";
}

const HEADER_BYTES = 44;
const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Wraps raw little-endian PCM samples in a canonical WAV header. */
export function pcmToAudio(pcm: Buffer, format: AudioFormat): Audio {
  const frame = format.width * format.channels;
  // A half frame at the end (a cut stream) would shift every later sample; drop it.
  const whole = pcm.subarray(0, pcm.length - (pcm.length % frame));
  const wav = Buffer.alloc(HEADER_BYTES + whole.length);
  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(36 + whole.length, 4);
  wav.write("WAVE", 8, "ascii");
  wav.write("fmt ", 12, "ascii");
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(FORMAT_PCM, 20);
  wav.writeUInt16LE(format.channels, 22);
  wav.writeUInt32LE(format.rate, 24);
  wav.writeUInt32LE(format.rate * frame, 28);
  wav.writeUInt16LE(frame, 32);
  wav.writeUInt16LE(format.width * 8, 34);
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(whole.length, 40);
  whole.copy(wav, HEADER_BYTES);
  return { wav, pcm: wav.subarray(HEADER_BYTES), format: { ...format } };
}

/** Reads a PCM WAV file (any chunk layout) and returns it in canonical form. */
export function parseWav(buf: Buffer): Audio {
  if (buf.length < 12 || buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") {
    throw new WavError("not a WAV file (no RIFF/WAVE header)");
  }
  let format: AudioFormat | undefined;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString("ascii", offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      format = readFormat(buf.subarray(body, body + size));
    } else if (id === "data") {
      if (!format) throw new WavError("WAV data chunk before its fmt chunk");
      // Streamed WAVs announce a huge or zero size; the samples are whatever follows.
      const end = size === 0 || body + size > buf.length ? buf.length : body + size;
      return pcmToAudio(buf.subarray(body, end), format);
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw new WavError("WAV file has no data chunk");
}

function readFormat(fmt: Buffer): AudioFormat {
  if (fmt.length < 16) throw new WavError("WAV fmt chunk is too short");
  let tag = fmt.readUInt16LE(0);
  if (tag === FORMAT_EXTENSIBLE && fmt.length >= 26) tag = fmt.readUInt16LE(24); // the sub-format GUID's first bytes
  const bits = fmt.readUInt16LE(14);
  if (tag !== FORMAT_PCM || bits !== 16) {
    throw new WavError(`WAV is not 16-bit PCM (format ${tag}, ${bits} bits)`);
  }
  const channels = fmt.readUInt16LE(2);
  const rate = fmt.readUInt32LE(4);
  if (channels < 1 || rate < 1) throw new WavError("WAV fmt chunk has no channels or no sample rate");
  return { rate, width: 2, channels };
}

export function durationMs(audio: Audio): number {
  const { rate, width, channels } = audio.format;
  return (audio.pcm.length / (rate * width * channels)) * 1000;
}
