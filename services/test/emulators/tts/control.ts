// The HTTP shell every emulated TTS engine shares: reads the request, lets the engine's pure route table
// answer it, and applies the test hooks: fail (the engine's own 500), hang (accept and never answer), a fixed
// or per-text latency, and counters of requests and of the texts actually synthesised.
import type { ServerResponse } from "node:http";
import { listenLoopback } from "../frigate/listen.js";

export interface EmulatedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface EmulatedReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
  /** Set when this reply synthesised `text`. */
  text?: string;
}

export interface TtsEmulator {
  url: string;
  /** Every request received so far (health checks included), optionally only those to `path`. */
  requestCount(path?: string): number;
  /** The texts synthesised so far, in order of arrival. */
  texts(): string[];
  /** Answer every request with the engine's own 500 error. */
  fail(on?: boolean): void;
  /** Accept every request and never answer it (until close). */
  hang(on?: boolean): void;
  /** Delay each answer by a fixed time, or by a time chosen per synthesised text. */
  setLatency(ms: number | ((text: string) => number)): void;
  close(): Promise<void>;
}

export type Route = (req: EmulatedRequest) => EmulatedReply;

export const json = (status: number, value: unknown): EmulatedReply => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

export async function startTtsEmulator(route: Route, failure: () => EmulatedReply): Promise<TtsEmulator> {
  let failing = false;
  let hanging = false;
  let latency: number | ((text: string) => number) = 0;
  const texts: string[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, reply: EmulatedReply) => {
    if (res.destroyed) return;
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  };

  const listening = await listenLoopback((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (hanging) return;
      const url = new URL(req.url ?? "/", "http://emulator");
      const request = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const reply = failing ? failure() : route(request);
      if (reply.text !== undefined) texts.push(reply.text);
      const delay = typeof latency === "function" ? latency(reply.text ?? "") : latency;
      if (delay <= 0) return send(res, reply);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, reply);
      }, delay);
      timers.add(timer);
    });
  });

  return {
    url: listening.url,
    requestCount: listening.requestCount,
    texts: () => [...texts],
    fail: (on = true) => void (failing = on),
    hang: (on = true) => void (hanging = on),
    setLatency: (ms) => void (latency = ms),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await listening.close();
    },
  };
}
