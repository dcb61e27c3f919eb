// Web search through a SearXNG instance (its JSON API) and reading a web page as plain text. Pages are
// fetched directly, http(s) only, through the URL guard (every address and redirect hop checked, the checked
// address connected to), a few redirects at most, and never read past a byte cap.
import { z } from "zod";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";
import { fetchChecked, type Fetched } from "../net/fetch.js";
import { UrlError, UrlGuard, type CheckedUrl } from "../net/guard.js";
import { ClientError, toClientError } from "./errors.js";
import { headerValue, HttpClient, statusError, type StatusCallback } from "./http.js";
import { decode, htmlTitle, htmlToText, textKind } from "./searxng/page.js";

const SERVICE = "SearXNG";
const PAGE_SERVICE = "Web page";

export interface SearxngOptions {
  url: string;
  timeoutMs?: number;
  /** Cap on a search answer. */
  maxBytes?: number;
  /** Checks the pages' URLs (default: the system resolver and the real address ranges). */
  urlGuard?: UrlGuard;
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
  signal?: AbortSignal;
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

/** A URL guard's refusal, or a network failure, as the page reader's ClientError. */
function pageError(err: unknown): ClientError {
  return err instanceof UrlError ? new ClientError(PAGE_SERVICE, err.kind, err.message, { cause: err }) : toClientError(PAGE_SERVICE, err);
}

export class SearxngClient {
  /** The gate every page URL goes through; tools use it to decide a fetch's tier from the same check. */
  readonly urls: UrlGuard;
  private readonly api: HttpClient;
  private readonly base: string;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;

  constructor(
    opts: NonNullable<Config["searxng"]> | SearxngOptions,
    private readonly log: Logger,
    onStatus?: StatusCallback,
  ) {
    const o = { ...DEFAULTS, ...opts };
    this.base = o.url.replace(/\/+$/, "");
    this.maxBytes = o.maxBytes;
    this.timeoutMs = o.timeoutMs;
    this.api = new HttpClient(SERVICE, o.timeoutMs, onStatus);
    this.urls = ("urlGuard" in opts ? opts.urlGuard : undefined) ?? new UrlGuard();
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

  /**
   * Reads a web page as plain text (HTML is converted, plain text passed through); other content is refused.
   * A URL given as text is checked here and refused on the home network; a CheckedUrl is one the caller had
   * approved as it was checked, and is read at the address it was checked at.
   */
  async fetchPage(target: string | CheckedUrl, opts: PageOptions = {}): Promise<WebPage> {
    const { maxBytes, maxChars } = { ...PAGE_DEFAULTS, ...opts };
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    let res: Fetched;
    try {
      const first = typeof target === "string" ? await this.urls.check(target) : target;
      res = await fetchChecked(first, this.urls, {
        approved: typeof target !== "string",
        maxRedirects: MAX_REDIRECTS,
        timeoutMs,
        signal: opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline,
        headers: { accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1" },
      });
    } catch (err) {
      throw pageError(err);
    }
    try {
      if (res.status >= 400) throw statusError(PAGE_SERVICE, res.status, `${res.url} answered HTTP ${res.status}`);
      const type = headerValue(res.headers, "content-type");
      if (type !== "" && !textKind(type)) {
        throw new ClientError(PAGE_SERVICE, "upstream", `${res.url} is ${type.split(";")[0]}, not a web page or text`);
      }
      const { body, truncated } = await readUpTo(res.body, maxBytes);
      return this.readable(res.url, body, type, truncated, maxChars);
    } catch (err) {
      throw pageError(err);
    } finally {
      await res.release();
    }
  }

  async close(): Promise<void> {
    await this.api.close();
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

/** The first maxBytes of a body; the rest is never downloaded (the caller drops the connection). */
async function readUpTo(body: AsyncIterable<Buffer>, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}
