// web (GREEN): search through the household's SearXNG and read pages as text. Everything from the web is
// untrusted data. A page URL is resolved and judged before the call gets its tier: the home network (any
// private, loopback, link-local, CGNAT or ULA address, however spelled or reached by name) could be admin
// pages, so reading it needs the person's approval, and the read then connects to the very address they saw.
import { z } from "zod";
import type { SearxngClient } from "../clients/searxng.js";
import { describeTarget, isCheckedUrl, targetBinding, type CheckedUrl } from "../net/guard.js";
import type { Assessment } from "./tool.js";
import { defineTool } from "./tool.js";

/**
 * A checked URL's tier: the open internet GREEN, the home network ORANGE, places no page lives (metadata
 * services, unspecified, multicast) BLACK; the check itself goes to the run as its pin.
 */
export function urlAssessment(checked: CheckedUrl): Assessment {
  const base = { pin: checked, binding: targetBinding(checked) };
  switch (checked.verdict.kind) {
    case "outside":
      return { ...base, tier: "GREEN" };
    case "home":
      return { ...base, tier: "ORANGE", why: `${describeTarget(checked)}, on the home network` };
    case "never":
      return { ...base, tier: "BLACK", why: `${checked.url} is never fetched: ${describeTarget(checked)}` };
  }
}

/** The URL as the tier check saw it, or the URL itself (then checked again and refused on the home network). */
export const checkedOr = (pin: unknown, url: string): CheckedUrl | string => (isCheckedUrl(pin) && pin.url.href === new URL(url).href ? pin : url);

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
      raise: async (a) => urlAssessment(await searxng.urls.check(a.url)),
      summarize: (a) => `Read ${a.url}`,
      handler: async (a, ctx) => {
        const page = await searxng.fetchPage(checkedOr(ctx.pin, a.url), { maxChars: a.max_chars, signal: ctx.signal });
        return { url: page.url, title: page.title, text: page.text, truncated: page.truncated };
      },
    }),
  ];
}
