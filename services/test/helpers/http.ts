// A tiny HTTP client for tests that can pick its source address, so a test can be "the Supervisor"
// (a trusted loopback alias) or anyone else.
import { request as httpRequest } from "node:http";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: any;
}

export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | object; localAddress?: string } = {},
): Promise<Reply> {
  const body = typeof opts.body === "object" ? JSON.stringify(opts.body) : opts.body;
  const headers = { ...(typeof opts.body === "object" ? { "content-type": "application/json" } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? "GET", headers, localAddress: opts.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
