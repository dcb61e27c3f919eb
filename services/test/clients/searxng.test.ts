// The SearXNG client (search + page reading) against the emulated SearXNG and its test pages on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SearxngClient } from "../../src/clients/searxng.js";
import { createLogger } from "../../src/log.js";
import { classifyAddress, OUTSIDE } from "../../src/net/address.js";
import { UrlGuard } from "../../src/net/guard.js";
import { failure } from "../helpers/errors.js";
import {
  HUGE_PAGE_BYTES,
  NAV_MARKER,
  SCRIPT_MARKER,
  STYLE_MARKER,
  startSearxngEmulator,
  type SearxngEmulator,
} from "../emulators/searxng/index.js";

const log = createLogger({ level: "silent" });


let emu: SearxngEmulator;
let searx: SearxngClient;

beforeAll(async () => {
  emu = await startSearxngEmulator();
  // The emulator's pages stand for the open internet: its endpoint (and only it) is declared outside.
  const port = Number(new URL(emu.url).port);
  const urlGuard = new UrlGuard({ classify: (address, p) => (address === "127.0.0.1" && p === port ? OUTSIDE : classifyAddress(address)) });
  searx = new SearxngClient({ url: emu.url, urlGuard }, log);
});

afterAll(async () => {
  await searx.close();
  await emu.close();
});

describe("search", () => {
  afterEach(() => emu.setFormats(["html", "json"]));

  it("returns ranked results with url, title, content and engines, cut to the limit", async () => {
    const categories = ["general", "it", "science"];
    const all = await searx.search("home assistant", { limit: 50, categories });
    expect(all.results.length).toBeGreaterThan(2);
    expect(all.results.map((r) => r.score)).toEqual([...all.results.map((r) => r.score)].sort((a, b) => b! - a!));
    const top = await searx.search("home assistant", { limit: 2, categories });
    expect(top.results).toEqual(all.results.slice(0, 2));
    expect(top.results[0]).toMatchObject({ title: expect.any(String), content: expect.stringContaining("Home Assistant") });
    expect(top.results[0]!.engines.length).toBeGreaterThan(0);
    expect(top.results[0]!.url.startsWith(emu.url)).toBe(true);
  });

  it("searches only the asked categories", async () => {
    const news = await searx.search("rain weekend", { categories: ["news"] });
    expect(news.results.map((r) => r.category)).toEqual(["news"]);
    expect((await searx.search("rain weekend")).results).toEqual([]); // default category is general
  });

  it("explains that JSON is disabled when SearXNG answers 403", async () => {
    emu.setFormats(["html"]);
    const err = await failure(searx.search("zigbee"));
    expect(err.status).toBe(403);
    expect(err.message).toBe("JSON format is disabled in SearXNG settings.yml: enable it under search.formats");
  });

  it("maps parameters SearXNG refuses to bad_request with its message", async () => {
    const err = await failure(searx.search("zigbee", { pageno: 0 }));
    expect(err.kind).toBe("bad_request");
    expect(err.message).toContain('Invalid value "0" for parameter pageno');
    expect((await failure(searx.search("   "))).kind).toBe("bad_request");
    expect((await failure(searx.search("zigbee", { limit: 0 }))).kind).toBe("bad_request");
  });

  it("reports unreachable once SearXNG has stopped", async () => {
    const own = await startSearxngEmulator();
    const states: string[] = [];
    const client = new SearxngClient({ url: own.url }, log, (s) => states.push(s));
    try {
      await client.search("mqtt");
      await own.close();
      expect((await failure(client.search("mqtt"))).kind).toBe("unreachable");
      expect(states).toEqual(["up", "down"]);
    } finally {
      await client.close();
    }
  });
});

describe("fetchPage", () => {
  it("turns HTML into text without scripts, styles or navigation", async () => {
    const page = await searx.fetchPage(`${emu.url}/pages/article`);
    expect(page.title).toBe("Home Assistant 2026.1 release notes & more");
    expect(page.text).toContain("Home Assistant 2026.1 release notes");
    expect(page.text).toContain("Café owners said the change “mattered” to them.");
    for (const noise of [SCRIPT_MARKER, STYLE_MARKER, NAV_MARKER, "Please enable JavaScript"]) {
      expect(page.text).not.toContain(noise);
    }
    expect(page.truncated).toBe(false);
  });

  it("stops reading a huge page at the byte cap and cuts the text", async () => {
    const page = await searx.fetchPage(`${emu.url}/pages/huge`, { maxBytes: 256 * 1024, maxChars: 5_000 });
    expect(page.truncated).toBe(true);
    expect(page.title).toBe("A very long page");
    expect(page.text.length).toBeLessThanOrEqual(5_001);
    // The server stops once we hang up: far less than the page was ever sent.
    await new Promise((r) => setTimeout(r, 100));
    expect(emu.hugeBytesSent()).toBeLessThan(HUGE_PAGE_BYTES / 2);
  });

  it("refuses non-http(s) URLs without sending anything", async () => {
    const before = emu.requestCount();
    for (const url of ["file:///etc/passwd", "ftp://127.0.0.1/pub/file.txt", "not a url"]) {
      expect((await failure(searx.fetchPage(url))).kind).toBe("bad_request");
    }
    expect(emu.requestCount()).toBe(before);
  });

  it("follows a few redirects, but not loops or redirects to other schemes", async () => {
    const page = await searx.fetchPage(`${emu.url}/pages/redirect`);
    expect(page.url).toBe(`${emu.url}/pages/article`);
    expect((await failure(searx.fetchPage(`${emu.url}/pages/redirect-loop`))).message).toContain("redirects more than");
    const toFile = await failure(searx.fetchPage(`${emu.url}/pages/redirect-file`));
    expect(toFile.kind).toBe("bad_request");
    expect(toFile.message).toContain("file:");
  });

  it("says clearly when the URL is not a page, passes plain text through, and maps 404", async () => {
    const binary = await failure(searx.fetchPage(`${emu.url}/pages/binary`));
    expect(binary.explain()).toContain("is application/zip, not a web page or text");
    const notes = await searx.fetchPage(`${emu.url}/pages/notes.txt`);
    expect(notes).toMatchObject({ contentType: "text/plain", text: "Plain notes: the backup runs at 02:00." });
    expect((await failure(searx.fetchPage(`${emu.url}/pages/gone`))).kind).toBe("not_found");
  });

  it("refuses a page on the home network (the emulator, with the real ranges) without approval", async () => {
    const plain = new SearxngClient({ url: emu.url }, log);
    try {
      const before = emu.requestCount();
      const err = await failure(plain.fetchPage(`${emu.url}/pages/article`));
      expect(err.kind).toBe("bad_request");
      expect(err.message).toContain("127.0.0.1: this machine (loopback)");
      expect(emu.requestCount()).toBe(before);
    } finally {
      await plain.close();
    }
  });

  it("cuts the text at maxChars", async () => {
    const page = await searx.fetchPage(`${emu.url}/pages/article`, { maxChars: 20 });
    expect(page.truncated).toBe(true);
    expect(page.text).toBe("Home Assistant 2026.…");
  });
});
