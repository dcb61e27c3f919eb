// set_voice: the household picks which configured voice Jarvis speaks with; it lasts across restarts.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPiperEmulator } from "../emulators/tts/piper.js";
import { startTestJarvis, tempDir, type TestJarvis } from "../helpers/jarvis.js";
import { TestSocket } from "../helpers/ws.js";

let piper: Awaited<ReturnType<typeof startPiperEmulator>>;
const dataDir = tempDir();

beforeAll(async () => {
  piper = await startPiperEmulator();
});
afterAll(() => piper.close());

async function start(): Promise<TestJarvis> {
  return startTestJarvis({ PIPER_TTS_ENDPOINT: piper.url, DATA_DIR: dataDir, DB_PATH: path.join(dataDir, "j.db") });
}

async function setVoice(j: TestJarvis, engine: string) {
  const s = await TestSocket.open(j.wsUrl, { localAddress: "127.0.0.2" });
  const r = await s.call({ id: 1, type: "tool/run", name: "set_voice", args: { engine } });
  s.close();
  return r;
}

describe("set_voice", () => {
  it("offers the configured voices, switches to one, and keeps the choice after a restart", async () => {
    let j = await start();
    const tools = await (async () => {
      const s = await TestSocket.open(j.wsUrl, { localAddress: "127.0.0.2" });
      const r = await s.call({ id: 1, type: "tools/list" });
      s.close();
      return r.result.tools;
    })();
    expect(tools.find((t: { name: string }) => t.name === "set_voice")?.description).toMatch(/piper, espeak/);
    expect((await setVoice(j, "espeak")).result).toMatchObject({ status: "ok", data: { voice: "espeak" } });
    expect((await setVoice(j, "xtts")).result).toMatchObject({ status: "error" });
    await j.stop().catch(() => undefined);
    j = await start();
    expect(j.store.preferences.get("tts.engine")).toBe("espeak");
    expect((await setVoice(j, "default")).result).toMatchObject({ status: "ok", data: { voice: "piper" } });
    await j.stop();
  });
});
