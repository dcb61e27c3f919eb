// What the suites need from the machine, so `npm test` can say it in one line instead of a stack trace. Each
// tool has a marker, a call that runs it (or the helper that does): a test file whose text, or the text of a
// test helper or emulator it imports, holds the marker needs the tool. Outside CI a suite whose tool is missing is left out with a note naming the Debian
// package; in CI (which installs them all through .ci/run) nothing is left out, so a missing install fails.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

interface Tool {
  what: string;
  /** The Debian packages that bring it. */
  install: string;
  marker: RegExp;
  present(): boolean;
}

const onPath = (program: string) => spawnSync("sh", ["-c", `command -v ${program}`]).status === 0;
const listening = (port: number) => spawnSync("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0;

const TOOLS: Tool[] = [
  { what: "OpenSSH server", install: "openssh-server openssh-client", marker: /\bstartSshd\(/, present: () => existsSync("/usr/sbin/sshd") && onPath("ssh-keygen") },
  { what: "espeak-ng", install: "espeak-ng", marker: /\b(speakWav|micWav)\(|["']espeak-ng["'],\s*\[/, present: () => onPath("espeak-ng") },
  { what: "sox", install: "sox", marker: /\b(speakWav|micWav)\(|["']sox["'],\s*\[/, present: () => onPath("sox") },
  { what: "pocketsphinx", install: "pocketsphinx pocketsphinx-en-us", marker: /pocketsphinx/i, present: () => onPath("pocketsphinx_continuous") || onPath("pocketsphinx") },
  { what: "opus-tools", install: "opus-tools", marker: /\bopus(dec|enc)\b/, present: () => onPath("opusdec") && onPath("opusenc") },
  { what: "shellcheck", install: "shellcheck", marker: /\bshellcheck\b/, present: () => onPath("shellcheck") },
  { what: "Mosquitto", install: "mosquitto", marker: /\bstartBroker\(/, present: () => onPath("mosquitto") || existsSync("/usr/sbin/mosquitto") },
  {
    what: "a Mosquitto broker on 127.0.0.1:1883 (`mosquitto -d`)",
    install: "mosquitto",
    marker: /SHARED_BROKER =|connectAsync\("mqtt:\/\/127\.0\.0\.1:1883"/,
    present: () => listening(1883),
  },
];

const IMPORT = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

/** The text of a test file and of every test-side module it imports (src/ is the code under test, not read). */
function reachable(file: string, within: string, seen = new Set<string>()): string {
  if (seen.has(file) || !file.startsWith(within) || !existsSync(file)) return "";
  seen.add(file);
  const text = readFileSync(file, "utf8");
  let all = text;
  for (const [, spec] of text.matchAll(IMPORT)) {
    const target = path.resolve(path.dirname(file), spec!).replace(/\.js$/, ".ts");
    all += reachable(target, within, seen);
  }
  return all;
}

const testFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => path.join(dir, f));

export interface Skipped {
  file: string;
  missing: Tool[];
}

/** The suites under `testDir` that need something this machine lacks. */
export function suitesMissingTools(testDir: string): Skipped[] {
  const missing = TOOLS.filter((t) => !t.present());
  if (missing.length === 0) return [];
  return testFiles(testDir).flatMap((file) => {
    const text = reachable(file, testDir);
    const lacks = missing.filter((t) => t.marker.test(text));
    return lacks.length ? [{ file, missing: lacks }] : [];
  });
}

/** One note per suite left out, and how to install everything at once. */
export function notes(skipped: Skipped[], root: string): string[] {
  if (skipped.length === 0) return [];
  return [
    ...skipped.map(
      (s) => `note: ${path.relative(root, s.file)} skipped: needs ${s.missing.map((t) => `${t.what} (apt-get install ${t.install})`).join(", ")}`,
    ),
    "note: `bash .ci/run` installs everything the tests need on Debian and runs them",
  ];
}
