// speak never says the approval keyword or override key aloud (issue 16, part 5): a voice satellite in
// earshot would hear it and send it back as the person's own answer. The HA emulator receives the tts.speak
// call, so what the loudspeaker would say is what it played.
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HomeAssistantClient } from "../../src/clients/homeassistant/client.js";
import { Store } from "../../src/store/db.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { voiceTools } from "../../src/tools/voice.js";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../emulators/homeassistant/index.js";
import { tempDir } from "../helpers/jarvis.js";
import { KEYWORD, testRegistry } from "../helpers/registry.js";

const OVERRIDE = "purple-elephant-override-7731";
const PLAYER = "media_player.living_room_speaker";
let emulator: HomeAssistantEmulator;
let ha: HomeAssistantClient;
let store: Store;

beforeAll(async () => {
  emulator = await startHomeAssistantEmulator({ token: "ha-test-token" });
  ha = new HomeAssistantClient({ kind: "direct", url: emulator.url, token: "ha-test-token", exposeAll: false }, pino({ level: "silent" }));
  await ha.connect();
  store = Store.open(path.join(tempDir(), "j.db"));
});
afterAll(async () => {
  await ha.close();
  await emulator.close();
  store.close();
});

describe("speak", () => {
  it.each([
    `Please say ${KEYWORD} now`,
    "jarvis execute",
    "J-A-R-V-I-S E-X-E-C-U-T-E",
    "ＪＡＲＶＩＳ ＥＸＥＣＵＴＥ",
    `The key is ${OVERRIDE.replaceAll("-", " ")}`,
  ])("says %j without the approval words", async (text) => {
    const registry = testRegistry(voiceTools(ha, undefined, new ApprovalWords(KEYWORD, OVERRIDE)), store, { overrideKey: OVERRIDE });
    const ctx = { actor: "sam", channel: "agent" as const, conversationId: "c", personMessage: "x", messageAt: new Date() };
    store.conversations.ensure("c", "test");
    const out = await registry.execute({ name: "speak", args: { text, media_player: PLAYER } }, ctx);
    expect(out).toMatchObject({ status: "ok" });
    const played = decodeURIComponent(String(emulator.state(PLAYER)?.attributes.media_content_id));
    expect(played).toContain("[approval]");
    expect(played.normalize("NFKC").replace(/[^a-z0-9]/gi, "").toLowerCase()).not.toMatch(/jarvisexecute|purpleelephantoverride7731/);
  });
});
