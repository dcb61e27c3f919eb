// Web pages served next to the search API, for fetchPage: a normal article wrapped in site chrome (nav,
// scripts, styles), an endless-looking huge page, redirects (one good, one looping, one to file:), a
// binary file and a plain-text file. The huge page counts what it really sent.
import type { ServerResponse } from "node:http";
import { CORPUS } from "./corpus.js";

export const HUGE_PAGE_BYTES = 64 * 1024 * 1024;
export const SCRIPT_MARKER = "trackVisitorSecretly";
export const STYLE_MARKER = "hotpink";
export const NAV_MARKER = "Subscribe to our newsletter";

function articleHtml(title: string, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} &amp; more</title>
<style>body { color: ${STYLE_MARKER}; }</style>
<script>window.${SCRIPT_MARKER} = function () { return document.cookie; };</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> ${NAV_MARKER}</nav>
<header><p>The Example Gazette</p></header>
<main><article><h1>${title}</h1><p>${content}</p>
<p>Caf&eacute; owners said the change &ldquo;mattered&rdquo; to them.</p>
<script>console.log("${SCRIPT_MARKER}")</script></article></main>
<footer>&copy; 2026 Example Gazette. ${NAV_MARKER}</footer>
<noscript>Please enable JavaScript</noscript>
</body></html>`;
}

/** Streams HUGE_PAGE_BYTES of HTML, honouring backpressure, and stops when the client hangs up. */
function streamHuge(res: ServerResponse, sent: (n: number) => void): void {
  const line = Buffer.from(`<p>${"All work and no play makes a very long page. ".repeat(20)}</p>\n`);
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": HUGE_PAGE_BYTES });
  res.write("<!doctype html><html><head><title>A very long page</title></head><body>\n");
  let total = 0;
  const pump = () => {
    while (total < HUGE_PAGE_BYTES && !res.destroyed) {
      const chunk = line.subarray(0, Math.min(line.length, HUGE_PAGE_BYTES - total));
      total += chunk.length;
      sent(chunk.length);
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** Serves `path` if it is one of the pages; false when it is not. */
export function servePage(res: ServerResponse, path: string, sent: (n: number) => void): boolean {
  const html = (status: number, body: string) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  };
  const redirect = (location: string) => {
    res.writeHead(302, { location, "content-type": "text/html; charset=utf-8" });
    res.end(`<a href="${location}">moved</a>`);
  };
  const doc = CORPUS.find((d) => d.path === path);
  if (doc) html(200, articleHtml(doc.title, doc.content));
  else if (path === "/pages/huge") streamHuge(res, sent);
  else if (path === "/pages/redirect") redirect("/pages/article");
  else if (path === "/pages/redirect-loop") redirect("/pages/redirect-loop");
  else if (path === "/pages/redirect-file") redirect("file:///etc/passwd");
  else if (path === "/pages/binary") {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), Buffer.alloc(4096, 7)]);
    res.writeHead(200, { "content-type": "application/zip", "content-length": bytes.length });
    res.end(bytes);
  } else if (path === "/pages/notes.txt") {
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    res.end("Plain notes: the backup runs at 02:00.\n");
  } else return false;
  return true;
}
