// How each node's certificate is trusted. In order of precedence: a pinned SHA-256 fingerprint for that node
// (home labs with self-signed certificates: the certificate must be exactly the pinned one, no CA involved),
// a CA file, the explicit insecureTls option (warned about at every start), or the system's CAs.
import { readFileSync } from "node:fs";
import type { TLSSocket } from "node:tls";
import { buildConnector } from "undici";
import type { ProxmoxNode } from "../../config/index.js";
import { ClientError } from "../errors.js";
import type { ProxmoxConfig } from "./types.js";
import { SERVICE } from "./validate.js";

export type TlsTrust =
  | { kind: "pinned"; fingerprint: string }
  | { kind: "ca"; ca: Buffer }
  | { kind: "ca_unreadable"; error: ClientError }
  | { kind: "insecure" }
  | { kind: "system" };

/** Reads the CA file once for all nodes; an unreadable file fails every connection with a tls error. */
export function readCa(caFile: string | undefined): TlsTrust | undefined {
  if (caFile === undefined) return undefined;
  try {
    return { kind: "ca", ca: readFileSync(caFile) };
  } catch (err) {
    const error = new ClientError(SERVICE, "tls", `cannot read the CA file ${caFile}: ${(err as Error).message}`, { cause: err });
    return { kind: "ca_unreadable", error };
  }
}

export function trustFor(node: ProxmoxNode, cfg: ProxmoxConfig, ca: TlsTrust | undefined): TlsTrust {
  if (node.fingerprint) return { kind: "pinned", fingerprint: node.fingerprint.toUpperCase() };
  if (ca) return ca;
  return cfg.insecureTls ? { kind: "insecure" } : { kind: "system" };
}

export function connectorFor(node: ProxmoxNode, trust: TlsTrust, timeoutMs: number): buildConnector.connector {
  switch (trust.kind) {
    case "system":
      return buildConnector({ timeout: timeoutMs });
    case "ca":
      return buildConnector({ timeout: timeoutMs, ca: trust.ca });
    case "insecure":
      return buildConnector({ timeout: timeoutMs, rejectUnauthorized: false });
    case "ca_unreadable":
      return (_opts, callback) => callback(trust.error, null);
    case "pinned": {
      // Chain validation is replaced by the pin, checked before any request byte is written. No session
      // reuse, so every new connection presents (and is checked against) its certificate.
      const connect = buildConnector({ timeout: timeoutMs, rejectUnauthorized: false, maxCachedSessions: 0 });
      return (opts, callback) =>
        connect(opts, (err, socket) => {
          if (err || !socket) return callback(err ?? new Error("no socket"), null);
          const seen = (socket as TLSSocket).getPeerCertificate().fingerprint256 ?? "";
          if (seen.toUpperCase() === trust.fingerprint) return callback(null, socket);
          socket.destroy();
          const message = `node ${node.name} presented certificate ${seen || "(none)"}, not the pinned ${trust.fingerprint}`;
          callback(new ClientError(SERVICE, "tls", message), null);
        });
    }
  }
}
