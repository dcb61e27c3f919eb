// One gate for every URL Jarvis fetches: the WHATWG URL parser is the only parser (it already turns decimal,
// octal, hex and short IPv4 forms, full-width digits and IDN into one spelling), the host is resolved once,
// and every address it resolves to is judged. What comes out is a CheckedUrl: the fetch connects to its first
// address and to nothing else, so no second lookup can move it (DNS rebinding).
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { ClientErrorKind } from "../clients/errors.js";
import { classifyAddress, OUTSIDE, type AddressVerdict } from "./address.js";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;
/** Judges the endpoint a connection would reach; the port matters only to tests, which run everything on 127.0.0.1. */
export type Classify = (address: string, port: number) => AddressVerdict;

export interface CheckedAddress extends ResolvedAddress {
  verdict: AddressVerdict;
}

export interface CheckedUrl {
  url: URL;
  /** The host as looked up: a name without its trailing dot, or an IP address without brackets. */
  host: string;
  port: number;
  /** Every address the host resolved to, judged; the first is the one a fetch connects to. */
  addresses: CheckedAddress[];
  /** The URL as a whole: the worst of its name and its addresses. */
  verdict: AddressVerdict;
}

/** A URL that cannot be fetched, with the ClientError kind it maps to. */
export class UrlError extends Error {
  override readonly name = "UrlError";
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface UrlGuardOptions {
  lookup?: Lookup;
  classify?: Classify;
  lookupTimeoutMs?: number;
}

const LOOPBACK: ResolvedAddress[] = [
  { address: "127.0.0.1", family: 4 },
  { address: "::1", family: 6 },
];
/** Names that exist only inside a home network (RFC 6762, RFC 8375, common router defaults). */
const HOME_SUFFIXES = ["local", "lan", "home", "home.arpa", "internal", "intranet", "localdomain", "corp", "private"];

const systemLookup: Lookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const RANK = { outside: 0, home: 1, never: 2 } as const;
const worse = (a: AddressVerdict, b: AddressVerdict) => (RANK[b.kind] > RANK[a.kind] ? b : a);

/** Parses an http(s) URL (relative to `base` for a redirect's Location) or says why it cannot be fetched. */
export function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new UrlError("bad_request", `"${raw}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UrlError("bad_request", `only http and https URLs can be fetched, not ${url.protocol}`);
  }
  // "http://example.org@127.0.0.1/" reads as example.org and goes to 127.0.0.1: such URLs only mislead.
  if (url.username !== "" || url.password !== "") {
    throw new UrlError("bad_request", `${url.host} is given with a user name or password in the URL, which is not fetched (it hides where the link goes)`);
  }
  return url;
}

export class UrlGuard {
  private readonly lookup: Lookup;
  private readonly classify: Classify;
  private readonly lookupTimeoutMs: number;

  constructor(opts: UrlGuardOptions = {}) {
    this.lookup = opts.lookup ?? systemLookup;
    this.classify = opts.classify ?? ((address) => classifyAddress(address));
    this.lookupTimeoutMs = opts.lookupTimeoutMs ?? 10_000;
  }

  /**
   * Resolves and judges a URL. `known` holds hosts already resolved in this fetch: a redirect back to one of
   * them is judged on the same addresses, never looked up again.
   */
  async check(target: string | URL, known?: ReadonlyMap<string, ResolvedAddress[]>): Promise<CheckedUrl> {
    const url = typeof target === "string" ? parseHttpUrl(target) : target;
    const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    const bracketless = url.hostname.replace(/^\[|\]$/g, "");
    const literal = isIP(bracketless) !== 0;
    const host = literal ? bracketless : bracketless.replace(/\.$/, "");
    let verdict: AddressVerdict = literal ? OUTSIDE : byName(host);
    const resolved = literal
      ? [{ address: host, family: isIP(host) === 6 ? 6 : 4 } as ResolvedAddress]
      : isLocalhost(host)
        ? LOOPBACK
        : (known?.get(host) ?? (await this.resolve(host)));
    const addresses = resolved.map((a) => ({ ...a, verdict: this.classify(a.address, port) }));
    for (const a of addresses) verdict = worse(verdict, a.verdict);
    return { url, host, port, addresses, verdict };
  }

  private async resolve(host: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        this.lookup(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new UrlError("timeout", `looking up ${host} took longer than ${this.lookupTimeoutMs / 1000} s`)), this.lookupTimeoutMs);
        }),
      ]);
      if (answer.length === 0) throw new UrlError("unreachable", `${host} has no address`);
      return answer;
    } catch (err) {
      if (err instanceof UrlError) throw err;
      const code = (err as { code?: string }).code;
      throw new UrlError("unreachable", `${host} could not be looked up${code ? ` (${code})` : ""}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

const isLocalhost = (host: string) => host === "localhost" || host.endsWith(".localhost");

/** A name's own verdict before its addresses are known: names that only a home network knows are home. */
function byName(host: string): AddressVerdict {
  if (isLocalhost(host)) return { kind: "home", why: "this machine (localhost)" };
  if (!host.includes(".")) return { kind: "home", why: "a name without a domain, which only the home network resolves" };
  const suffix = HOME_SUFFIXES.find((s) => host.endsWith(`.${s}`));
  return suffix ? { kind: "home", why: `a .${suffix} name, which only the home network resolves` } : OUTSIDE;
}

/** Where a checked URL goes, for an approval prompt or a refusal: "nas.example is 127.0.0.1: this machine (loopback)". */
export function describeTarget(checked: CheckedUrl): string {
  const list = checked.addresses.map((a) => a.address);
  const shown = list.length > 3 ? `${list.slice(0, 3).join(", ")} and ${list.length - 3} more` : list.join(", ");
  const where = checked.host === list[0] && list.length === 1 ? checked.host : `${checked.host} is ${shown}`;
  return checked.verdict.kind === "outside" ? where : `${where}: ${checked.verdict.why}`;
}

/**
 * What an approval of this URL is bound to: "outside" for the open internet (its addresses may rotate), or
 * the exact home addresses the person was shown.
 */
export function targetBinding(checked: CheckedUrl): string {
  return checked.verdict.kind === "outside" ? "outside" : `${checked.verdict.kind}:${checked.addresses.map((a) => a.address).sort().join(",")}`;
}

export function isCheckedUrl(value: unknown): value is CheckedUrl {
  const v = value as Partial<CheckedUrl> | null;
  return typeof v === "object" && v !== null && v.url instanceof URL && Array.isArray(v.addresses) && v.addresses.length > 0 && typeof v.verdict === "object";
}
