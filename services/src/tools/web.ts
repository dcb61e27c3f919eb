// web (GREEN): search through the household's SearXNG and read pages as text. Everything from the web is
// untrusted data. Reading a page on the home network (a private or loopback address) could reach admin
// pages, so it needs the person's approval.
import { isIP } from "node:net";
import { z } from "zod";
import type { SearxngClient } from "../clients/searxng.js";
import type { Tier } from "./tiers.js";
import { defineTool } from "./tool.js";

/** A literal host that is on this machine or the LAN (names are not resolved here). */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".lan") || host.endsWith(".home.arpa") || host.endsWith(".internal")) {
    return true;
  }
  const version = isIP(host);
  if (version === 4) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) return host === "::1" || host === "::" || /^f[cd]/.test(host) || host.startsWith("fe80") || host.startsWith("::ffff:");
  return false;
}

export function webTools(searxng: SearxngClient) {
  return [
    defineTool({
      name: "web_search",
      category: "web",
      description: "Search the web (through SearXNG). Returns titles, links and snippets.",
      input: z.object({ query: z.string().min(1).max(400), limit: z.int().min(1).max(20).default(5) }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => {
        const r = await searxng.search(a.query, { limit: a.limit });
        return {
          results: r.results.map((x) => ({ title: x.title, url: x.url, snippet: x.content, published: x.publishedDate ?? undefined })),
          answers: r.answers.length > 0 ? r.answers : undefined,
        };
      },
    }),
    defineTool({
      name: "fetch_webpage",
      category: "web",
      description: "Read a web page as plain text (scripts, menus and footers left out; long pages cut).",
      input: z.object({ url: z.url({ protocol: /^https?$/ }), max_chars: z.int().min(500).max(50_000).default(20_000) }),
      tier: "GREEN",
      untrusted: true,
      raise: (a): Tier => (isLocalHost(new URL(a.url).hostname) ? "ORANGE" : "GREEN"),
      summarize: (a) => `Read ${a.url} (an address on the home network)`,
      handler: async (a, ctx) => {
        const page = await searxng.fetchPage(a.url, { maxChars: a.max_chars });
        if (ctx.signal.aborted) throw new Error("cancelled");
        return { url: page.url, title: page.title, text: page.text, truncated: page.truncated };
      },
    }),
  ];
}
