// Offline recognition: the grammar generator, and pocketsphinx_continuous transcribing real espeak-ng speech
// with that grammar (Debian packages pocketsphinx, pocketsphinx-en-us, espeak-ng, sox).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientError } from "../../src/clients/errors.js";
import { createLogger } from "../../src/log.js";
import { buildGrammar, numberWords, PocketsphinxRecognizer } from "../../src/speech/stt/index.js";
import { parseWav } from "../../src/speech/stt/wav.js";
import { speakWav } from "../emulators/whisper/speak.js";

const log = createLogger({ level: "silent" });
const PHRASES = ["turn on the {name}", "turn off the {name}", "how is the cluster", "start guest {name}", "what time is it"];
const NAMES = ["kitchen light", "hallway lamp", "pve1", "105", "Zyxquorblat"];

describe("buildGrammar", () => {
  const known = new Set("turn on off the how is cluster start guest what time it kitchen light hallway lamp p v e one oh five".split(" "));
  const grammar = buildGrammar(PHRASES, NAMES, { knows: (w) => known.has(w) });

  it("writes a JSGF grammar with a <name> rule and the phrases", () => {
    expect(grammar.jsgf).toContain("#JSGF V1.0;");
    expect(grammar.jsgf).toContain("<name> = kitchen light | hallway lamp | p v e one | one oh five;");
    expect(grammar.jsgf).toContain("public <command> = turn on the <name> | turn off the <name> | how is the cluster");
  });

  it("drops names whose words have no pronunciation and says which word", () => {
    expect(grammar.dropped).toEqual([{ text: "Zyxquorblat", word: "zyxquorblat" }]);
    expect(grammar.jsgf).not.toContain("zyxquorblat");
  });

  it("drops a phrase with an unknown word, and name phrases when no name survives", () => {
    const g = buildGrammar(["open the pod bay doors", "turn on the {name}", "what time is it"], ["Zyxquorblat"], {
      knows: (w) => known.has(w),
    });
    expect(g.jsgf).toContain("public <command> = what time is it;");
    expect(g.dropped.map((d) => d.text)).toEqual(["Zyxquorblat", "open the pod bay doors", "turn on the {name}"]);
  });

  it("says numbers as words and puts the written names back into a hypothesis", () => {
    expect(numberWords("105")).toEqual(["one", "oh", "five"]);
    expect(numberWords("21")).toEqual(["twenty", "one"]);
    expect(numberWords("7")).toEqual(["seven"]);
    expect(grammar.restore("start guest one oh five")).toBe("start guest 105");
    expect(grammar.restore("turn on the p v e one")).toBe("turn on the pve1");
    expect(grammar.restore("turn on the kitchen light")).toBe("turn on the kitchen light");
  });

  it("has no grammar when nothing survives", () => {
    expect(buildGrammar(["{name}"], [], {}).jsgf).toBeNull();
  });
});

describe("PocketsphinxRecognizer with espeak-ng speech", () => {
  let recognizer: PocketsphinxRecognizer;
  let kitchen: Buffer;
  let cluster: Buffer;

  beforeAll(async () => {
    recognizer = new PocketsphinxRecognizer({ phrases: PHRASES, names: NAMES }, log);
    [kitchen, cluster] = await Promise.all([speakWav("turn on the kitchen light"), speakWav("how is the cluster")]);
  });
  afterAll(() => recognizer.close());

  it("is available with Debian's packages", async () => {
    expect(await recognizer.available()).toBe(true);
  });

  it("transcribes command phrases exactly", async () => {
    expect(await recognizer.recognize({ file: kitchen })).toBe("turn on the kitchen light");
    expect(await recognizer.recognize({ file: cluster })).toBe("how is the cluster");
  });

  it("recognises a spoken guest number and writes it as the name given", async () => {
    expect(await recognizer.recognize({ file: await speakWav("start guest one oh five") })).toBe("start guest 105");
  });

  it("accepts raw PCM, and audio in another rate and channel count (resampled with sox)", async () => {
    expect(await recognizer.recognize(parseWav(cluster))).toBe("how is the cluster");
    const stereo = await speakWav("turn on the kitchen light", { rate: 22_050, channels: 2 });
    expect(parseWav(stereo)).toMatchObject({ rate: 22_050, channels: 2 });
    expect(await recognizer.recognize({ file: stereo })).toBe("turn on the kitchen light");
  });

  it("uses the new vocabulary after setVocabulary", async () => {
    const other = new PocketsphinxRecognizer({ phrases: ["what time is it"] }, log);
    try {
      expect(await other.recognize({ file: cluster })).not.toBe("how is the cluster");
      other.setVocabulary(["how is the cluster", "what time is it"], []);
      expect(await other.recognize({ file: cluster })).toBe("how is the cluster");
    } finally {
      await other.close();
    }
  });

  it("refuses audio it cannot decode with a clear error", async () => {
    const junk = await recognizer.recognize({ file: Buffer.from("this is not audio at all") }).catch((e: unknown) => e);
    expect(junk).toBeInstanceOf(ClientError);
    expect((junk as ClientError).kind).toBe("bad_request");
    const flac = Buffer.concat([Buffer.from("fLaC"), Buffer.alloc(64)]);
    const err = await recognizer.recognize({ file: flac }, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    // Without ffmpeg the error says what to install; with it, ffmpeg refuses this fake FLAC.
    expect((err as ClientError).message).toMatch(/ffmpeg/);
  });

  it("says what to install when the program is missing", async () => {
    const missing = new PocketsphinxRecognizer({ phrases: PHRASES, names: NAMES, binary: "no-such-pocketsphinx" }, log);
    try {
      expect(await missing.available()).toBe(false);
      const err = (await missing.recognize({ file: kitchen }).catch((e: unknown) => e)) as ClientError;
      expect(err.kind).toBe("unreachable");
      expect(err.message).toContain("apt-get install pocketsphinx");
    } finally {
      await missing.close();
    }
  });
});
