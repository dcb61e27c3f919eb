// OpenSSH known_hosts, read-only: plain, wildcard and negated host patterns, `[host]:port` names for ports
// other than 22, hashed `|1|salt|hash` names, and @revoked lines. We never write the file and never accept a
// key that is not in it; the caller turns a verdict other than "trusted" into an error that says how to trust.
import { createHash, createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";

interface Entry {
  revoked: boolean;
  matches(name: string): boolean;
  key: Buffer;
}

export type HostKeyVerdict = "trusted" | "unknown" | "changed" | "revoked";

/** ssh2 host key algorithms that each known_hosts key type can be checked with. */
const ALGORITHMS_BY_KEY_TYPE: Record<string, readonly string[]> = {
  "ssh-ed25519": ["ssh-ed25519"],
  "ecdsa-sha2-nistp256": ["ecdsa-sha2-nistp256"],
  "ecdsa-sha2-nistp384": ["ecdsa-sha2-nistp384"],
  "ecdsa-sha2-nistp521": ["ecdsa-sha2-nistp521"],
  "ssh-rsa": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
};

export class KnownHosts {
  private constructor(
    readonly path: string,
    private readonly entries: readonly Entry[],
  ) {}

  /** A missing file is an empty one: every host is then unknown and refused. */
  static async load(path: string): Promise<KnownHosts> {
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    return KnownHosts.parse(path, text);
  }

  static parse(path: string, text: string): KnownHosts {
    const entries: Entry[] = [];
    for (const raw of text.split("\n")) {
      const fields = raw.trim().split(/\s+/);
      if (fields[0] === undefined || fields[0] === "" || fields[0].startsWith("#")) continue;
      const marker = fields[0].startsWith("@") ? fields.shift() : undefined;
      // CA lines vouch for certificates, which we do not accept; skip rather than misread them as plain keys.
      if (marker !== undefined && marker !== "@revoked") continue;
      const [hosts, type, base64] = fields;
      if (!hosts || !type || !base64) continue;
      const key = Buffer.from(base64, "base64");
      if (keyType(key) !== type) continue;
      entries.push({ revoked: marker === "@revoked", matches: hostMatcher(hosts), key });
    }
    return new KnownHosts(path, entries);
  }

  verify(host: string, port: number, key: Buffer): HostKeyVerdict {
    const mine = this.entries.filter((e) => e.matches(hostKeyName(host, port)));
    if (mine.some((e) => e.revoked && e.key.equals(key))) return "revoked";
    const trusted = mine.filter((e) => !e.revoked);
    if (trusted.some((e) => e.key.equals(key))) return "trusted";
    return trusted.length > 0 ? "changed" : "unknown";
  }

  /**
   * Host key algorithms to offer, those we hold keys for first (as OpenSSH does), so a server with several host
   * keys shows us the one we can check instead of one we would call "changed".
   */
  preferredAlgorithms(host: string, port: number): string[] {
    const known = this.entries
      .filter((e) => !e.revoked && e.matches(hostKeyName(host, port)))
      .flatMap((e) => ALGORITHMS_BY_KEY_TYPE[keyType(e.key)] ?? []);
    return [...new Set([...known, ...Object.values(ALGORITHMS_BY_KEY_TYPE).flat()])];
  }
}

/** The name known_hosts files use: the bare host on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

/** The key type named inside an SSH wire-format key blob ("ssh-ed25519", ...). */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return "";
  const length = blob.readUInt32BE(0);
  return length + 4 <= blob.length ? blob.subarray(4, 4 + length).toString("latin1") : "";
}

/** The fingerprint `ssh-keygen -l` prints: "SHA256:" + unpadded base64 of the blob's SHA-256. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The known_hosts line that would trust this key for this host. */
export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  return `${hostKeyName(host, port)} ${keyType(blob)} ${blob.toString("base64")}`;
}

function hostMatcher(field: string): (name: string) => boolean {
  if (field.startsWith("|1|")) {
    const [, , salt, hash] = field.split("|");
    const expected = Buffer.from(hash ?? "", "base64");
    return (name) => createHmac("sha1", Buffer.from(salt ?? "", "base64")).update(name).digest().equals(expected);
  }
  const patterns = field.toLowerCase().split(",").filter(Boolean);
  const negated = patterns.filter((p) => p.startsWith("!")).map((p) => globToRegExp(p.slice(1)));
  const positive = patterns.filter((p) => !p.startsWith("!")).map(globToRegExp);
  // As in OpenSSH, a matching negated pattern rules the line out whatever else matches.
  return (name) => !negated.some((re) => re.test(name)) && positive.some((re) => re.test(name));
}

/** OpenSSH patterns know only `*` and `?`; everything else (brackets included) is literal. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}
