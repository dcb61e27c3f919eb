// Fetching a checked URL: each hop connects to the address its check found (undici is handed a lookup that
// can only answer that address, so nothing resolves the name a second time), redirects are followed by hand,
// a bounded number of times, and every hop is checked again before anything is sent to it.
import type { IncomingHttpHeaders } from "node:http";
import type { LookupFunction } from "node:net";
import { Agent, request, type Dispatcher } from "undici";
import { describeTarget, parseHttpUrl, UrlError, type CheckedUrl, type ResolvedAddress, type UrlGuard } from "./guard.js";

export interface FetchOptions {
  maxRedirects: number;
  /** Connect, headers and idle-body timeout of each hop. */
  timeoutMs: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** The person approved `first` as it was checked (its home addresses shown to them); otherwise the home network is refused. */
  approved: boolean;
}

export interface Fetched {
  /** Where the answer came from, after redirects. */
  url: URL;
  /** The address it came from. */
  address: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData["body"];
  /** Drops the connection; call it once the body is read (or to leave it unread). */
  release(): Promise<void>;
}

/** A lookup that answers only the checked address, whatever it is asked. */
function pinnedLookup({ address, family }: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    const cb = callback as (...args: unknown[]) => void;
    if ((options as { all?: boolean }).all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  };
}

async function open(checked: CheckedUrl, opts: FetchOptions): Promise<Fetched> {
  const first = checked.addresses[0]!;
  const agent = new Agent({
    connect: { timeout: opts.timeoutMs, lookup: pinnedLookup(first) },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  try {
    const res = await request(checked.url, { dispatcher: agent, method: "GET", headers: opts.headers, signal: opts.signal });
    return {
      url: checked.url,
      address: first.address,
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      release: async () => {
        res.body.on("error", () => {});
        res.body.destroy();
        await agent.destroy();
      },
    };
  } catch (err) {
    await agent.destroy();
    throw err;
  }
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? "";
};

/**
 * Fetches `first` as checked. The home network is reached only where the person approved `first` as checked:
 * a redirect may go on to the open internet, or stay on the very addresses of an approved home URL, and is
 * refused anywhere else.
 */
export async function fetchChecked(first: CheckedUrl, guard: UrlGuard, opts: FetchOptions): Promise<Fetched> {
  const approvedHome = new Set(opts.approved && first.verdict.kind === "home" ? first.addresses.map((a) => a.address) : []);
  const known = new Map([[first.host, first.addresses as ResolvedAddress[]]]);
  let checked = first;
  for (let hop = 0; ; hop++) {
    const allowed =
      checked.verdict.kind === "outside" || (checked.verdict.kind === "home" && checked.addresses.every((a) => approvedHome.has(a.address)));
    if (!allowed) {
      const what = describeTarget(checked);
      throw new UrlError(
        "bad_request",
        hop === 0
          ? `${checked.url} is not fetched without the person's approval (${what})`
          : `${first.url} redirects to ${checked.url} (${what}); a redirect onto the home network is not followed: ask for that address directly`,
      );
    }
    const res = await open(checked, opts);
    if (res.status < 300 || res.status >= 400 || res.status === 304) return res;
    const location = header(res.headers, "location");
    await res.release();
    if (!location) throw new UrlError("upstream", `${checked.url} redirects without a Location`);
    if (hop >= opts.maxRedirects) throw new UrlError("upstream", `${first.url} redirects more than ${opts.maxRedirects} times`);
    checked = await guard.check(parseHttpUrl(location, checked.url), known);
    known.set(checked.host, checked.addresses);
  }
}
