// Hand-made JWTs for the auth suite: valid-looking tokens that are expired, signed with the wrong key, of the
// wrong algorithm or issuer, or tampered with. Built with node:crypto so nothing here shares code with the
// server's own signing.
import { createHmac } from "node:crypto";

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

export function signJwt(payload: Record<string, unknown>, key: string, header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }): string {
  const head = `${b64(header)}.${b64(payload)}`;
  const hash = header.alg === "HS512" ? "sha512" : header.alg === "HS384" ? "sha384" : "sha256";
  return `${head}.${createHmac(hash, key).update(head).digest("base64url")}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** The claims the server issues (issuer and subject "jarvis"), valid for an hour unless overridden. */
export const claims = (over: Record<string, unknown> = {}) => ({ iss: "jarvis", sub: "jarvis", iat: now() - 10, exp: now() + 3600, ...over });

/** Every way a token can be wrong while still looking like one, by name. */
export function badTokens(secret: string, otherSecret: string): Record<string, string> {
  const valid = signJwt(claims(), secret);
  const [head, , sig] = valid.split(".");
  return {
    "expired JWT": signJwt(claims({ iat: now() - 7200, exp: now() - 3600 }), secret),
    "JWT signed with another key": signJwt(claims(), otherSecret),
    'JWT with alg "none"': `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`,
    "JWT of another issuer": signJwt(claims({ iss: "someone-else" }), secret),
    "JWT signed HS512 with the right key": signJwt(claims(), secret, { alg: "HS512", typ: "JWT" }),
    "JWT with a tampered payload": `${head}.${b64(claims({ sub: "admin", exp: now() + 10 * 365 * 86400 }))}.${sig}`,
    "JWT not yet valid": signJwt(claims({ nbf: now() + 3600 }), secret),
    "garbage token": "not.a.token",
  };
}
