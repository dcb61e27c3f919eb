// ssh2/node-ssh failures mapped to ClientError, and the host key refusal text that tells a person how to trust.
import { ClientError, toClientError } from "../errors.js";
import { fingerprint, keyType, knownHostsLine, type HostKeyVerdict } from "./known-hosts.js";
import type { SshTarget } from "./types.js";

export const SERVICE = "ssh";

const where = (t: SshTarget) => `node "${t.name}" (${t.host} port ${t.port})`;

/** Maps a connect or channel failure; ClientErrors pass through unchanged. */
export function toSshError(err: unknown, target: SshTarget, keyPath: string): ClientError {
  if (err instanceof ClientError) return err;
  const e = err as { level?: string; message?: string };
  const message = e?.message ?? String(err);
  if (e?.level === "client-authentication") {
    return new ClientError(SERVICE, "auth", `${where(target)} refused the key ${keyPath}: ${message}`, { cause: err });
  }
  // ssh2 parses the key only when connecting; a passphrase or unknown format is a key problem, not the node's.
  if (/private ?key|passphrase/i.test(message)) {
    return new ClientError(SERVICE, "auth", `cannot use the SSH key ${keyPath}: ${message}`, { cause: err });
  }
  if (e?.level === "client-timeout") {
    return new ClientError(SERVICE, "timeout", `${where(target)}: ${message}`, { cause: err });
  }
  if (e?.level === "client-dns") {
    return new ClientError(SERVICE, "unreachable", `${where(target)}: ${message}`, { cause: err });
  }
  const mapped = toClientError(SERVICE, err);
  return new ClientError(SERVICE, mapped.kind, `${where(target)}: ${message}`, { cause: err });
}

/** The refusal for a host key that known_hosts does not vouch for, with the offered key's fingerprint. */
export function hostKeyError(
  verdict: Exclude<HostKeyVerdict, "trusted">,
  target: SshTarget,
  key: Buffer,
  knownHostsPath: string,
): ClientError {
  const offered = `offered ${keyType(key)} key ${fingerprint(key)}`;
  const line = knownHostsLine(target.host, target.port, key);
  const hostKeyFile = `/etc/ssh/ssh_host_${keyType(key).replace(/^ssh-|-.*$/g, "")}_key.pub`;
  const check = `Compare that fingerprint with \`ssh-keygen -lf ${hostKeyFile}\` run on the node itself`;
  const text = {
    unknown:
      `${where(target)} is not in ${knownHostsPath} (${offered}). ${check}; if they match, add this line to ` +
      `${knownHostsPath}: ${line} (ssh-keyscan -p ${target.port} ${target.host} prints it too).`,
    changed:
      `${where(target)} ${offered}, which does NOT match its entry in ${knownHostsPath}. The node may have been ` +
      `reinstalled, or someone may be intercepting the connection. ${check}; if the change is expected, replace ` +
      `the old entry with: ${line}`,
    revoked: `${where(target)} ${offered}, which ${knownHostsPath} marks @revoked.`,
  }[verdict];
  return new ClientError(SERVICE, "host_key", text);
}
