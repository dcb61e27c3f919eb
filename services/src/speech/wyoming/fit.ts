// One streamed reply is one audio stream to its listener: HA writes the WAV header from the first sentence's
// audio-start and plays every later chunk as that format. A sentence in another format (the TTS chain fell back
// to an engine with another rate) is brought to the first one's: 16-bit PCM, channels averaged or repeated,
// the rate changed by linear interpolation (speech, not music: plenty here).
import { AudioFormatError, type Pcm, type PcmFormat, sameFormat } from "../stt/wav.js";

function toMono(pcm: Buffer, channels: number): Int16Array {
  const frames = Math.floor(pcm.length / (2 * channels));
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += pcm.readInt16LE((f * channels + c) * 2);
    out[f] = Math.round(sum / channels);
  }
  return out;
}

function resample(samples: Int16Array, from: number, to: number): Int16Array {
  if (from === to || samples.length === 0) return samples;
  const out = new Int16Array(Math.max(1, Math.round((samples.length * to) / from)));
  const step = from / to;
  for (let i = 0; i < out.length; i++) {
    const at = i * step;
    const lo = Math.min(Math.floor(at), samples.length - 1);
    const hi = Math.min(lo + 1, samples.length - 1);
    out[i] = Math.round(samples[lo]! + (samples[hi]! - samples[lo]!) * (at - lo));
  }
  return out;
}

/** The PCM of `pcm` in format `to`. */
export function fitPcm(pcm: Pcm, to: PcmFormat): Buffer {
  if (sameFormat(pcm, to)) return pcm.pcm;
  if (pcm.width !== 2 || to.width !== 2) throw new AudioFormatError("only 16-bit audio can be brought to another format");
  const mono = resample(toMono(pcm.pcm, pcm.channels), pcm.rate, to.rate);
  const out = Buffer.alloc(mono.length * 2 * to.channels);
  for (let f = 0; f < mono.length; f++) for (let c = 0; c < to.channels; c++) out.writeInt16LE(mono[f]!, (f * to.channels + c) * 2);
  return out;
}
