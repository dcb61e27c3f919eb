// The one way the server is bundled, for `npm start` (build.mjs) and the add-on image (addon-build.mjs): every
// pure-JS dependency inside the bundle, so the process holds only the code it runs. Left outside: the native
// better-sqlite3, and optional packages that dependencies require() inside try/catch and do without (ws,
// debug; undici's node:sqlite cache is Node 22's). The build fails if the bundle would need anything else.
import { builtinModules } from "node:module";
import { readFileSync } from "node:fs";
import { build } from "esbuild";

export const NATIVE = ["better-sqlite3"];
const OPTIONAL = ["bufferutil", "utf-8-validate", "supports-color", "node:sqlite"];

// ssh2 and cpu-features try optional compiled addons inside try/catch and fall back to JavaScript; neither npm
// start nor the image builds them, so the bundle gets a stand-in that fails the same way a missing addon does.
const optionalNativeAddons = {
  name: "optional-native-addons",
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, namespace: "optional-native" }));
    b.onLoad({ filter: /.*/, namespace: "optional-native" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of this build`)});`,
      loader: "js",
    }));
  },
};

/**
 * Bundles one entry point into outdir/<name>.js and outdir/chunks/. One entry per build: code two entries
 * shared would move to a chunk, and the modules that find files beside themselves (the store's migrations, the
 * shell parser's wasm, the frontend) would look beside that chunk instead.
 */
export async function bundleServer({ name, entry, outdir, nodeMajor, sourcemap = false }) {
  const result = await build({
    entryPoints: { [name]: entry },
    outdir,
    // What is imported dynamically (a switched-off integration's client, a model SDK, the MCP SDK) stays in a
    // chunk of its own, read only when it is first imported.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    target: `node${nodeMajor}`,
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
    sourcemap,
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
  if (outside.size > 0) throw new Error(`the bundle would need packages outside it: ${[...outside].join(", ")}`);

  // V8 keeps a script's source for as long as it runs, one byte per character only while every character is
  // Latin-1: one curly quote in a regular expression would double the memory of its whole chunk. esbuild
  // escapes strings but not regular expressions, so those are written with \u escapes in the source.
  for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"))) {
    const text = readFileSync(file, "utf8");
    const wide = /[^\x00-\xff]/.exec(text);
    if (wide) {
      const near = text.slice(Math.max(0, wide.index - 60), wide.index + 20);
      throw new Error(`${file} holds a character beyond Latin-1 (write it as \\u${wide[0].charCodeAt(0).toString(16).padStart(4, "0")}): ${near}`);
    }
  }
}
