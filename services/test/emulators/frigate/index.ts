// An emulated Frigate HTTP API on 127.0.0.1 (the paths Frigate serves behind /api on port 5000). Unknown
// paths, wrong methods and badly typed parameters get FastAPI's own answers (404/405/422), so a client that
// sends what real Frigate would refuse fails here too.
import type { IncomingMessage, ServerResponse } from "node:http";
import { CAMERAS, makeEvent, seedEvents, type EventRow, type NewEvent } from "./data.js";
import { FRAME_HEIGHT, renderJpeg, widthForHeight } from "./images.js";
import { listenLoopback } from "./listen.js";
import { mqttEventLifecycle, type MqttEventMessage } from "./mqtt.js";
import { parseParams } from "./params.js";
import { ROUTES, type FrigateState, type Reply, type Route } from "./routes.js";

export { CAMERAS, type EventRow, type NewEvent } from "./data.js";
export { mqttEventLifecycle, mqttEventMessage, type MqttEventMessage, type MqttEventType } from "./mqtt.js";
export { ROUTES } from "./routes.js";

export interface FrigateEmulator {
  /** Base URL, as a user would configure FRIGATE_URL (the API lives under /api). */
  url: string;
  readonly events: readonly EventRow[];
  /** Adds an event (as if Frigate had just tracked it) and returns it with its MQTT messages. */
  addEvent(input: NewEvent): { event: EventRow; mqtt: MqttEventMessage[] };
  /** Requests answered so far, optionally only those whose path (without query) equals `path`. */
  requestCount(path?: string): number;
  /** Holds every answer back this long (to exercise client timeouts). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

const TEMPLATE_PARAM = /\{(\w+)\}/g;

function compile(route: Route): RegExp {
  const escaped = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(TEMPLATE_PARAM, "(?<$1>[^/]+)")}$`);
}

function send(res: ServerResponse, reply: Reply): void {
  if ("image" in reply) {
    res.writeHead(200, { "content-type": reply.mime, "content-length": reply.image.length });
    res.end(reply.image);
    return;
  }
  const body = JSON.stringify(reply.json);
  res.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function startFrigateEmulator(opts: { now?: number } = {}): Promise<FrigateEmulator> {
  const now = opts.now ?? Date.now() / 1000;
  const events = seedEvents(now);
  const images = new Map<string, Buffer>();
  const frames = new Map<string, number>();
  let delayMs = 0;

  const cached = (key: string, make: () => Buffer) => {
    const hit = images.get(key);
    if (hit) return hit;
    const made = make();
    if (images.size > 500) images.clear(); // live frames are unique; keep memory bounded in long demos
    images.set(key, made);
    return made;
  };
  const state: FrigateState = {
    now,
    events,
    jpeg: (seed, height = FRAME_HEIGHT, quality = 70) =>
      cached(`${seed}@${height}q${quality}`, () => renderJpeg(seed, widthForHeight(height), height, quality)),
    thumbnail: (e) => cached(`thumb:${e.id}`, () => renderJpeg(`thumb:${e.id}`, 175, 175)),
    nextFrame: (camera) => {
      const n = (frames.get(camera) ?? 0) + 1;
      frames.set(camera, n);
      return n;
    },
  };
  const table = ROUTES.map((route) => ({ route, pattern: compile(route) }));

  function answer(req: IncomingMessage): Reply {
    const url = new URL(req.url ?? "/", "http://frigate");
    if (!url.pathname.startsWith("/api/")) return { status: 404, json: { detail: "Not Found" } };
    const path = url.pathname.slice("/api".length);
    const matches = table.flatMap(({ route, pattern }) => {
      const m = pattern.exec(path);
      return m ? [{ route, groups: m.groups ?? {} }] : [];
    });
    const match = matches.find((m) => m.route.method === req.method);
    if (!match) return { status: matches.length ? 405 : 404, json: { detail: matches.length ? "Method Not Allowed" : "Not Found" } };
    const p = parseParams("path", match.route.pathParams, (n) => {
      const v = match.groups[n];
      return v === undefined ? undefined : decodeURIComponent(v);
    });
    const q = parseParams("query", match.route.query, (n) => url.searchParams.get(n) ?? undefined);
    const issues = [...p.issues, ...q.issues];
    if (issues.length > 0) return { status: 422, json: { detail: issues } };
    return match.route.handle(state, p.values, q.values);
  }

  const server = await listenLoopback((req, res) => {
    const reply = answer(req);
    if (delayMs > 0) setTimeout(() => send(res, reply), delayMs).unref();
    else send(res, reply);
  });

  return {
    url: server.url,
    events,
    addEvent(input) {
      if (!CAMERAS.some((c) => c.name === input.camera)) throw new Error(`unknown camera ${input.camera}`);
      const event = makeEvent({ start_time: Date.now() / 1000, ...input }, events.length, now);
      events.push(event);
      return { event, mqtt: mqttEventLifecycle(event) };
    },
    requestCount: server.requestCount,
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: server.close,
  };
}
