// The built frontend: /jarvis-card.js (the Lovelace card, public and cacheable, revalidated by ETag) and the
// ingress page at / (never cached, so an add-on update shows at once). Both come from frontend-card/dist (in
// the add-on, the frontend folder beside the bundle), read when asked for, so building the card while the
// server runs just works; until it is built they answer 503 with what to do.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import express from "express";
import { fileURLToPath } from "node:url";
import type { RequestHandler } from "express";
import type { Logger } from "../log.js";

export const CARD_FILE = "jarvis-card.js";
export const PAGE_FILE = "index.html";
const BUILD_HINT = "build it with `npm run build -w frontend-card`";

/** Where `npm run build:addon` puts the built frontend, beside the add-on's bundle (/app/frontend in the image). */
export const BUNDLED_FRONTEND = "frontend";

/**
 * The add-on bundle's sibling frontend folder when there is one; otherwise frontend-card/dist of this checkout,
 * looked for from this module upwards, so it is found both from src/ (tests, tsx) and from services/dist/.
 */
export function defaultFrontendDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  const beside = path.join(from, BUNDLED_FRONTEND);
  if (existsSync(beside)) return beside;
  for (let dir = from, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "frontend-card");
    if (existsSync(candidate)) return path.join(candidate, "dist");
  }
  return path.resolve(from, "../../../frontend-card/dist");
}

interface Loaded {
  body: Buffer;
  etag: string;
  mtimeMs: number;
  size: number;
}

export class FrontendFiles {
  /** The last read of each file, kept while its size and mtime stay the same. */
  private readonly loaded = new Map<string, Loaded>();

  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {}

  /**
   * The chunks the card loads lazily from beside itself (terminal, wake word, its ONNX models and runtime):
   * public like the card, static files only, never an index or anything outside the build folder.
   */
  lazyChunks(): RequestHandler {
    return express.static(this.dir, { index: false, dotfiles: "deny", fallthrough: true });
  }

  /** The wake word's models and WebAssembly runtime, mounted at /wakeword. */
  wakewordAssets(): RequestHandler {
    return express.static(path.join(this.dir, "wakeword"), { index: false, dotfiles: "deny" });
  }

  /** /jarvis-card.js: anyone may load it (HA's frontend does, before any login to Jarvis). */
  card(): RequestHandler {
    return this.serve(CARD_FILE, "text/javascript; charset=utf-8", "public, no-cache", "The Jarvis card");
  }

  /** The ingress page: public, it holds no data (everything goes over the authenticated WebSocket). */
  page(): RequestHandler {
    return this.serve(PAGE_FILE, "text/html; charset=utf-8", "no-store", "The Jarvis page");
  }

  private serve(file: string, type: string, cacheControl: string, what: string): RequestHandler {
    return async (req, res, next) => {
      try {
        const found = await this.read(file);
        if (!found) {
          this.log.warn({ file: path.join(this.dir, file) }, `${what} has not been built`);
          res.status(503).type("text/plain").set("Cache-Control", "no-store").send(`${what} has not been built yet: ${BUILD_HINT}.\n`);
          return;
        }
        res.set({ "Content-Type": type, "Cache-Control": cacheControl, "X-Content-Type-Options": "nosniff" });
        if (cacheControl !== "no-store") {
          res.set("ETag", found.etag);
          if (req.headers["if-none-match"]?.split(/\s*,\s*/).includes(found.etag)) {
            res.status(304).end();
            return;
          }
        }
        res.send(found.body);
      } catch (err) {
        next(err);
      }
    };
  }

  private async read(file: string): Promise<Loaded | null> {
    const full = path.join(this.dir, file);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) return null;
    const known = this.loaded.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
    const body = await readFile(full);
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    const loaded = { body, etag, mtimeMs: info.mtimeMs, size: info.size };
    this.loaded.set(file, loaded);
    return loaded;
  }
}
