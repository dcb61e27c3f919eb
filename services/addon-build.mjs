// `npm run build:addon`: makes addon/ a complete Docker build context. The server is bundled with esbuild into
// addon/rootfs/app/main.js and its chunks (bundle.mjs), the SQL migrations go beside it, the built card and
// ingress page go to app/frontend (where the bundle's server looks by default), and a package.json lists the
// one native dependency the image installs for its own architecture (better-sqlite3).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildCard } from "../frontend-card/build.mjs";
import { bundleServer, NATIVE } from "./bundle.mjs";

const SERVICES = import.meta.dirname;
const OUT = path.resolve(SERVICES, "../addon/rootfs/app");
// BUNDLED_FRONTEND in src/api/static.ts: the folder beside main.js the server serves the frontend from.
const FRONTEND = path.join(OUT, "frontend");
// The Node major of the image (Alpine's nodejs, checked in the Dockerfile): the bundle's target and the
// manifest's engines.
const NODE_MAJOR = 22;

const pkg = (file) => JSON.parse(readFileSync(file, "utf8"));
const services = pkg(path.join(SERVICES, "package.json"));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await bundleServer({ name: "main", entry: path.join(SERVICES, "src/main.ts"), outdir: OUT, nodeMajor: NODE_MAJOR });
cpSync(path.join(SERVICES, "src/store/migrations"), path.join(OUT, "migrations"), { recursive: true });
// The shell parser's WebAssembly (tools/shell/parser.ts looks beside the bundle first); without it every
// execute_ssh command would be RED.
for (const wasm of ["web-tree-sitter/web-tree-sitter.wasm", "tree-sitter-bash/tree-sitter-bash.wasm"]) {
  cpSync(path.resolve(SERVICES, "../node_modules", wasm), path.join(OUT, path.basename(wasm)));
}
await buildCard({ outdir: FRONTEND });
// The exact versions the tests ran against, not the ranges in services/package.json.
const dependencies = Object.fromEntries(
  NATIVE.map((name) => [name, pkg(path.resolve(SERVICES, "../node_modules", name, "package.json")).version]),
);
const manifest = {
  name: "jarvis-addon",
  version: services.version,
  private: true,
  type: "module",
  engines: { node: `>=${NODE_MAJOR}` },
  dependencies,
};
writeFileSync(path.join(OUT, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`add-on context ready: ${path.relative(process.cwd(), OUT)} (version ${services.version})`);
