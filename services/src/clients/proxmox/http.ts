// Transport to the cluster: one keep-alive undici Pool per configured node, each with its own TLS trust,
// token auth on every call, and failover: calls go to the node that answered last, then the others in order.
import { Pool } from "undici";
import type { Logger } from "../../log.js";
import { ClientError } from "../errors.js";
import type { StatusCallback } from "../http.js";
import { mayTryNextNode, nodeFailedRead, responseError, transportError } from "./failures.js";
import { connectorFor, readCa, trustFor } from "./tls.js";
import type { ProxmoxConfig } from "./types.js";
import { SERVICE } from "./validate.js";

export type Method = "GET" | "POST" | "DELETE";
export type Params = Record<string, string | number | boolean | undefined>;

interface Endpoint {
  name: string;
  pool: Pool;
}

function encode(params: Params | undefined): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v !== undefined) search.set(k, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  }
  return search.toString();
}

export class ProxmoxTransport {
  private readonly endpoints: Endpoint[];
  private readonly authorization: string;
  /** Index of the node that answered last; tried first. */
  private preferred = 0;
  private lastState: "up" | "down" | undefined;

  constructor(
    cfg: ProxmoxConfig,
    private readonly logger: Logger,
    private readonly onStatus: StatusCallback | undefined,
    timeoutMs: number,
  ) {
    if (cfg.nodes.length === 0) throw new ClientError(SERVICE, "bad_request", "no Proxmox nodes are configured");
    this.authorization = `PVEAPIToken=${cfg.tokenId}=${cfg.tokenSecret}`;
    const ca = readCa(cfg.caFile);
    this.endpoints = cfg.nodes.map((node) => ({
      name: node.name,
      pool: new Pool(`https://${node.host}:${node.port}`, {
        connect: connectorFor(node, trustFor(node, cfg, ca), timeoutMs),
        connections: 8,
        keepAliveTimeout: 30_000,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      }),
    }));
  }

  /** The node whose endpoint answered last. */
  get activeNode(): string {
    return this.endpoints[this.preferred]!.name;
  }

  /** Calls an API path (relative to /api2/json) and returns the answer's "data". */
  async call<T>(method: Method, path: string, params?: Params): Promise<T> {
    const order = this.endpoints.map((_, i) => (this.preferred + i) % this.endpoints.length);
    const failures: { node: string; error: ClientError }[] = [];
    for (const index of order) {
      const endpoint = this.endpoints[index]!;
      try {
        const data = await this.send<T>(endpoint, method, path, params);
        this.preferred = index;
        return data;
      } catch (err) {
        // A node's answer is the answer, unless the node itself failed a read (a 5xx of its own).
        if (!(err instanceof TransportFailure) && !nodeFailedRead(method, err)) throw err;
        const error = err instanceof TransportFailure ? err.error : (err as ClientError);
        failures.push({ node: endpoint.name, error });
        if (!mayTryNextNode(method, error)) break;
        const why = err instanceof TransportFailure ? "did not answer" : `answered ${error.status}`;
        this.logger.warn({ node: endpoint.name, err: error.message }, `Proxmox node ${why}, trying the next`);
      }
    }
    const error = combine(failures);
    // No node reached, or every node failing on its own side (a 5xx from each): the API is down for us.
    const everyNodeFailed = failures.length === this.endpoints.length && failures.every((f) => (f.error.status ?? 0) >= 500);
    if (error.kind === "unreachable" || error.kind === "timeout" || everyNodeFailed) this.report("down", error.message);
    throw error;
  }

  async close(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.pool.close()));
  }

  private async send<T>(endpoint: Endpoint, method: Method, path: string, params: Params | undefined): Promise<T> {
    const query = encode(params);
    const isPost = method === "POST";
    let res;
    try {
      res = await endpoint.pool.request({
        method,
        path: `/api2/json${path}${!isPost && query ? `?${query}` : ""}`,
        headers: {
          authorization: this.authorization,
          accept: "application/json",
          ...(isPost ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        body: isPost ? query : undefined,
      });
    } catch (err) {
      throw new TransportFailure(transportError(err));
    }
    this.report("up", `node ${endpoint.name} answered`);
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw transportError(err);
    }
    if (res.statusCode >= 400) throw responseError(res.statusCode, res.statusText, text);
    try {
      return (JSON.parse(text) as { data: T }).data;
    } catch (err) {
      throw new ClientError(SERVICE, "upstream", `node ${endpoint.name} sent an answer that is not JSON`, { cause: err });
    }
  }

  private report(state: "up" | "down", detail: string): void {
    if (state === this.lastState) return;
    this.lastState = state;
    this.onStatus?.(state, detail);
  }
}

/** A failure before any answer arrived: the only kind that may move on to the next node. */
class TransportFailure extends Error {
  constructor(readonly error: ClientError) {
    super(error.message);
  }
}

/** One error for all the nodes tried: a refused certificate wins (it needs the user's attention). */
function combine(failures: { node: string; error: ClientError }[]): ClientError {
  if (failures.length === 1) return failures[0]!.error;
  const first = failures.find((f) => f.error.kind === "tls") ?? failures[0]!;
  const detail = failures.map((f) => `${f.node}: ${f.error.message}`).join("; ");
  const answered = failures.every((f) => f.error.status !== undefined);
  return new ClientError(SERVICE, first.error.kind, `${answered ? "every node failed" : "no node answered"} (${detail})`, {
    cause: first.error,
    status: first.error.status,
  });
}
