// `npm run build:addon`: makes addon/ a complete Docker build context. The server is bundled with esbuild into
// addon/rootfs/app/main.js and its chunks (every pure-JS dependency inside them), the SQL migrations go beside it, the built card
// and ingress page go to app/frontend (where the bundle's server looks by default), and a package.json lists
// the one native dependency the image installs for its own architecture (better-sqlite3). The build fails if
// the bundle would need any other package at run time.
import { builtinModules } from "node:module";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { buildCard } from "../frontend-card/build.mjs";

const SERVICES = import.meta.dirname;
const OUT = path.resolve(SERVICES, "../addon/rootfs/app");
// BUNDLED_FRONTEND in src/api/static.ts: the folder beside main.js the server serves the frontend from.
const FRONTEND = path.join(OUT, "frontend");
// The Node major of the image (Alpine's nodejs, checked in the Dockerfile): the bundle's target and the
// manifest's engines.
const NODE_MAJOR = 22;
const NATIVE = ["better-sqlite3"];
// Optional packages that dependencies require() inside try/catch and do without (ws, debug; undici's
// node:sqlite cache is Node 22's): left out on purpose. Anything else the bundle cannot hold fails the build.
const OPTIONAL = ["bufferutil", "utf-8-validate", "supports-color", "node:sqlite"];

// ssh2 and cpu-features try optional compiled addons inside try/catch and fall back to JavaScript; the image
// does not build them, so the bundle gets a stand-in that fails the same way a missing addon does.
const optionalNativeAddons = {
  name: "optional-native-addons",
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, namespace: "optional-native" }));
    b.onLoad({ filter: /.*/, namespace: "optional-native" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of the add-on image`)});`,
      loader: "js",
    }));
  },
};

const pkg = (file) => JSON.parse(readFileSync(file, "utf8"));
const services = pkg(path.join(SERVICES, "package.json"));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const result = await build({
  entryPoints: [path.join(SERVICES, "src/main.ts")],
  outdir: OUT,
  // Each integration's libraries are imported only when it is on (clients/load.ts, providers/load.ts, the MCP
  // endpoint on first use): split into chunks, a library that is never imported is never read or parsed.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  target: `node${NODE_MAJOR}`,
  format: "esm",
  external: NATIVE,
  // CommonJS dependencies use require(), __filename and __dirname at run time; an ES module has to define them.
  banner: {
    js: [
      'import { createRequire as __jarvisRequire } from "node:module";',
      'import { fileURLToPath as __jarvisPath } from "node:url";',
      "const require = __jarvisRequire(import.meta.url);",
      "const __filename = __jarvisPath(import.meta.url);",
      "const __dirname = __jarvisPath(new URL('.', import.meta.url));",
    ].join("\n"),
  },
  plugins: [optionalNativeAddons],
  metafile: true,
  legalComments: "none",
  // The source text stays in memory as long as the process runs: without comments and indentation it is less
  // than half the size (stack traces keep their function names; identifiers are not renamed).
  minifyWhitespace: true,
  logLevel: "warning",
});

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const outside = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const imp of output.imports) {
    const optional = imp.kind === "require-call" && OPTIONAL.includes(imp.path);
    if (imp.external && !builtins.has(imp.path) && !NATIVE.includes(imp.path) && !optional) outside.add(imp.path);
  }
}
if (outside.size > 0) {
  throw new Error(`the add-on bundle would need packages the image does not install: ${[...outside].join(", ")}`);
}

// V8 keeps a script's source for as long as it runs, one byte per character only while every character is
// Latin-1: one curly quote in a regular expression would double the memory of its whole chunk. esbuild
// escapes strings but not regular expressions, so those are written with \u escapes in the source.
for (const file of Object.keys(result.metafile.outputs)) {
  const text = readFileSync(file, "utf8");
  const wide = /[^\x00-\xff]/.exec(text);
  if (wide) {
    const near = text.slice(Math.max(0, wide.index - 60), wide.index + 20);
    throw new Error(`${file} holds a character beyond Latin-1 (write it as \\u${wide[0].charCodeAt(0).toString(16).padStart(4, "0")}): ${near}`);
  }
}

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
