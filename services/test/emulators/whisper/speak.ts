// Real speech for tests and the demo: espeak-ng says a sentence and sox turns it into the WAV a voice
// satellite would send (16 kHz mono 16-bit by default). Needs Debian's espeak-ng and sox.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function speakWav(text: string, format: { rate?: number; channels?: number } = {}): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), "jarvis-speak-"));
  try {
    const raw = path.join(dir, "espeak.wav");
    const out = path.join(dir, "out.wav");
    await run("espeak-ng", ["-w", raw, text]);
    await run("sox", [raw, "-r", String(format.rate ?? 16_000), "-c", String(format.channels ?? 1), "-b", "16", out]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
