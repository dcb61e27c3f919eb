// The fake microphone's recording for browser tests that talk: espeak-ng speaks, sox shapes it for Chromium.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

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

/** A fake microphone's WAV of one sentence and nothing else, with a little silence around it. */
export async function spokenWav(dir: string, text: string): Promise<string> {
  const run = promisify(execFile);
  const raw = path.join(dir, "said-raw.wav");
  const out = path.join(dir, "said.wav");
  await run("espeak-ng", ["-v", "en-us", "-w", raw, text]);
  await run("sox", [raw, "-r", "48000", "-c", "1", "-b", "16", out, "pad", "0.3", "0.6"]);
  return out;
}
