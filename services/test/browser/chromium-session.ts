// One Chromium per test file and a fresh browser context per test, closed after it, for browser tests that
// need no microphone (the fake one plays a second of silence).
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { tempDir } from "../helpers/jarvis.js";
import { launchChromium } from "./browser.js";

/** A mono 16-bit PCM WAV of `seconds` of silence. */
function silentWav(seconds: number, rate = 16_000): Buffer {
  const data = seconds * rate * 2;
  const wav = Buffer.alloc(44 + data);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + data, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(data, 40);
  return wav;
}

export interface ChromiumSession {
  /** A page in a context of its own, closed after the test. */
  newPage(): Promise<Page>;
}

export function useChromium(): ChromiumSession {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const wav = path.join(tempDir("jarvis-silence-"), "silence.wav");
    writeFileSync(wav, silentWav(1));
    browser = await launchChromium(wav);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(() => browser?.close());
  return {
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      contexts.push(context);
      return context.newPage();
    },
  };
}
