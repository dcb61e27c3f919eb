// Bundles the server into dist/main.js and the demo into dist/demo.js (dependencies stay in node_modules), and
// puts the SQL migrations beside them, where the store looks for them.
import { cpSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
await build({
  // The demo bundles the emulators from test/emulators; the real server never loads them.
  entryPoints: { main: "src/main.ts", demo: "test/emulators/demo.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
cpSync("src/store/migrations", "dist/migrations", { recursive: true });
