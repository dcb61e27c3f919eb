// The TTS disk cache through the chain: a second ask is served from disk with no engine request, the cap is
// held by evicting the least recently used (files and rows), and the index is reconciled with the directory.
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { parseWav } from "../../src/speech/tts/audio.js";
import { cacheKey, TtsCache } from "../../src/speech/tts/cache.js";
import { TtsChain } from "../../src/speech/tts/chain.js";
import { PiperEngine } from "../../src/speech/tts/piper.js";
import { Store } from "../../src/store/db.js";
import { TtsCacheRepo } from "../../src/store/tts-cache.js";
import { tempDir } from "../helpers/jarvis.js";
import { startPiperEmulator, type TtsEmulator } from "../emulators/tts/index.js";

const log = createLogger({ level: "silent" });

let emu: TtsEmulator;
let dir: string;
let store: Store;
let repo: TtsCacheRepo;
let tick: number;
let piper: PiperEngine;

const openCache = (max: number) => new TtsCache({ dir, max, repo, logger: log, now: () => ++tick });
const wavFiles = () => readdirSync(dir).filter((f) => f.endsWith(".wav"));

beforeAll(async () => {
  emu = await startPiperEmulator();
});
afterAll(() => emu.close());

beforeEach(() => {
  dir = tempDir("jarvis-tts-cache-");
  store = Store.open(path.join(dir, "jarvis.db"));
  repo = new TtsCacheRepo(store.db);
  tick = 0;
  piper = new PiperEngine({ endpoint: emu.url });
});
afterEach(async () => {
  await piper.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("through the chain", () => {
  it("answers the second ask from disk without asking the engine", async () => {
    const chain = new TtsChain({ engines: [piper], cache: openCache(10), logger: log });
    const first = await chain.synthesize("The garage door is closed.");
    const requests = emu.requestCount();
    const second = await chain.synthesize("The garage door is closed.");
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, engine: "piper" });
    expect(second.audio.wav.equals(first.audio.wav)).toBe(true);
    expect(emu.requestCount()).toBe(requests);
    expect(repo.get(cacheKey(piper, "The garage door is closed."))).toMatchObject({ hits: 1, engine: "piper" });
  });

  it("keys by engine, voice and settings as well as text", async () => {
    const cache = openCache(10);
    const chain = new TtsChain({ engines: [piper], cache, logger: log });
    await chain.synthesize("Same words.");
    const other = new PiperEngine({ endpoint: emu.url, voice: "en_GB-alan-medium" });
    const otherChain = new TtsChain({ engines: [other], cache, logger: log });
    expect((await otherChain.synthesize("Same words.")).cached).toBe(false);
    await other.close();
  });
});

describe("LRU bound", () => {
  it("holds cacheMax entries on disk and in the index, evicting the least recently used", async () => {
    const chain = new TtsChain({ engines: [piper], cache: openCache(3), logger: log });
    for (const text of ["One.", "Two.", "Three."]) await chain.synthesize(text);
    expect((await chain.synthesize("One.")).cached).toBe(true); // "One." is now the most recently used
    await chain.synthesize("Four.");
    await chain.synthesize("Five.");

    expect(repo.count()).toBe(3);
    expect(wavFiles()).toHaveLength(3);
    const kept = ["One.", "Four.", "Five."].map((t) => `${cacheKey(piper, t)}.wav`).sort();
    expect(wavFiles().sort()).toEqual(kept);
    expect(repo.get(cacheKey(piper, "Two."))).toBeUndefined();
    const requests = emu.requestCount();
    expect((await chain.synthesize("Two.")).cached).toBe(false);
    expect(emu.requestCount()).toBe(requests + 1);
  });
});

describe("reconciling with the directory", () => {
  it("drops rows whose file vanished and files no row knows, and applies a lowered cap", async () => {
    const cache = openCache(10);
    const chain = new TtsChain({ engines: [piper], cache, logger: log });
    for (const text of ["Alpha.", "Beta.", "Gamma.", "Delta."]) await chain.synthesize(text);
    rmSync(path.join(dir, `${cacheKey(piper, "Alpha.")}.wav`));
    writeFileSync(path.join(dir, "stray.wav"), "junk");
    writeFileSync(path.join(dir, "half.wav.1234.tmp"), "junk");

    openCache(2);
    expect(repo.count()).toBe(2);
    expect(wavFiles().sort()).toEqual(["Gamma.", "Delta."].map((t) => `${cacheKey(piper, t)}.wav`).sort());
    expect(existsSync(path.join(dir, "half.wav.1234.tmp"))).toBe(false);
  });

  it("treats a damaged file as a miss and renders afresh", async () => {
    const chain = new TtsChain({ engines: [piper], cache: openCache(10), logger: log });
    await chain.synthesize("Fragile.");
    writeFileSync(path.join(dir, `${cacheKey(piper, "Fragile.")}.wav`), "not a wav");
    const again = await chain.synthesize("Fragile.");
    expect(again.cached).toBe(false);
    expect(parseWav(again.audio.wav).pcm.length).toBeGreaterThan(0);
  });
});
