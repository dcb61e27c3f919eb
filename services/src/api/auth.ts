// Who is asking. HA ingress requests come from the Supervisor's address and carry the HA user in
// X-Remote-User-* headers; those headers mean nothing from any other address. Everyone else shows a JWT
// that /api/auth/login issued for the password.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { ApiError } from "./errors.js";

export type Principal =
  | { kind: "ingress"; userId: string; userName: string | undefined; displayName: string | undefined }
  | { kind: "token"; userId: string }
  /** The HA integration's connection: it relays HA users, named per command. */
  | { kind: "integration"; userId: string };

const ISSUER = "jarvis";
const SUBJECT = "jarvis";

export class Auth {
  private readonly key: Uint8Array;
  private readonly trusted: ReadonlySet<string>;
  // Both sides are HMACed with a per-process key before the compare, so lengths never differ and the
  // compare time says nothing about the password.
  private readonly compareKey = randomBytes(32);
  private readonly passwordDigest: Buffer;
  private readonly apiTokenDigest: Buffer | null;
  private readonly integrationDigest: Buffer | null;
  private readonly ttlHours: number;

  constructor(opts: {
    password: string;
    jwtSecret: string;
    ttlHours: number;
    trustedIngress: readonly string[];
    /** A static bearer token accepted where `allowApiToken` is asked for (the MCP endpoint). */
    apiToken?: string;
    /** The HA integration's token, accepted on the WebSocket. */
    integrationToken?: string;
  }) {
    this.key = new TextEncoder().encode(opts.jwtSecret);
    this.trusted = new Set(opts.trustedIngress.map(normalizeAddress));
    this.passwordDigest = this.digest(opts.password);
    this.apiTokenDigest = opts.apiToken ? this.digest(opts.apiToken) : null;
    this.integrationDigest = opts.integrationToken ? this.digest(opts.integrationToken) : null;
    this.ttlHours = opts.ttlHours;
  }

  private digest(text: string): Buffer {
    return createHmac("sha256", this.compareKey).update(text, "utf8").digest();
  }

  checkPassword(candidate: string): boolean {
    return timingSafeEqual(this.digest(candidate), this.passwordDigest);
  }

  async issueToken(): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlHours * 3_600_000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(ISSUER)
      .setSubject(SUBJECT)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt };
  }

  async verifyToken(token: string): Promise<Principal> {
    if (this.integrationDigest && timingSafeEqual(this.digest(token), this.integrationDigest)) {
      return { kind: "integration", userId: "home-assistant" };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ["HS256"] });
      return { kind: "token", userId: payload.sub ?? SUBJECT };
    } catch (err) {
      const why = err instanceof joseErrors.JWTExpired ? "token expired" : "invalid token";
      throw new ApiError("unauthorized", `${why}: log in again`);
    }
  }

  /** The HA user behind an ingress request, or null when the request did not come from the Supervisor. */
  ingressPrincipal(req: IncomingMessage): Principal | null {
    const address = req.socket.remoteAddress;
    if (!address || !this.trusted.has(normalizeAddress(address))) return null;
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === "string" && v.length > 0 ? v : undefined;
    };
    return {
      kind: "ingress",
      userId: header("x-remote-user-id") ?? "ingress",
      userName: header("x-remote-user-name"),
      displayName: header("x-remote-user-display-name"),
    };
  }

  /**
   * Ingress trust first, then `Authorization: Bearer`; throws unauthorized when neither holds. Where the MCP
   * token is allowed, it may also come as the URL's `access_token` (RFC 6750, 2.3): Home Assistant's MCP
   * integration takes only a URL from add-on discovery, so the credential rides in it.
   */
  async authenticate(req: IncomingMessage, opts: { allowApiToken?: boolean } = {}): Promise<Principal> {
    const ingress = this.ingressPrincipal(req);
    if (ingress) return ingress;
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const inUrl = opts.allowApiToken && !match ? new URL(req.url ?? "/", "http://localhost").searchParams.get("access_token") : null;
    if (inUrl && this.apiTokenDigest && timingSafeEqual(this.digest(inUrl), this.apiTokenDigest)) return { kind: "token", userId: "mcp" };
    if (!match) throw new ApiError("unauthorized", "authentication required: send Authorization: Bearer <token>");
    const token = match[1]!;
    if (opts.allowApiToken && this.apiTokenDigest && timingSafeEqual(this.digest(token), this.apiTokenDigest)) {
      return { kind: "token", userId: "mcp" };
    }
    return this.verifyToken(token);
  }
}

/** "::ffff:172.30.32.2" and "172.30.32.2" are the same peer. */
export function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
