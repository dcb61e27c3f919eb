// One error type for every client, so tools can explain any failure in one sentence without knowing which
// library raised it. Library and network errors are mapped here, in one place.
export type ClientErrorKind =
  | "auth" // credentials refused
  | "not_found" // the thing asked for does not exist
  | "bad_request" // the upstream refused our parameters
  | "timeout" // no answer in time
  | "unreachable" // could not connect at all
  | "tls" // certificate refused (wrong fingerprint, unknown CA)
  | "host_key" // SSH host key unknown or changed
  | "too_large" // answer over the size cap
  | "upstream"; // the upstream answered with an error of its own

export class ClientError extends Error {
  override readonly name = "ClientError";
  readonly service: string;
  readonly kind: ClientErrorKind;
  /** HTTP status when the upstream answered. */
  readonly status: number | undefined;

  constructor(service: string, kind: ClientErrorKind, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.service = service;
    this.kind = kind;
    this.status = opts.status;
  }

  /** One sentence a person (or the model) can act on. */
  explain(): string {
    const what: Record<ClientErrorKind, string> = {
      auth: "refused the credentials",
      not_found: "has no such item",
      bad_request: "rejected the request",
      timeout: "did not answer in time",
      unreachable: "could not be reached",
      tls: "presented a certificate that is not trusted",
      host_key: "presented a host key that is not trusted",
      too_large: "sent more data than allowed",
      upstream: "reported an error",
    };
    return `${this.service} ${what[this.kind]}: ${this.message}`;
  }
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
const TIMEOUT = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ABORT_ERR",
]);
const TLS = new Set([
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Maps a thrown network/library error to a ClientError; a ClientError passes through unchanged. */
export function toClientError(service: string, err: unknown): ClientError {
  if (err instanceof ClientError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? "";
  const message = e?.message ?? String(err);
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || TIMEOUT.has(code)) {
    return new ClientError(service, "timeout", message, { cause: err });
  }
  if (TLS.has(code)) return new ClientError(service, "tls", message, { cause: err });
  if (UNREACHABLE.has(code)) return new ClientError(service, "unreachable", message, { cause: err });
  return new ClientError(service, "upstream", message, { cause: err });
}
