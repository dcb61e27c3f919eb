// The built frontend as the browser gets it: the card bundle with its content type and an ETag that
// revalidates, the ingress page never cached, and a 503 that says what to do while nothing is built.
import type { AddressInfo } from "node:net";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultFrontendDir, FrontendFiles } from "../../src/api/static.js";
import { request } from "../helpers/http.js";
import { tempDir } from "../helpers/jarvis.js";

let dir: string;
let url: string;
let close: () => void;

beforeAll(async () => {
  dir = path.join(tempDir("jarvis-static-"), "dist");
  const files = new FrontendFiles(dir, pino({ level: "silent" }));
  const app = express();
  app.get("/jarvis-card.js", files.card());
  app.get("/", files.page());
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => {
  close();
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

describe("frontend files", () => {
  it("answers 503 with how to build it while the card is not built", async () => {
    for (const route of ["/jarvis-card.js", "/"]) {
      const res = await request(`${url}${route}`);
      expect(res.status).toBe(503);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      expect(res.body).toMatch(/has not been built yet: build it with `npm run build -w frontend-card`/);
    }
  });

  it("serves the bundle as JavaScript with an ETag that revalidates, and a rebuilt bundle under a new one", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "jarvis-card.js"), "customElements.define('jarvis-card', class extends HTMLElement {});\n");
    const first = await request(`${url}/jarvis-card.js`);
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(first.headers["cache-control"]).toBe("public, no-cache");
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.body).toContain("jarvis-card");

    const again = await request(`${url}/jarvis-card.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");

    writeFileSync(path.join(dir, "jarvis-card.js"), "// rebuilt, and longer than before\n");
    const rebuilt = await request(`${url}/jarvis-card.js`, { headers: { "if-none-match": etag } });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.headers.etag).not.toBe(etag);
    expect(rebuilt.body).toBe("// rebuilt, and longer than before\n");
  });

  it("serves the ingress page as HTML that is never stored", async () => {
    writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>Jarvis</title><script type=module src=./jarvis-card.js></script>");
    const page = await request(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain("<title>Jarvis</title>");
  });

  it("finds frontend-card/dist of this checkout by default", () => {
    expect(defaultFrontendDir()).toBe(path.resolve(import.meta.dirname, "../../../frontend-card/dist"));
  });
});
