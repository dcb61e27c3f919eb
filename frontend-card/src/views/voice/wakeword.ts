// "Hey Jarvis" in the browser: openWakeWord's ONNX models run by onnxruntime-web, both in a separate
// bundle (jarvis-wakeword.js) with the models and runtime in ./wakeword/, loaded only when hands-free is on.
import { loadSibling, siblingUrl } from "../../shared/lazy.js";

export interface WakeWordListener {
  stop(): Promise<void>;
}

export interface WakeWordModule {
  listen(opts: {
    assets: string;
    onDetect(score: number): void;
    onSpeechEnd(): void;
    onError(err: Error): void;
  }): Promise<WakeWordListener>;
}

export async function listenForWakeWord(handlers: { onDetect(score: number): void; onSpeechEnd(): void; onError(err: Error): void }): Promise<WakeWordListener> {
  const mod = await loadSibling<WakeWordModule>("jarvis-wakeword.js");
  return mod.listen({ assets: siblingUrl("wakeword/"), ...handlers });
}
