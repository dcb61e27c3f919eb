// The microphone as MediaRecorder chunks, base64-encoded for voice/audio.

export const RECORDING_MIME = "audio/webm;codecs=opus";
const CHUNK_MS = 250;

export async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export class Recorder {
  private constructor(
    private readonly stream: MediaStream,
    private readonly recorder: MediaRecorder,
  ) {}

  /** Asks for the microphone; rejects with the browser's reason when it is refused or missing. */
  static async open(onChunk: (blob: Blob) => void): Promise<Recorder> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
    const recorder = new MediaRecorder(stream, MediaRecorder.isTypeSupported(RECORDING_MIME) ? { mimeType: RECORDING_MIME } : {});
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) onChunk(e.data);
    };
    recorder.start(CHUNK_MS);
    return new Recorder(stream, recorder);
  }

  /** Stops and resolves after the last chunk was handed over. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.recorder.addEventListener("stop", () => resolve(), { once: true });
      this.recorder.stop();
      for (const track of this.stream.getTracks()) track.stop();
    });
  }
}
