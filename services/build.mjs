// `npm run build -w services`: bundles the server into dist/main.js and the demo into dist/demo.js the way
// the add-on image is bundled (bundle.mjs), so `npm start` runs with the add-on's footprint, and puts the SQL
// migrations beside them, where the store looks for them. The demo bundles the emulators from test/emulators;
// the real server never loads them.
import { cpSync, rmSync } from "node:fs";
import { bundleServer } from "./bundle.mjs";

rmSync("dist", { recursive: true, force: true });
for (const [name, entry] of [
  ["main", "src/main.ts"],
  ["demo", "test/emulators/demo.ts"],
]) {
  await bundleServer({ name, entry, outdir: "dist", nodeMajor: 20, sourcemap: true });
}
cpSync("src/store/migrations", "dist/migrations", { recursive: true });
