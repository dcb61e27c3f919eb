// An emulated SearXNG on 127.0.0.1: GET /search with q, format, pageno, categories and language, answering
// as searx/webapp.py does (403 for a format not enabled in settings.yml, 400 {"error": ...} for a missing
// query or a bad parameter), plus test pages for fetchPage under /pages/.
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenLoopback } from "../frigate/listen.js";
import { resultObject, searchCorpus } from "./corpus.js";
import { servePage } from "./pages.js";

export { CORPUS } from "./corpus.js";
export { HUGE_PAGE_BYTES, NAV_MARKER, SCRIPT_MARKER, STYLE_MARKER } from "./pages.js";

export interface SearxngEmulator {
  url: string;
  /** Output formats enabled in the emulated settings.yml (search.formats); default html and json. */
  setFormats(formats: readonly string[]): void;
  requestCount(path?: string): number;
  /** Bytes of /pages/huge actually written to sockets so far. */
  hugeBytesSent(): number;
  close(): Promise<void>;
}

const OUTPUT_FORMATS = ["html", "csv", "json", "rss"];
const CATEGORIES = ["general", "news", "it", "science"];
const PAGE_SIZE = 10;

// Flask's stock abort(403) page.
const FORBIDDEN_HTML = `<!doctype html>
<html lang=en>
<title>403 Forbidden</title>
<h1>Forbidden</h1>
<p>You don&#39;t have the permission to access the requested resource. It is either read-protected or not readable by the server.</p>
`;
const NOT_FOUND_HTML = `<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
`;

/** searx.exceptions.SearxParameterException's wording. */
function parameterError(name: string, value: string): string {
  return value === "" ? `Empty ${name} parameter` : `Invalid value "${value}" for parameter ${name}`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function search(base: string, params: URLSearchParams, formats: readonly string[], res: ServerResponse): void {
  const requested = params.get("format") ?? "html";
  const format = OUTPUT_FORMATS.includes(requested) ? requested : "html";
  if (!formats.includes(format)) return send(res, 403, "text/html; charset=utf-8", FORBIDDEN_HTML);
  const json = (status: number, body: unknown) => send(res, status, "application/json", JSON.stringify(body));
  const q = params.get("q") ?? "";
  if (format !== "json") {
    // Only the JSON API is emulated; other formats get a minimal page so they are visibly not it.
    return send(res, 200, "text/html; charset=utf-8", `<!doctype html><title>${q || "SearXNG"}</title>`);
  }
  if (q === "") return json(400, { error: "No query" });
  const pageno = params.get("pageno") ?? "1";
  if (!/^\d+$/.test(pageno) || Number(pageno) < 1) return json(400, { error: parameterError("pageno", pageno) });
  const language = params.get("language") ?? "all";
  if (!/^(all|auto|[a-z]{2,3}(-[A-Z]{2})?)$/.test(language)) {
    return json(400, { error: parameterError("language", language) });
  }
  const asked = (params.get("categories") ?? "").split(",").filter((c) => CATEGORIES.includes(c));
  const hits = searchCorpus(q, asked.length > 0 ? asked : ["general"]);
  const start = (Number(pageno) - 1) * PAGE_SIZE;
  const results = hits
    .slice(start, start + PAGE_SIZE)
    .map(({ doc, score }, i) => resultObject(base, doc, start + i + 1, score));
  json(200, {
    query: q,
    number_of_results: 0,
    results,
    answers: [],
    corrections: [],
    infoboxes: [],
    suggestions: hits.length === 0 ? [] : [`${q} guide`],
    unresponsive_engines: [],
  });
}

export async function startSearxngEmulator(): Promise<SearxngEmulator> {
  let formats: readonly string[] = ["html", "json"];
  let hugeSent = 0;
  let base = "";

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    if (url.pathname === "/search" && req.method === "GET") return search(base, url.searchParams, formats, res);
    if (req.method === "GET" && servePage(res, url.pathname, (n) => (hugeSent += n))) return;
    send(res, 404, "text/html; charset=utf-8", NOT_FOUND_HTML);
  };
  const server = await listenLoopback(handle);
  base = server.url;

  return {
    url: server.url,
    setFormats: (f) => {
      formats = f;
    },
    requestCount: server.requestCount,
    hugeBytesSent: () => hugeSent,
    close: server.close,
  };
}
