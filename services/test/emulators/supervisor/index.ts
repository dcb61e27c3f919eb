// An emulated HA Supervisor on 127.0.0.1, the part an add-on reaches with its SUPERVISOR_TOKEN: GET
// /addons/self/info and POST /discovery. Like the real one it takes the token from X-Supervisor-Token or
// Authorization (the last word), answers 401 without one and 403 for a token it does not know (aiohttp's plain
// text), wraps answers in {"result": "ok", "data": ...} and errors in {"result": "error", "message": ...},
// refuses a discovery for a service the add-on's config.yaml does not list, and keeps one message per
// add-on and service (sending it again keeps its uuid and replaces its config). Home Assistant's own token
// (`coreToken`) reads what HA reads (supervisor/api/discovery.py, require_home_assistant): GET /discovery
// ({discovery: [...], services: {...}}), GET /discovery/{uuid} and GET /addons/{slug}/info.
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenLoopback } from "../frigate/listen.js";
import { discoveryBodyError } from "./validate.js";

export interface SupervisorAddon {
  slug: string;
  name: string;
  hostname: string;
  ipAddress: string;
  version: string;
  /** The `discovery` list of the add-on's config.yaml. */
  discovery: string[];
  ingressPort: number;
}

export interface DiscoveryMessage {
  uuid: string;
  addon: string;
  service: string;
  config: Record<string, unknown>;
}

export interface SupervisorEmulator {
  url: string;
  /** The add-on's SUPERVISOR_TOKEN. */
  token: string;
  /** Home Assistant Core's SUPERVISOR_TOKEN. */
  coreToken: string;
  addon: SupervisorAddon;
  /** Discovery messages the Supervisor holds, as Home Assistant would read them. */
  messages(): DiscoveryMessage[];
  /** Every body POSTed to /discovery, accepted or not, in order. */
  discoveryBodies(): unknown[];
  /** Resets the connection of the next `count` requests, as a restarting Supervisor does. */
  dropNext(count: number): void;
  requestCount(path?: string): number;
  close(): Promise<void>;
}

const DEFAULT_ADDON: SupervisorAddon = {
  slug: "a0d7b954_jarvis",
  name: "Jarvis",
  hostname: "a0d7b954-jarvis",
  ipAddress: "127.0.0.1",
  version: "0.1.0",
  discovery: ["jarvis", "wyoming", "mcp"],
  ingressPort: 4000,
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
const ok = (res: ServerResponse, data: unknown) =>
  send(res, 200, "application/json; charset=utf-8", JSON.stringify({ result: "ok", data }));
const error = (res: ServerResponse, status: number, message: string) =>
  send(res, status, "application/json; charset=utf-8", JSON.stringify({ result: "error", message }));
// aiohttp's stock answers for web.HTTPUnauthorized / HTTPForbidden / HTTPNotFound / HTTPMethodNotAllowed.
const plain = (res: ServerResponse, status: number, reason: string) =>
  send(res, status, "text/plain; charset=utf-8", `${status}: ${reason}`);

function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers["x-supervisor-token"] ?? req.headers["x-hassio-key"] ?? req.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  return value ? value.split(" ").at(-1) : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function addonInfo(addon: SupervisorAddon) {
  return {
    name: addon.name,
    slug: addon.slug,
    hostname: addon.hostname,
    ip_address: addon.ipAddress,
    version: addon.version,
    version_latest: addon.version,
    state: "started",
    discovery: addon.discovery,
    ingress: true,
    ingress_port: addon.ingressPort,
    ingress_entry: `/api/hassio_ingress/${randomBytes(8).toString("hex")}`,
    hassio_api: false,
    homeassistant_api: true,
    boot: "auto",
    protected: true,
  };
}

export async function startSupervisor(opts: { addon?: Partial<SupervisorAddon>; token?: string } = {}): Promise<SupervisorEmulator> {
  const addon = { ...DEFAULT_ADDON, ...opts.addon };
  const token = opts.token ?? randomBytes(32).toString("hex");
  const coreToken = randomBytes(32).toString("hex");
  const held = new Map<string, DiscoveryMessage>();
  const bodies: unknown[] = [];
  let toDrop = 0;

  async function postDiscovery(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown = {};
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        return error(res, 400, "Invalid json");
      }
    }
    bodies.push(body);
    const invalid = discoveryBodyError(body);
    if (invalid) return error(res, 400, invalid);
    const { service, config } = body as { service: string; config: Record<string, unknown> };
    if (!addon.discovery.includes(service)) {
      return error(res, 403, "Add-ons must list services they provide via discovery in their config!");
    }
    const uuid = held.get(service)?.uuid ?? randomUUID().replaceAll("-", "");
    held.set(service, { uuid, addon: addon.slug, service, config });
    ok(res, { uuid });
  }

  /** What Home Assistant reads: the messages of started add-ons, one by uuid, and an add-on's info. */
  function forCore(path: string, res: ServerResponse): void {
    if (path === "/discovery") {
      return ok(res, { discovery: [...held.values()], services: Object.fromEntries(addon.discovery.map((s) => [s, [addon.slug]])) });
    }
    const uuid = /^\/discovery\/([^/]+)$/.exec(path)?.[1];
    if (uuid !== undefined) {
      const message = [...held.values()].find((m) => m.uuid === uuid);
      return message ? ok(res, message) : error(res, 404, "Discovery message not found");
    }
    if (path === `/addons/${addon.slug}/info`) return ok(res, addonInfo(addon));
    plain(res, 404, "Not Found");
  }

  const listening = await listenLoopback((req, res) => {
    if (toDrop > 0) {
      toDrop -= 1;
      req.socket.destroy();
      return;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const given = tokenOf(req);
    if (!given) return plain(res, 401, "Unauthorized");
    if (given === coreToken && req.method === "GET") return forCore(path, res);
    if (given !== token) return plain(res, 403, "Forbidden");
    if (path === "/addons/self/info") {
      return req.method === "GET" ? ok(res, addonInfo(addon)) : plain(res, 405, "Method Not Allowed");
    }
    if (path === "/discovery") {
      // Listing every add-on's messages is for Home Assistant's token only.
      if (req.method === "GET") return plain(res, 401, "Unauthorized");
      if (req.method !== "POST") return plain(res, 405, "Method Not Allowed");
      postDiscovery(req, res).catch(() => error(res, 400, "Unknown error, see supervisor"));
      return;
    }
    plain(res, 404, "Not Found");
  });

  return {
    url: listening.url,
    token,
    coreToken,
    addon,
    messages: () => [...held.values()],
    discoveryBodies: () => [...bodies],
    dropNext: (count) => {
      toDrop = count;
    },
    requestCount: listening.requestCount,
    close: listening.close,
  };
}
