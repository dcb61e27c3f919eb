// Nothing Jarvis says aloud carries the approval keyword or override key (issue 16, part 5): a voice
// satellite in earshot would hear it and send it back as the person's answer. The whole server with the Whisper,
// Claude and Piper emulators: the card's push-to-talk (voice/start, audio, stop) whose reply is spoken sentence
// by sentence, Wyoming's handle (HA speaks the answer) and Wyoming's synthesize (HA has Jarvis's voice say any
// text). Piper records every text it was asked to say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicEmulator, type AnthropicEmulator } from "../emulators/anthropic/index.js";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startPiperEmulator, type TtsEmulator } from "../emulators/tts/index.js";
import { startWhisperEmulator, type WhisperEmulator } from "../emulators/whisper/index.js";
import { speakWav } from "../emulators/whisper/speak.js";
import { SUPERVISOR_ADDRESS, startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { freePort } from "../helpers/ports.js";
import { WyomingClient } from "../helpers/wyoming-client.js";
import { TestSocket } from "../helpers/ws.js";

const OVERRIDE = "purple-elephant-override-7731";
const spelled = (word: string) => new RegExp([...word.replace(/[^a-z0-9]/gi, "")].join("[^a-z0-9]{0,3}"), "i");
const unsaid = (text: string) => !spelled("JARVIS-EXECUTE").test(text.normalize("NFKC")) && !spelled(OVERRIDE).test(text.normalize("NFKC"));
/** What the model writes: both words, whole and spelled out, streamed two characters at a time. */
const REPLY = `Sure. To approve it, say JARVIS-EXECUTE. Or say J-A-R-V-I-S execute. The key is ${OVERRIDE.replaceAll("-", " ")}. That is all.`;

let lab: HomeLab;
let claude: AnthropicEmulator;
let whisper: WhisperEmulator;
let piper: TtsEmulator;
let jarvis: TestJarvis;
let wyomingPort: number;

beforeAll(async () => {
  [lab, claude, whisper, piper] = await Promise.all([startHomeLab({ taskMs: 50 }), startAnthropicEmulator(), startWhisperEmulator(), startPiperEmulator()]);
  wyomingPort = await freePort();
  jarvis = await startTestJarvis({
    ...lab.env,
    ANTHROPIC_API_KEY: claude.apiKey,
    ANTHROPIC_BASE_URL: claude.url,
    WHISPER_ENDPOINT: whisper.url,
    PIPER_TTS_ENDPOINT: piper.url,
    JARVIS_OVERRIDE_KEY: OVERRIDE,
    WYOMING_PORT: String(wyomingPort),
  });
}, 60_000);
afterAll(async () => {
  await jarvis?.stop();
  await Promise.allSettled([lab?.close(), claude?.close(), whisper?.close(), piper?.close()]);
});

describe("spoken replies", () => {
  it("the card's push-to-talk: no sentence sent to the voice carries the words", async () => {
    const question = "how do I approve things";
    whisper.respond(question);
    claude.script([{ text: REPLY, chunkChars: 2 }]);
    const said = piper.texts().length;
    const s = await TestSocket.open(jarvis.wsUrl, { localAddress: SUPERVISOR_ADDRESS, headers: { "x-remote-user-id": "sam" } });
    try {
      const started = await s.call({ id: 1, type: "voice/start", format: "wav", language: "en" });
      expect(started.success).toBe(true);
      const wav = await speakWav(question);
      expect((await s.call({ id: 2, type: "voice/audio", voice_id: started.result.voice_id, data: wav.toString("base64") })).success).toBe(true);
      s.send({ id: 3, type: "voice/stop", voice_id: started.result.voice_id });
      const done = await s.next((m) => m.id === 3 && m.type === "result", 30_000);
      expect(done.success, JSON.stringify(done.error)).toBe(true);
      expect(done.result.speech).toBe("Sure. To approve it, say [approval]. Or say [approval]. The key is [approval]. That is all.");
      const audio = s.received.filter((m) => m.id === 3 && m.event?.type === "audio");
      expect(audio.length).toBeGreaterThan(0);
    } finally {
      s.close();
    }
    const spoken = piper.texts().slice(said);
    expect(spoken.join(" ")).toContain("To approve it, say [approval].");
    expect(spoken.filter((t) => !unsaid(t))).toEqual([]);
  });

  it("Wyoming's handle: the answer HA will speak carries no words", async () => {
    claude.script([{ text: REPLY, chunkChars: 3 }]);
    const client = await WyomingClient.connect(wyomingPort);
    try {
      client.send("transcript", { text: "how do I approve things? explain" });
      const handled = await client.until("handled");
      const answer = String(handled.at(-1)!.data.text);
      expect(answer).toContain("say [approval]");
      expect(unsaid(answer)).toBe(true);
    } finally {
      client.close();
    }
  });

  it("Wyoming's synthesize: Jarvis's voice never says the words, whatever HA sends it", async () => {
    const said = piper.texts().length;
    const client = await WyomingClient.connect(wyomingPort);
    try {
      client.send("synthesize", { text: `Announcement: JARVIS-EXECUTE, jarvis execute, ${OVERRIDE}.` });
      await client.until("audio-stop");
    } finally {
      client.close();
    }
    const spoken = piper.texts().slice(said);
    expect(spoken).toEqual(["Announcement: [approval], [approval], [approval]."]);
  });
});
