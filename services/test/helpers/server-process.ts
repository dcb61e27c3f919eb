// The server in a process of its own, for tests that signal it: the built bundle as `npm start` runs it, or the
// sources through tsx (no build, so nothing races a parallel `node build.mjs` that empties dist/). Loopback,
// port 0 (read back from its "Jarvis is listening" line), no options file unless the env names one.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const SERVICES = path.resolve(import.meta.dirname, "../..");
/** `node dist/main.js`: needs `node build.mjs` first. */
export const BUILT_MAIN = [path.join(SERVICES, "dist/main.js")];
/** `node --import tsx src/main.ts`: the same composition root, straight from the sources. */
export const SOURCE_MAIN = ["--import", "tsx", path.join(SERVICES, "src/main.ts")];

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startServerProcess(env: Record<string, string>, main: readonly string[] = BUILT_MAIN): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...main], {
    cwd: SERVICES,
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: "0", WYOMING_PORT: "0", JARVIS_OPTIONS_PATH: "/nonexistent/options.json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line:\n${out}`)), 30_000);
    const look = () => {
      const m = /"port":(\d+)[^\n]*Jarvis is listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", look);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited early:\n${out}`));
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}
