// The approval words as the person's answer and nowhere else (issue 16, part 3): a corpus of messages that
// must approve nothing (questions, negations, quotes, URLs, longer sentences, the word inside other words) and
// of answers that must; and redaction of every spelling, look-alike and invisible character included, in one
// piece or streamed in any split.
import { describe, expect, it } from "vitest";
import { ApprovalWords } from "../../src/tools/approval-words.js";

const KEYWORD = "JARVIS-EXECUTE";
const OVERRIDE = "purple-elephant-override-7731";
const words = new ApprovalWords(KEYWORD, OVERRIDE);

/** Messages that carry the keyword (or the key) and approve nothing. */
const NOT_ANSWERS = [
  // Negations
  "Do NOT jarvis execute that",
  "don't JARVIS-EXECUTE",
  "dont jarvis execute",
  "do not JARVIS-EXECUTE",
  "no JARVIS-EXECUTE",
  "No. JARVIS-EXECUTE",
  "never JARVIS-EXECUTE",
  "stop, JARVIS-EXECUTE",
  "cancel JARVIS-EXECUTE",
  "JARVIS-EXECUTE not",
  "not yet JARVIS-EXECUTE",
  "wait JARVIS-EXECUTE",
  // Questions
  "what does jarvisexecute mean?",
  "JARVIS-EXECUTE?",
  "should I say JARVIS-EXECUTE",
  "is JARVIS-EXECUTE the word?",
  "jarvis execute? really?",
  "why would I say jarvis execute",
  // Quotes
  '"JARVIS-EXECUTE"',
  "'jarvis execute'",
  "«JARVIS-EXECUTE»",
  "he said “JARVIS-EXECUTE” yesterday",
  "the page says: JARVIS-EXECUTE",
  // URLs and paths
  "https://example.com/jarvis-execute",
  "http://jarvis-execute.example/",
  "www.jarvisexecute.com",
  "jarvis-execute.com",
  "see example.org/?q=JARVIS-EXECUTE",
  "/tmp/JARVIS-EXECUTE",
  "JARVIS-EXECUTE@example.com",
  // Longer sentences
  "JARVIS-EXECUTE and also stop vm 101",
  "yes JARVIS-EXECUTE but only the light",
  "I will say JARVIS-EXECUTE later",
  "tell me about JARVIS-EXECUTE",
  "the keyword is JARVIS-EXECUTE",
  "JARVIS-EXECUTE the backup plan",
  "please stop the vm, JARVIS-EXECUTE",
  "ok ok ok ok ok ok ok JARVIS-EXECUTE",
  // Inside other words
  "jarvisexecuted",
  "xJARVIS-EXECUTE",
  "JARVIS-EXECUTEd",
  "JARVIS-EXECUTE2",
  "myjarvis execute",
  "jarvis executes",
  "prejarvis-execute",
  // Not the word at all, or mangled
  "Jarvis, execute",
  "jarvis. execute",
  "JARVIS:EXECUTE",
  "J.A.R.V.I.S EXECUTE",
  "jarvis\u200bexecute",
  "JАRVIS-EXECUTE", // Cyrillic А
  "execute",
  "jarvis",
  "",
  "   ",
  // Emoji, markup, code
  "JARVIS-EXECUTE 👍",
  "<b>JARVIS-EXECUTE</b>",
  "`JARVIS-EXECUTE`",
  "JARVIS-EXECUTE;",
  "JARVIS-EXECUTE && rm -rf /",
  // The override key the same ways
  "don't purple-elephant-override-7731",
  "what is purple elephant override 7731?",
  "purple-elephant-override-7731 and delete everything",
  "purple-elephant-override-77311",
] as const;

