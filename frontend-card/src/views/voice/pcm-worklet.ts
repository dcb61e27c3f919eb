// The AudioWorklet that turns the microphone into what Jarvis's speech-to-text reads: 16 kHz mono 16-bit PCM,
// posted every 100 ms while the person speaks. It runs on the audio thread, so it is plain JavaScript in a
// string, loaded from a blob URL (one bundle, nothing more for HA to serve). The context runs at the device's
// rate (browsers differ in what they allow); each output sample is the mean of the input samples it covers,
// which also keeps frequencies above 8 kHz out.
export const PCM_RATE = 16_000;
const CHUNK_SAMPLES = 1_600;

const SOURCE = `
class JarvisPcm extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / ${PCM_RATE};
    this.out = new Int16Array(${CHUNK_SAMPLES});
    this.filled = 0;
    this.sum = 0;
    this.count = 0;
    this.until = this.step;
    this.at = 0;
    // "flushed" marks the end: the recorder knows the last samples have arrived, whether or not there were any.
    this.port.onmessage = (e) => { if (e.data === "flush") { this.flush(); this.port.postMessage("flushed"); } };
  }
  flush() {
    if (this.filled > 0) this.port.postMessage(this.out.slice(0, this.filled));
    this.filled = 0;
  }
  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) return true;
    for (let i = 0; i < input.length; i++) {
      this.sum += input[i];
      this.count++;
      this.at++;
      if (this.at < this.until) continue;
      const v = Math.max(-1, Math.min(1, this.sum / this.count));
      this.out[this.filled++] = v < 0 ? v * 0x8000 : v * 0x7fff;
      this.sum = 0;
      this.count = 0;
      this.until += this.step;
      if (this.filled === this.out.length) this.flush();
    }
    return true;
  }
}
registerProcessor("jarvis-pcm", JarvisPcm);
`;

let moduleUrl: string | undefined;

/** The worklet's module, as a blob URL made once per page. */
export function pcmWorkletUrl(): string {
  moduleUrl ??= URL.createObjectURL(new Blob([SOURCE], { type: "text/javascript" }));
  return moduleUrl;
}
