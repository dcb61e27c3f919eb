// Bundles the server into dist/main.js (dependencies stay in node_modules) and puts the SQL migrations
// beside it, where the store looks for them.
import { cpSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
cpSync("src/store/migrations", "dist/migrations", { recursive: true });
