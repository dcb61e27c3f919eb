// The microphone as 16 kHz 16-bit PCM, as Home Assistant's own Assist dialog records it: an AudioWorklet
// (pcm-worklet.ts) hands over 100 ms at a time while the person speaks, so Jarvis can start recognising before
// they stop.
import { pcmWorkletUrl, PCM_RATE } from "./pcm-worklet.js";

export { PCM_RATE };

export function toBase64(pcm: Int16Array): string {
  const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export class Recorder {
  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
    private readonly source: MediaStreamAudioSourceNode,
  ) {}

  /** Asks for the microphone; rejects with the browser's reason when it is refused or missing. */
  static async open(onChunk: (pcm: Int16Array) => void): Promise<Recorder> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    const context = new AudioContext();
    try {
      await context.audioWorklet.addModule(pcmWorkletUrl());
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, "jarvis-pcm", { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: "explicit" });
      node.port.onmessage = (e: MessageEvent<Int16Array | string>) => {
        if (e.data instanceof Int16Array) onChunk(e.data);
      };
      source.connect(node);
      if (context.state === "suspended") await context.resume();
      return new Recorder(stream, context, node, source);
    } catch (err) {
      for (const track of stream.getTracks()) track.stop();
      await context.close();
      throw err;
    }
  }

  /** Stops and resolves after the last samples were handed over; none is handed over after that. */
  async stop(): Promise<void> {
    const port = this.node.port;
    const flushed = new Promise<void>((resolve) => {
      const take = port.onmessage;
      port.onmessage = (e) => (e.data === "flushed" ? resolve() : take?.call(port, e));
      setTimeout(resolve, 200);
    });
    port.postMessage("flush");
    await flushed;
    // A chunk handed over after stop would be uploaded to a recording Jarvis has already closed.
    port.onmessage = null;
    this.source.disconnect();
    for (const track of this.stream.getTracks()) track.stop();
    await this.context.close();
  }
}
