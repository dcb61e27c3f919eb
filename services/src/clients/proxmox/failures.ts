// Proxmox's error answers turned into ClientErrors. Proxmox puts its message in the HTTP reason phrase and,
// for API calls, in the JSON body ("message", plus "errors" per parameter for a 400).
import { ClientError, toClientError } from "../errors.js";
import { statusError } from "../http.js";
import { SERVICE } from "./validate.js";

/** A 400 "Parameter verification failed." with Proxmox's message for each refused parameter. */
export class ProxmoxParamError extends ClientError {
  constructor(
    message: string,
    readonly params: Readonly<Record<string, string>>,
  ) {
    super(SERVICE, "bad_request", message, { status: 400 });
  }
}

const NOT_FOUND = /does not exist|no such (cluster node|task|guest)|not found/i;

function parseBody(text: string): { message?: string; errors?: Record<string, string> } {
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: unknown };
    return {
      message: typeof body.message === "string" ? body.message : undefined,
      errors: body.errors && typeof body.errors === "object" ? (body.errors as Record<string, string>) : undefined,
    };
  } catch {
    return {};
  }
}

export function responseError(status: number, reason: string, bodyText: string): ClientError {
  const body = parseBody(bodyText);
  const message = (body.message ?? reason ?? "").trim() || `HTTP ${status}`;
  if (status === 400 && body.errors) {
    const params = Object.fromEntries(Object.entries(body.errors).map(([k, v]) => [k, String(v).trim()]));
    const detail = Object.entries(params)
      .map(([k, v]) => `${k}: ${v}`)
      .join("; ");
    return new ProxmoxParamError(`${message.replace(/\.$/, "")} (${detail})`, params);
  }
  if (status === 401) return new ClientError(SERVICE, "auth", `the API token was refused (${message})`, { status });
  if (status === 403) return new ClientError(SERVICE, "auth", `the API token lacks a permission (${message})`, { status });
  if (status === 501) {
    return new ClientError(SERVICE, "not_found", `this Proxmox version has no such API call (${message})`, { status });
  }
  if (status === 595 || status === 596) {
    return new ClientError(SERVICE, "unreachable", `the cluster cannot reach that node (${message})`, { status });
  }
  if (status === 500 && NOT_FOUND.test(message)) return new ClientError(SERVICE, "not_found", message, { status });
  return statusError(SERVICE, status, message);
}

/** Network and TLS failures; the pin check's own ClientError may arrive wrapped by undici. */
export function transportError(err: unknown): ClientError {
  const cause = (err as { cause?: unknown })?.cause;
  return toClientError(SERVICE, cause instanceof ClientError ? cause : err);
}

const BEFORE_SENDING = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * A read the node answered with a server error of its own (a 5xx that is not Proxmox's word on the thing
 * asked, such as a missing guest): the node is broken (its pve-cluster down, say) and another may answer.
 */
export function nodeFailedRead(method: string, err: unknown): boolean {
  return method === "GET" && err instanceof ClientError && err.kind === "upstream" && (err.status ?? 0) >= 500;
}

/**
 * Whether another node may be tried. Reads always may; a write only when it surely never reached the node
 * (refused connection, failed TLS), since a timed-out write may still have happened.
 */
export function mayTryNextNode(method: string, err: ClientError): boolean {
  if (err.kind === "tls" || nodeFailedRead(method, err)) return true;
  if (err.kind !== "unreachable" && err.kind !== "timeout") return false;
  if (method === "GET") return true;
  const c = err.cause as { code?: string; cause?: { code?: string } } | undefined;
  return BEFORE_SENDING.has(c?.code ?? c?.cause?.code ?? "");
}