/** Messages that are the answer: [message, keyword, override]. */
const ANSWERS: [string, boolean, boolean][] = [
  ["JARVIS-EXECUTE", true, false],
  ["jarvis execute", true, false],
  ["Jarvis Execute!", true, false],
  ["jarvis_execute.", true, false],
  ["JARVISEXECUTE", true, false],
  ["jarvis – execute", true, false],
  ["yes, JARVIS-EXECUTE", true, false],
  ["Yes. Jarvis execute.", true, false],
  ["ok jarvis execute", true, false],
  ["okay, JARVIS-EXECUTE please", true, false],
  ["go ahead: ", false, false],
  ["go ahead, JARVIS-EXECUTE", true, false],
  ["do it. JARVIS-EXECUTE!", true, false],
  ["confirm JARVIS-EXECUTE", true, false],
  ["JARVIS-EXECUTE, thank you", true, false],
  ["  JARVIS-EXECUTE  ", true, false],
  ["ＪＡＲＶＩＳ－ＥＸＥＣＵＴＥ", true, false],
  ["purple-elephant-override-7731", false, true],
  ["purple elephant override 7731", false, true],
  ["yes, purple elephant override 7731", false, true],
  ["JARVIS-EXECUTE purple-elephant-override-7731", true, true],
];

describe("approval words: only the person's answer approves", () => {
  it(`approves nothing from ${NOT_ANSWERS.length} messages that are not an answer`, () => {
    expect(NOT_ANSWERS.length).toBeGreaterThanOrEqual(40);
    const approving = NOT_ANSWERS.filter((m) => {
      const a = words.answer(m);
      return a.keyword || a.override || words.hasKeyword(m) || words.hasOverride(m);
    });
    expect(approving).toEqual([]);
  });

  it.each(ANSWERS)("hears %j as the answer (keyword %s, override %s)", (message, keyword, override) => {
    expect(words.answer(message)).toEqual({ keyword, override });
    expect(words.hasKeyword(message)).toBe(keyword);
    expect(words.hasOverride(message)).toBe(override);
  });

  it("takes a configured multi-word keyword the same way", () => {
    const custom = new ApprovalWords("make it so", undefined);
    expect(custom.answer("Make it so.")).toEqual({ keyword: true, override: false });
    expect(custom.answer("yes, make-it-so")).toEqual({ keyword: true, override: false });
    expect(custom.answer("don't make it so")).toEqual({ keyword: false, override: false });
    expect(custom.answer("make it sour")).toEqual({ keyword: false, override: false });
    expect(custom.overrideConfigured).toBe(false);
  });

  it("refuses a keyword with no letter or digit", () => {
    expect(() => new ApprovalWords("--", undefined)).toThrow(/letter or digit/);
  });
});

describe("approval words: redaction", () => {
  it.each([
    ["ok jarvis execute and Blue-Harvest and JARVIS_EXECUTE", "ok [approval] and Blue-Harvest and [approval]"],
    ["say J\u200BA R-V.I S  EXECUTE now", "say [approval] now"],
    ["ＪＡＲＶＩＳ－ＥＸＥＣＵＴＥ", "[approval]"],
    ["JАRVIS-EXECUTE", "[approval]"], // Cyrillic А
    ["jarvís exécute", "[approval]"],
    ["a https://x.example/jarvisexecute b", "a https://x.example/[approval] b"],
    ["the key: purple elephant override 7731.", "the key: [approval]."],
    ["nothing here", "nothing here"],
  ])("redacts %j", (text, redacted) => {
    expect(words.redact(text)).toBe(redacted);
  });

  it("redacts a streamed reply wherever the pieces are cut, holding back only what may begin a word", () => {
    const reply = "Say jarvis execute now, or J-A-R-V-I-S EXECUTE, then purple elephant override 7731! Just do it. J";
    const whole = words.redact(reply);
    expect(whole).toBe("Say [approval] now, or [approval], then [approval]! Just do it. J");
    // Every cut into two pieces, and pieces of each size from one to seven characters.
    const splits: string[][] = [];
    for (let i = 0; i <= reply.length; i++) splits.push([reply.slice(0, i), reply.slice(i)]);
    for (let size = 1; size <= 7; size++) splits.push(reply.match(new RegExp(`[\\s\\S]{1,${size}}`, "g"))!);
    for (const pieces of splits) {
      const stream = words.stream();
      const out = pieces.map((p) => stream.push(p)).join("") + stream.end();
      expect(out, JSON.stringify(pieces)).toBe(whole);
    }
    // Text that cannot begin a word is passed on at once.
    const stream = words.stream();
    expect(stream.push("All three nodes are online. ")).toBe("All three nodes are online. ");
    expect(stream.push("Say jar")).toBe("Say ");
    expect(stream.push("vis execute")).toBe("[approval]");
    expect(stream.end()).toBe("");
  });
});
