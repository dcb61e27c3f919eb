// Which IP addresses are the open internet and which are the home network (or no place to connect to at
// all), for anything Jarvis fetches. Only a global unicast address is "outside"; every other range, and every
// IPv6 spelling that carries an IPv4 address inside it (mapped, translated, NAT64, 6to4, compatible), is
// judged by what it really reaches. ipaddr.js parses and names the special ranges (IANA's registries).
import ipaddr from "ipaddr.js";

export type AddressVerdict = { kind: "outside" } | { kind: "home" | "never"; why: string };

export const OUTSIDE: AddressVerdict = { kind: "outside" };
const home = (why: string): AddressVerdict => ({ kind: "home", why });
const never = (why: string): AddressVerdict => ({ kind: "never", why });

/** Cloud and container metadata services: credentials live there, and no home-lab page does. */
const METADATA = new Set(["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"]);

const V4_HOME: Partial<Record<ReturnType<ipaddr.IPv4["range"]>, string>> = {
  loopback: "this machine (loopback)",
  private: "a private address (RFC 1918)",
  linkLocal: "a link-local address",
  carrierGradeNat: "a shared address (100.64.0.0/10: carrier-grade NAT, VPNs such as Tailscale)",
};

function v4(a: ipaddr.IPv4): AddressVerdict {
  if (METADATA.has(a.toString())) return never("a cloud metadata address");
  const range = a.range();
  switch (range) {
    case "unicast":
      return OUTSIDE;
    case "unspecified":
      return never("the unspecified address 0.0.0.0/8 (it reaches this machine)");
    case "broadcast":
    case "multicast":
      return never(`a ${range} address`);
    default:
      return home(V4_HOME[range] ?? `a reserved address (${range})`);
  }
}

/** The IPv4 address an IPv6 address stands for, where it carries one that a connection would reach. */
function embeddedV4(a: ipaddr.IPv6): { v4: ipaddr.IPv4; how: string } | null {
  const bytes = a.toByteArray();
  const at = (from: number, how: string) => ({ v4: new ipaddr.IPv4(bytes.slice(from, from + 4)), how });
  switch (a.range()) {
    case "ipv4Mapped":
      return at(12, "IPv4-mapped");
    case "rfc6145":
      return at(12, "IPv4-translated");
    case "6to4":
      return at(2, "6to4");
    case "rfc6052":
      // 64:ff9b::/96 carries the address in its last 32 bits; 64:ff9b:1::/48 is a local NAT64 prefix.
      return bytes.slice(4, 12).every((b) => b === 0) ? at(12, "NAT64") : null;
    default:
      return null;
  }
}

function v6(a: ipaddr.IPv6): AddressVerdict {
  const text = a.toString();
  if (METADATA.has(text)) return never("a cloud metadata address");
  const inner = embeddedV4(a);
  if (inner) {
    const verdict = v4(inner.v4);
    return verdict.kind === "outside" ? verdict : { kind: verdict.kind, why: `${verdict.why}: ${inner.v4} inside the ${inner.how} address ${text}` };
  }
  const range = a.range();
  const bytes = a.toByteArray();
  switch (range) {
    case "unicast":
      // Only 2000::/3 is global unicast; the rest of the "unicast" space is unassigned or deprecated, among it
      // the IPv4-compatible ::a.b.c.d.
      if ((bytes[0]! & 0xe0) === 0x20) return OUTSIDE;
      return bytes.slice(0, 12).every((b) => b === 0)
        ? home(`a deprecated IPv4-compatible address (${new ipaddr.IPv4(bytes.slice(12))} inside)`)
        : home("an IPv6 address outside the global unicast range");
    case "loopback":
      return home("this machine (loopback)");
    case "uniqueLocal":
      return home("a unique local IPv6 address (fc00::/7)");
    case "linkLocal":
      return home("a link-local IPv6 address");
    case "unspecified":
      return never("the unspecified address :: (it reaches this machine)");
    case "multicast":
      return never("a multicast address");
    case "teredo":
      return home("a Teredo tunnel address (it hides the IPv4 address it reaches)");
    default:
      return home(`a special-purpose IPv6 address (${range})`);
  }
}

/** Judges one IP address (as a resolver or the WHATWG URL parser writes it; brackets allowed). */
export function classifyAddress(address: string): AddressVerdict {
  const text = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(text)) return never(`"${address}" is not an IP address`);
  const parsed = ipaddr.parse(text);
  return parsed.kind() === "ipv4" ? v4(parsed as ipaddr.IPv4) : v6(parsed as ipaddr.IPv6);
}
