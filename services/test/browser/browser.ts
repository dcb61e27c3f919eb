// Chromium for the browser tests: Debian's build driven by playwright-core, with a fake microphone that
// plays a given WAV (mic.ts makes one that speaks). Screenshots go to test/browser/artifacts/ (kept by CI,
// ignored by git).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(here, "artifacts");
const FRONTEND = path.resolve(here, "../../../frontend-card");
/** The screenshots README shows: written by the browser tests on every run, so they stay current. */
export const DOC_SCREENSHOTS = path.resolve(here, "../../../docs/screenshots");

/** Builds frontend-card/dist, which the server serves. */
export async function buildCard(): Promise<void> {
  await promisify(execFile)(process.execPath, ["build.mjs"], { cwd: FRONTEND });
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

/** A screenshot for README (docs/screenshots/<name>.png): the window as it is, or one element of it. */
export async function docScreenshot(what: Page | Locator, name: string): Promise<void> {
  mkdirSync(DOC_SCREENSHOTS, { recursive: true });
  await what.screenshot({ path: path.join(DOC_SCREENSHOTS, `${name}.png`), animations: "disabled" });
}
