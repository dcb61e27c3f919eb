// Real audio for the emulated engines: a short tone whose length grows with the text (60 ms a character,
// 200 ms at least), as 16-bit little-endian PCM or a WAV file. Written here, independent of the server's
// own WAV code, so the tests check one against the other.

export interface ToneFormat {
  rate: number;
  /** Tone pitch, so each emulated engine "sounds" different. */
  hz: number;
}

export function tonePcm(text: string, format: ToneFormat): Buffer {
  const seconds = Math.max(0.2, text.length * 0.06);
  const samples = Math.round(seconds * format.rate);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const fade = Math.min(1, i / 200, (samples - i) / 200); // no clicks at either end
    pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * format.hz * i) / format.rate) * 9000 * fade), i * 2);
  }
  return pcm;
}

/** A mono 16-bit WAV; `extraChunk` puts a LIST chunk before the data, as some producers do. */
export function toneWav(text: string, format: ToneFormat, extraChunk = false): Buffer {
  const pcm = tonePcm(text, format);
  const fmt = Buffer.alloc(24);
  fmt.write("fmt ", 0, "ascii");
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8); // PCM
  fmt.writeUInt16LE(1, 10); // mono
  fmt.writeUInt32LE(format.rate, 12);
  fmt.writeUInt32LE(format.rate * 2, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const list = extraChunk ? Buffer.concat([Buffer.from("LIST", "ascii"), u32(4), Buffer.from("INFO", "ascii")]) : Buffer.alloc(0);
  const data = Buffer.concat([Buffer.from("data", "ascii"), u32(pcm.length), pcm]);
  const body = Buffer.concat([Buffer.from("WAVE", "ascii"), fmt, list, data]);
  return Buffer.concat([Buffer.from("RIFF", "ascii"), u32(body.length), body]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
