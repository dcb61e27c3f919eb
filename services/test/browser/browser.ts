// Chromium for the browser tests: Debian's build driven by playwright-core, with a fake microphone that
// plays a given WAV. Screenshots go to test/browser/artifacts/ (kept by CI, ignored by git).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(here, "artifacts");
const FRONTEND = path.resolve(here, "../../../frontend-card");

/** Builds frontend-card/dist, which the server serves. */
export async function buildCard(): Promise<void> {
  await promisify(execFile)(process.execPath, ["build.mjs"], { cwd: FRONTEND });
}

/**
 * The fake microphone's WAV: "Hey, Jarvis." then, after a pause, a question, spoken by espeak-ng in the voice
 * and pace that openWakeWord's hey_jarvis model scores highly (most espeak voices stay under its 0.5
 * threshold, and so does the wake word run straight into the question), with silence after it so voice
 * activity detection sees the end. Needs espeak-ng and sox.
 */
export async function micWav(dir: string, question: string): Promise<string> {
  const run = promisify(execFile);
  const part = async (name: string, text: string, pad: [string, string]) => {
    const raw = path.join(dir, `${name}-raw.wav`);
    await run("espeak-ng", ["-v", "en-us+f3", "-s", "100", "-w", raw, text]);
    await run("sox", [raw, "-r", "48000", "-c", "1", "-b", "16", path.join(dir, `${name}.wav`), "pad", ...pad]);
    return path.join(dir, `${name}.wav`);
  };
  const out = path.join(dir, "mic.wav");
  await run("sox", [await part("wake", "Hey, Jarvis.", ["1", "1"]), await part("ask", `${question}?`, ["0", "2"]), out]);
  return out;
}

export function launchChromium(fakeMicWav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-gpu",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${fakeMicWav}`,
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
