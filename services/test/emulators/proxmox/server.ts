// One HTTPS listener per emulated node, all serving the same cluster (any Proxmox node answers for the whole
// cluster). Requests go through what pveproxy does: token check, route lookup (501 when none), parameter
// verification (400 with per-parameter errors), then the handler; errors carry Proxmox's message as the HTTP
// reason phrase and in the JSON body.
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { ClusterState } from "./cluster.js";
import { PveError } from "./errors.js";
import { verifyParams } from "./params.js";
import { matchRoute } from "./routes.js";

export interface ServerSettings {
  cluster: ClusterState;
  cert: { key: string; cert: string; fingerprint: string };
  tokenId: string;
  tokenSecret: string;
  latencyMs: () => number;
  /** The error a node answers every request with while it is broken (its pve-cluster down, say). */
  fault: (node: string) => PveError | undefined;
  count: (key: string) => void;
}

const BASE = "/api2/json";

function send(res: ServerResponse, status: number, reason: string | undefined, body: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, reason, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "max-age=0",
    pragma: "no-cache",
    server: "pve-api-daemon/3.0",
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: PveError): void {
  const reason = err.message.split("\n")[0]!.slice(0, 200);
  send(res, err.status, reason, { data: null, message: `${err.message}\n`, ...(err.errors ? { errors: err.errors } : {}) });
}

/** Proxmox answers a refused token with the reason in the status line and no body. */
function checkToken(header: string | undefined, s: ServerSettings): string | undefined {
  if (!header) return "No ticket";
  const m = /^PVEAPIToken[ =](.+)=([^=]*)$/.exec(header);
  if (!m) return "no tokenid specified";
  const [tokenId, secret] = [m[1]!, m[2]!];
  const [user, token] = tokenId.split("!");
  if (tokenId !== s.tokenId) return `no such token '${token ?? ""}' for user '${user}'`;
  return secret === s.tokenSecret ? undefined : "invalid token value!";
}

async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  if ((req.headers["content-type"] ?? "").startsWith("application/json")) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "1" : "0") : String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

async function handle(req: IncomingMessage, res: ServerResponse, s: ServerSettings, localNode: string): Promise<void> {
  const url = new URL(req.url ?? "/", "https://emulator");
  const method = req.method ?? "GET";
  if (!url.pathname.startsWith(`${BASE}/`)) return sendError(res, new PveError(501, "no such uri"));
  const relPath = url.pathname.slice(BASE.length);
  s.count(`${method} ${decodeURIComponent(relPath)}`);
  const latency = s.latencyMs();
  if (latency > 0) await sleep(latency);
  const fault = s.fault(localNode);
  if (fault) return sendError(res, fault);

  const refused = checkToken(req.headers.authorization, s);
  if (refused) return send(res, 401, refused, undefined);

  const match = matchRoute(method, relPath);
  if (!match) return sendError(res, new PveError(501, `Method '${method} ${relPath}' not implemented`));

  const body = method === "POST" ? await readParams(req) : {};
  const raw = { ...Object.fromEntries(url.searchParams), ...body, ...match.pathParams };
  const { values, errors } = verifyParams(match.route.params, raw);
  if (Object.keys(errors).length > 0) return sendError(res, new PveError(400, "Parameter verification failed.", errors));

  const data = match.route.handle({
    p: values,
    cluster: s.cluster,
    user: s.tokenId,
    localNode,
    fingerprint: s.cert.fingerprint,
  });
  send(res, 200, undefined, { data: data ?? null });
}

/** A node's API endpoint; stop() and start() simulate the node going down and coming back on the same port. */
export class NodeEndpoint {
  private server: Server | undefined;
  port = 0;

  constructor(
    readonly name: string,
    private readonly settings: ServerSettings,
  ) {}

  async start(): Promise<void> {
    const server = createServer({ key: this.settings.cert.key, cert: this.settings.cert.cert }, (req, res) => {
      handle(req, res, this.settings, this.name).catch((err: unknown) => {
        const e = err instanceof PveError ? err : new PveError(500, err instanceof Error ? err.message : String(err));
        if (!res.headersSent) sendError(res, e);
      });
    });
    server.listen(this.port, "127.0.0.1");
    await once(server, "listening");
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
  }
}
