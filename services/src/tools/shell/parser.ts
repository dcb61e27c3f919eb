// The shell parser adapter: bash source -> a plain syntax tree (ShNode) that the rest of the classifier reads.
//
// Parser: tree-sitter-bash (the grammar the tree-sitter project maintains) through web-tree-sitter. Both ship
// their .wasm inside the npm package, so nothing is fetched at run time, and a parse takes well under a
// millisecond once loaded. sh-syntax (mvdan/sh in WASM) was tried first: its AST export drops the contents of
// every command (a Stmt's Cmd comes back as positions only), it starts a fresh Go runtime per call (~10 ms) and
// is async only. tree-sitter recovers from errors instead of failing; callers treat any ERROR or MISSING node
// as "not proven" (ssh-classifier never turns a tree with errors GREEN).
//
// The WebAssembly (about 3 MB resident) is loaded once, by loadShellParser, when SSH is configured (app.ts) or
// execute_ssh is first assessed; classifying stays synchronous after that. Until it has loaded, or when the
// .wasm cannot be found (a bundle that left it out), parseShell returns null and the classifier makes every
// command RED.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Language, Parser, type Node } from "web-tree-sitter";

export interface ShNode {
  type: string;
  /** Source text of the node (for a heredoc body, its lines). */
  text: string;
  start: number;
  end: number;
  named: boolean;
  /** The grammar's field name for this child in its parent (name, argument, redirect, destination...). */
  field: string | null;
  children: ShNode[];
}

export interface ShellTree {
  root: ShNode;
  /** The parser recovered from a syntax error somewhere (ERROR or MISSING nodes). */
  hasError: boolean;
}

/** The .wasm next to the running module (a bundle that copies it there) or inside the npm package. */
function wasmBytes(packageFile: string, fileName: string): Uint8Array {
  const beside = fileURLToPath(new URL(`./${fileName}`, import.meta.url));
  if (existsSync(beside)) return readFileSync(beside);
  return readFileSync(createRequire(import.meta.url).resolve(packageFile));
}

async function load(): Promise<Parser | { error: string }> {
  try {
    await Parser.init({ wasmBinary: wasmBytes("web-tree-sitter/web-tree-sitter.wasm", "web-tree-sitter.wasm") });
    const bash = await Language.load(wasmBytes("tree-sitter-bash/tree-sitter-bash.wasm", "tree-sitter-bash.wasm"));
    const parser = new Parser();
    parser.setLanguage(bash);
    return parser;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

let loaded: Parser | { error: string } = { error: "it has not been loaded" };
let loading: Promise<string | null> | undefined;

/** Loads the parser once; resolves to why it is unavailable, or null when it loaded. */
export function loadShellParser(): Promise<string | null> {
  return (loading ??= load().then((result) => {
    loaded = result;
    return "error" in result ? result.error : null;
  }));
}

/** Why the parser is unavailable right now, or null when it is loaded. */
export const parserLoadError = (): string | null => ("error" in loaded ? loaded.error : null);

function copy(node: Node, field: string | null): ShNode {
  const children: ShNode[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child) children.push(copy(child, node.fieldNameForChild(i)));
  }
  return { type: node.isMissing ? "MISSING" : node.type, text: node.text, start: node.startIndex, end: node.endIndex, named: node.isNamed, field, children };
}

/** Parses a bash command line; null when the parser could not be loaded. */
export function parseShell(source: string): ShellTree | null {
  if ("error" in loaded) return null;
  const tree = loaded.parse(source);
  if (!tree) return null;
  try {
    return { root: copy(tree.rootNode, null), hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

/** Every node below `node` (itself included), depth first. */
export function* walk(node: ShNode): Generator<ShNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}
