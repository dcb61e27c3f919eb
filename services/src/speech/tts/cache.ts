// The TTS disk cache: one canonical WAV file per hash(engine, voice, settings, text) in the cache directory,
// indexed in SQLite (tts_cache) so lookups, hit counts and LRU eviction need no directory scans. At most
// `max` entries: past that the least recently used files and rows go together. Opus encoding is not done.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../../log.js";
import type { TtsCacheRepo } from "../../store/tts-cache.js";
import { type Audio, parseWav } from "./audio.js";
import type { TtsEngine } from "./engine.js";

export interface TtsCacheOptions {
  dir: string;
  /** Most entries kept (config speech.cacheMax, 500 by default). */
  max: number;
  repo: TtsCacheRepo;
  logger: Logger;
  now?: () => number;
}

/** What a cache entry is keyed by: who speaks, how, and what. */
export type Speaker = Pick<TtsEngine, "name" | "voice" | "settings">;

export function cacheKey(speaker: Speaker, text: string): string {
  return createHash("sha256").update(JSON.stringify([speaker.name, speaker.voice, speaker.settings, text])).digest("hex");
}

const TMP_SUFFIX = ".tmp";

export class TtsCache {
  readonly dir: string;
  private readonly max: number;
  private readonly repo: TtsCacheRepo;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(opts: TtsCacheOptions) {
    this.dir = opts.dir;
    this.max = Math.max(1, opts.max);
    this.repo = opts.repo;
    this.log = opts.logger;
    this.now = opts.now ?? Date.now;
    mkdirSync(this.dir, { recursive: true });
    this.reconcile();
  }

  async get(speaker: Speaker, text: string): Promise<Audio | undefined> {
    const key = cacheKey(speaker, text);
    const row = this.repo.get(key);
    if (!row) return undefined;
    try {
      const audio = parseWav(await readFile(path.join(this.dir, row.file)));
      this.repo.touch(key, new Date(this.now()));
      return audio;
    } catch (err) {
      // Deleted or damaged behind our back (or evicted a moment ago): forget it and render afresh.
      this.log.warn({ err, file: row.file }, "TTS cache entry unreadable, dropped");
      this.repo.delete(key);
      return undefined;
    }
  }

  async put(speaker: Speaker, text: string, audio: Audio): Promise<void> {
    const key = cacheKey(speaker, text);
    const file = `${key}.wav`;
    const tmp = path.join(this.dir, `${file}.${randomBytes(4).toString("hex")}${TMP_SUFFIX}`);
    // Write then rename, so a reader never sees half a file. A write that fails (a full disk) takes its
    // half-written temp file with it, so the space comes back and nothing is indexed.
    try {
      await writeFile(tmp, audio.wav);
      await rename(tmp, path.join(this.dir, file));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    this.repo.put({
      key,
      engine: speaker.name,
      voice: speaker.voice,
      text,
      file,
      bytes: audio.wav.length,
      createdAt: new Date(this.now()),
    });
    this.evict();
  }

  size(): number {
    return this.repo.count();
  }

  /** Drops the least recently used entries past the cap (small files: unlinking inline is cheap). */
  private evict(): void {
    for (const row of this.repo.leastRecentlyUsed(this.repo.count() - this.max)) {
      this.repo.delete(row.key);
      rmSync(path.join(this.dir, row.file), { force: true });
    }
  }

  /**
   * At start: drop rows whose file is gone and files (or half-written temp files) no row knows, then apply
   * the cap, which may have been lowered since the last run.
   */
  private reconcile(): void {
    const onDisk = new Set(readdirSync(this.dir));
    const indexed = new Set<string>();
    for (const { key, file } of this.repo.entries()) {
      if (onDisk.has(file)) indexed.add(file);
      else this.repo.delete(key);
    }
    for (const name of onDisk) {
      if ((name.endsWith(".wav") || name.endsWith(TMP_SUFFIX)) && !indexed.has(name)) {
        rmSync(path.join(this.dir, name), { force: true });
      }
    }
    this.evict();
  }
}
