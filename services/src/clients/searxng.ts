// Web search through a SearXNG instance (its JSON API) and reading a web page as plain text. Pages are
// fetched directly, http(s) only, a few redirects at most, and never read past a byte cap.
import { z } from "zod";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";
import { ClientError } from "./errors.js";
import { headerValue, HttpClient, statusError, type StatusCallback } from "./http.js";
import { decode, htmlTitle, htmlToText, textKind } from "./searxng/page.js";

const SERVICE = "SearXNG";
const PAGE_SERVICE = "Web page";

export interface SearxngOptions {
  url: string;
  timeoutMs?: number;
  /** Cap on a search answer. */
  maxBytes?: number;
}

export interface SearchOptions {
  /** Results to return, 1-50 (default 5). */
  limit?: number;
  categories?: readonly string[];
  language?: string;
  pageno?: number;
}

export interface SearchResult {
  title: string;
  url: string;
  content: string;
  engines: string[];
  score: number | null;
  category: string | null;
  publishedDate: string | null;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
  answers: string[];
  suggestions: string[];
  /** Engines that failed, as "engine (reason)". */
  unresponsiveEngines: string[];
}

export interface PageOptions {
  /** Stop reading the page after this many bytes (default 1 MiB). */
  maxBytes?: number;
  /** Cut the extracted text at this many characters (default 20,000). */
  maxChars?: number;
  timeoutMs?: number;
}

export interface WebPage {
  /** Where the page was finally read from, after redirects. */
  url: string;
  title: string;
  text: string;
  contentType: string;
  /** The page was longer than maxBytes or its text longer than maxChars. */
  truncated: boolean;
}

const DEFAULTS = { timeoutMs: 15_000, maxBytes: 4 * 1024 * 1024 };
const PAGE_DEFAULTS = { maxBytes: 1024 * 1024, maxChars: 20_000 };
const MAX_REDIRECTS = 3;
const JSON_DISABLED = "JSON format is disabled in SearXNG settings.yml: enable it under search.formats";

const answerSchema = z.union([z.string(), z.object({ answer: z.string() }).transform((a) => a.answer)]);
const searchSchema = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      url: z.string(),
      title: z.string().default(""),
      content: z.string().nullish(),
      engine: z.string().nullish(),
      engines: z.array(z.string()).nullish(),
      score: z.number().nullish(),
      category: z.string().nullish(),
      publishedDate: z.string().nullish(),
    }),
  ),
  answers: z.array(answerSchema).default([]),
  suggestions: z.array(z.string()).default([]),
  unresponsive_engines: z.array(z.array(z.string())).default([]),
});

/** SearXNG's JSON errors are {"error": "..."}. */
function errorMessage(body: Buffer): string | undefined {
  try {
    const error = (JSON.parse(body.toString("utf8")) as { error?: unknown }).error;
    return typeof error === "string" ? error : undefined;
  } catch {
    return undefined;
  }
}

function httpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new ClientError(PAGE_SERVICE, "bad_request", `"${raw}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ClientError(PAGE_SERVICE, "bad_request", `only http and https URLs can be fetched, not ${url.protocol}`);
  }
  return url;
}

export class SearxngClient {
  private readonly api: HttpClient;
  private readonly pages: HttpClient;
  private readonly base: string;
  private readonly maxBytes: number;

  constructor(
    opts: NonNullable<Config["searxng"]> | SearxngOptions,
    private readonly log: Logger,
    onStatus?: StatusCallback,
  ) {
    const o = { ...DEFAULTS, ...opts };
    this.base = o.url.replace(/\/+$/, "");
    this.maxBytes = o.maxBytes;
    this.api = new HttpClient(SERVICE, o.timeoutMs, onStatus);
    // Pages are other sites: their failures say nothing about SearXNG's health.
    this.pages = new HttpClient(PAGE_SERVICE, o.timeoutMs);
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchResponse> {
    const limit = opts.limit ?? 5;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new ClientError(SERVICE, "bad_request", `limit must be an integer from 1 to 50, not ${limit}`);
    }
    if (query.trim() === "") throw new ClientError(SERVICE, "bad_request", "the search query is empty");
    const url = new URL(`${this.base}/search`);
    url.searchParams.set("q", query);
    url.searchParams.set("format", "json");
    if (opts.categories?.length) url.searchParams.set("categories", opts.categories.join(","));
    if (opts.language) url.searchParams.set("language", opts.language);
    if (opts.pageno !== undefined) url.searchParams.set("pageno", String(opts.pageno));

    const res = await this.api.get(url.toString(), { maxBytes: this.maxBytes, headers: { accept: "application/json" } });
    if (res.status === 403) throw new ClientError(SERVICE, "bad_request", JSON_DISABLED, { status: 403 });
    if (res.status !== 200) {
      const detail = errorMessage(res.body) ?? `HTTP ${res.status}`;
      this.log.debug({ status: res.status, detail }, "searxng search refused");
      throw statusError(SERVICE, res.status, `search for "${query}": ${detail}`);
    }
    let parsed: z.infer<typeof searchSchema>;
    try {
      parsed = searchSchema.parse(JSON.parse(res.body.toString("utf8")));
    } catch {
      throw new ClientError(SERVICE, "upstream", `search for "${query}": the answer is not SearXNG's JSON`);
    }
    return {
      query: parsed.query,
      results: parsed.results.slice(0, limit).map((r) => ({
        title: r.title,
        url: r.url,
        content: r.content ?? "",
        engines: r.engines ?? (r.engine ? [r.engine] : []),
        score: r.score ?? null,
        category: r.category ?? null,
        publishedDate: r.publishedDate ?? null,
      })),
      answers: parsed.answers,
      suggestions: parsed.suggestions,
      unresponsiveEngines: parsed.unresponsive_engines.map(([name, why]) => (why ? `${name} (${why})` : `${name}`)),
    };
  }

  /** Reads a web page as plain text (HTML is converted, plain text passed through); other content is refused. */
  async fetchPage(rawUrl: string, opts: PageOptions = {}): Promise<WebPage> {
    const { maxBytes, maxChars } = { ...PAGE_DEFAULTS, ...opts };
    let url = httpUrl(rawUrl);
    for (let hops = 0; ; hops++) {
      const res = await this.pages.get(url.toString(), {
        maxBytes,
        overflow: "truncate",
        timeoutMs: opts.timeoutMs,
        headers: { accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1" },
        inspect: (status, headers) => {
          if (status >= 300) return "skip";
          const type = headerValue(headers, "content-type");
          if (type === "" || textKind(type)) return "read";
          return new ClientError(PAGE_SERVICE, "upstream", `${url} is ${type.split(";")[0]}, not a web page or text`);
        },
      });
      if (res.status >= 300 && res.status < 400) {
        const location = headerValue(res.headers, "location");
        if (!location) throw new ClientError(PAGE_SERVICE, "upstream", `${url} redirects without a Location`);
        if (hops >= MAX_REDIRECTS) {
          throw new ClientError(PAGE_SERVICE, "upstream", `${rawUrl} redirects more than ${MAX_REDIRECTS} times`);
        }
        url = httpUrl(location, url);
        continue;
      }
      if (res.status >= 400) throw statusError(PAGE_SERVICE, res.status, `${url} answered HTTP ${res.status}`);
      return this.readable(url, res.body, headerValue(res.headers, "content-type"), res.truncated, maxChars);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.api.close(), this.pages.close()]);
  }

  private readable(url: URL, body: Buffer, contentType: string, cut: boolean, maxChars: number): WebPage {
    // Without a Content-Type, NUL bytes near the start mean it is not text.
    if (contentType === "" && body.subarray(0, 1024).includes(0)) {
      throw new ClientError(PAGE_SERVICE, "upstream", `${url} is binary data, not a web page or text`);
    }
    const source = decode(body, contentType);
    const isHtml = contentType === "" ? /<html|<body|<p[\s>]/i.test(source) : textKind(contentType) === "html";
    const full = isHtml ? htmlToText(source) : source.trim();
    const truncated = cut || full.length > maxChars;
    return {
      url: url.toString(),
      title: isHtml ? htmlTitle(source) : "",
      text: full.length > maxChars ? `${full.slice(0, maxChars)}…` : full,
      contentType: contentType.split(";")[0]!.trim() || (isHtml ? "text/html" : "text/plain"),
      truncated,
    };
  }
}
