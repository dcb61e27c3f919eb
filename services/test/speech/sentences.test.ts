// The sentence splitter on tricky texts (whole and streamed one character or token at a time, which must
// agree), and the sentence streamer: order kept while a later sentence finishes first, bounded parallelism,
// first sentence out before the text ends, cancellation.
import { describe, expect, it } from "vitest";
import { SentenceSplitter, splitSentences, streamSentences } from "../../src/speech/sentences.js";

const CASES: [string, string[]][] = [
  ["Hello there. How are you?", ["Hello there.", "How are you?"]],
  ["Dr. Smith is in. He says hi.", ["Dr. Smith is in.", "He says hi."]],
  ["Ask Mr. and Mrs. Jones first.", ["Ask Mr. and Mrs. Jones first."]],
  ["Use a fruit, e.g. an apple. Then eat it.", ["Use a fruit, e.g. an apple.", "Then eat it."]],
  ["That is, i.e. the main one, the node. Done.", ["That is, i.e. the main one, the node.", "Done."]],
  ["CPU load is 3.5 percent. Fine.", ["CPU load is 3.5 percent.", "Fine."]],
  ["Running v2.1.3 now. Update later.", ["Running v2.1.3 now.", "Update later."]],
  ["Ping 127.0.0.1 first. It answers.", ["Ping 127.0.0.1 first.", "It answers."]],
  ["Steps:\n1. Stop the VM.\n2. Snapshot it.", ["Steps:", "1. Stop the VM.", "2. Snapshot it."]],
  ["1. First item\n2. Second item", ["1. First item", "2. Second item"]],
  ["Steps: 1. Stop the VM. 2. Snapshot it.", ["Steps: 1. Stop the VM.", "2. Snapshot it."]],
  ["- 1. Stop it\n- 2. Start it", ["- 1. Stop it", "- 2. Start it"]],
  ["Wait... it worked. Good.", ["Wait... it worked.", "Good."]],
  ["Hmm… let me check. Found it.", ["Hmm… let me check.", "Found it."]],
  ["See https://example.com/docs/v1.2/index.html for details. Next.", ["See https://example.com/docs/v1.2/index.html for details.", "Next."]],
  ["Visit www.home-assistant.io. It explains.", ["Visit www.home-assistant.io.", "It explains."]],
  ["Really?! Yes. Wow!", ["Really?!", "Yes.", "Wow!"]],
  ['He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]],
  ["Check the logs (in /var/log/syslog.1). Then restart.", ["Check the logs (in /var/log/syslog.1).", "Then restart."]],
  ["Is it on (really?) or off? Tell me.", ["Is it on (really?) or off?", "Tell me."]],
  ["I bought apples, pears, etc. and left.", ["I bought apples, pears, etc. and left."]],
  ["I bought apples, pears, etc. Then I left.", ["I bought apples, pears, etc.", "Then I left."]],
  ["Meet at 5 p.m. tomorrow.", ["Meet at 5 p.m. tomorrow."]],
  ["J. R. R. Tolkien wrote it. Read it.", ["J. R. R. Tolkien wrote it.", "Read it."]],
  ["It is No. 5 on the list. Next.", ["It is No. 5 on the list.", "Next."]],
  ["The answer is no. Sorry.", ["The answer is no.", "Sorry."]],
  ["Temperature is 21.5°C. Humidity is 40%.", ["Temperature is 21.5°C.", "Humidity is 40%."]],
  ["It costs $3.50. Cheap.", ["It costs $3.50.", "Cheap."]],
  ["I counted 3. Then I stopped.", ["I counted 3.", "Then I stopped."]],
  ["Node pve has 4 VMs. Node agent1 has 2.", ["Node pve has 4 VMs.", "Node agent1 has 2."]],
  ["Acme Inc. makes it. Buy it.", ["Acme Inc. makes it.", "Buy it."]],
  ["Compare Proxmox vs. VMware. Proxmox wins.", ["Compare Proxmox vs. VMware.", "Proxmox wins."]],
  ["**Done.** The lights are off.", ["**Done.**", "The lights are off."]],
  ["No punctuation at the end", ["No punctuation at the end"]],
  ["Lines without periods\nare separate\n\nparagraphs", ["Lines without periods", "are separate", "paragraphs"]],
  ["   Leading spaces.   Trailing spaces.   ", ["Leading spaces.", "Trailing spaces."]],
  ["Version 2.0.1. Released today.", ["Version 2.0.1.", "Released today."]],
  ["The file config.yaml. It is fine.", ["The file config.yaml.", "It is fine."]],
  ["", []],
];

function streamed(text: string, sizes: (i: number) => number): string[] {
  const splitter = new SentenceSplitter();
  const out: string[] = [];
  for (let i = 0, n = 0; i < text.length; n++) {
    const size = sizes(n);
    out.push(...splitter.push(text.slice(i, i + size)));
    i += size;
  }
  return [...out, ...splitter.flush()];
}

describe("splitSentences", () => {
  it.each(CASES)("%j", (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it("gives the same sentences when the text arrives one character or a few at a time", () => {
    for (const [text, expected] of CASES) {
      expect(streamed(text, () => 1)).toEqual(expected);
      expect(streamed(text, (n) => 1 + ((n * 7) % 5))).toEqual(expected);
    }
  });

  it("holds a sentence until the next character decides it, then releases it", () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push("Ask Dr.")).toEqual([]);
    expect(splitter.push(" ")).toEqual([]);
    expect(splitter.push("Who. Then")).toEqual(["Ask Dr. Who."]);
    expect(splitter.flush()).toEqual(["Then"]);
  });
});

async function* tokens(text: string, delayMs = 0): AsyncGenerator<string> {
  for (const token of text.match(/\S+\s*/g) ?? []) {
    if (delayMs) await sleep(delayMs);
    yield token;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("streamSentences", () => {
  it("keeps sentence order when a later sentence finishes first", async () => {
    const finished: string[] = [];
    const render = async (s: string) => {
      await sleep(s.startsWith("Slow") ? 120 : 5);
      finished.push(s);
      return s.toUpperCase();
    };
    const out = [];
    for await (const chunk of streamSentences(tokens("Slow first. Quick second. Quick third."), render, { parallel: 2 })) {
      out.push(chunk);
    }
    expect(finished[0]).toBe("Quick second.");
    expect(out.map((c) => [c.index, c.text, c.result])).toEqual([
      [0, "Slow first.", "SLOW FIRST."],
      [1, "Quick second.", "QUICK SECOND."],
      [2, "Quick third.", "QUICK THIRD."],
    ]);
  });

  it("never renders more than `parallel` sentences at once", async () => {
    let running = 0;
    let peak = 0;
    const render = async (s: string) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(10);
      running--;
      return s;
    };
    const text = Array.from({ length: 8 }, (_, i) => `Sentence ${i}.`).join(" ");
    const out = [];
    for await (const chunk of streamSentences(tokens(text), render, { parallel: 3 })) out.push(chunk.text);
    expect(out).toHaveLength(8);
    expect(peak).toBe(3);
  });

  it("yields the first sentence while the text is still arriving", async () => {
    let textDone = false;
    async function* slowText() {
      yield* tokens("The first sentence is short. ");
      await sleep(150);
      yield* tokens("The rest takes a while to arrive.");
      textDone = true;
    }
    const stream = streamSentences(slowText(), async (s) => s);
    const first = await stream.next();
    expect(first.value).toMatchObject({ index: 0, text: "The first sentence is short." });
    expect(textDone).toBe(false);
    const rest = [];
    for await (const chunk of stream) rest.push(chunk.text);
    expect(rest).toEqual(["The rest takes a while to arrive."]);
  });

  it("cancels: the signal aborts running renders and ends the stream with the abort", async () => {
    const aborted: string[] = [];
    const render = (s: string, signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => resolve(s), 5_000);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          aborted.push(s);
          reject(signal.reason);
        });
      });
    const stop = new AbortController();
    const out: string[] = [];
    const run = (async () => {
      for await (const chunk of streamSentences(tokens("One. Two. Three."), render, { signal: stop.signal })) {
        out.push(chunk.text);
      }
    })();
    await sleep(30);
    stop.abort(new DOMException("barge-in", "AbortError"));
    await expect(run).rejects.toMatchObject({ name: "AbortError", message: "barge-in" });
    expect(out).toEqual([]);
    expect(aborted.sort()).toEqual(["One.", "Two."]);
  });

  it("breaking out early aborts what is still rendering and stops reading the text", async () => {
    const aborted: string[] = [];
    let read = 0;
    async function* text() {
      for (const t of ["A one. ", "A two. ", "A three. ", "A four. "]) {
        read++;
        yield t;
        await sleep(20);
      }
    }
    const render = (s: string, signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve(s), s === "A one." ? 1 : 2_000);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          aborted.push(s);
          resolve(s);
        });
      });
    for await (const chunk of streamSentences(text(), render)) {
      expect(chunk.text).toBe("A one.");
      break;
    }
    await sleep(60);
    expect(aborted.length).toBeGreaterThan(0);
    expect(read).toBeLessThan(4);
  });

  it("passes a render failure on after the sentences before it", async () => {
    const render = async (s: string) => {
      if (s === "Bad.") throw new Error("no voice at all");
      return s;
    };
    const out: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of streamSentences(tokens("Good. Bad. Never."), render, { parallel: 1 })) out.push(chunk.text);
      })(),
    ).rejects.toThrow("no voice at all");
    expect(out).toEqual(["Good."]);
  });
});
