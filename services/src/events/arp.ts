// Neighbour tables as a node prints them: iproute2's `ip neigh show` and net-tools' `arp -a` (the fallback on
// hosts without iproute2; BSD and Windows layouts parse too). MACs come back in one form, "aa:bb:cc:dd:ee:ff".

export interface Neighbour {
  ip: string;
  mac: string;
  dev: string | null;
  /** iproute2's NUD state (REACHABLE, STALE, ...); null from `arp -a`, which has none. */
  state: string | null;
}

/** Any common MAC spelling (colons, dashes, Cisco dots, bare, BSD's unpadded "a:b:c:d:e:f") -> lower-case colons. */
export function normalizeMac(text: string): string | null {
  const t = text.trim().toLowerCase();
  let parts: string[];
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){5}$/.test(t)) parts = t.split(/[:-]/).map((p) => p.padStart(2, "0"));
  else if (/^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/.test(t) || /^[0-9a-f]{12}$/.test(t)) parts = t.replace(/\./g, "").match(/../g)!;
  else return null;
  const mac = parts.join(":");
  // All-zero and broadcast entries are placeholders, not devices.
  return mac === "00:00:00:00:00:00" || mac === "ff:ff:ff:ff:ff:ff" ? null : mac;
}

const NUD_STATES = new Set(["PERMANENT", "NOARP", "REACHABLE", "STALE", "NONE", "INCOMPLETE", "DELAY", "PROBE", "FAILED"]);

/** "192.0.2.7 dev vmbr0 lladdr aa:bb:cc:dd:ee:ff REACHABLE"; entries without lladdr (FAILED, INCOMPLETE) are skipped. */
function ipNeighLine(line: string): Neighbour | null {
  const words = line.trim().split(/\s+/);
  const at = (key: string) => {
    const i = words.indexOf(key);
    return i > 0 ? words[i + 1] : undefined;
  };
  const lladdr = at("lladdr");
  const mac = lladdr === undefined ? null : normalizeMac(lladdr);
  if (!mac || !words[0]) return null;
  const state = [...words].reverse().find((w) => NUD_STATES.has(w)) ?? null;
  return { ip: words[0], mac, dev: at("dev") ?? null, state };
}

/** net-tools / BSD: "host (192.0.2.7) at aa:bb:cc:dd:ee:ff [ether] on vmbr0"; Windows: "192.0.2.7  aa-bb-cc-dd-ee-ff  dynamic". */
function arpLine(line: string): Neighbour | null {
  const unix = /\(([^)]+)\)\s+at\s+(\S+)(?:.*?\son\s+(\S+))?/.exec(line);
  if (unix) {
    const mac = normalizeMac(unix[2]!);
    return mac ? { ip: unix[1]!, mac, dev: unix[3] ?? null, state: null } : null;
  }
  const windows = /^\s*(\d{1,3}(?:\.\d{1,3}){3})\s+([0-9a-f]{2}(?:-[0-9a-f]{2}){5})\s+\w+/i.exec(line);
  const mac = windows ? normalizeMac(windows[2]!) : null;
  return windows && mac ? { ip: windows[1]!, mac, dev: null, state: null } : null;
}

/** Parses either format, line by line, so output from any of them (or a mix) works. */
export function parseNeighbourTable(text: string): Neighbour[] {
  return text
    .split("\n")
    .map((line) => (/\slladdr\s|\sdev\s/.test(line) ? ipNeighLine(line) : arpLine(line)))
    .filter((n): n is Neighbour => n !== null);
}

/**
 * Whether an entry means the device was on the network lately. STALE counts: the kernel marks an entry stale
 * after ~30 s without traffic to it, which a sleeping phone does all the time; FAILED/INCOMPLETE have no MAC.
 */
export const isPresent = (n: Neighbour) => n.state !== "FAILED" && n.state !== "INCOMPLETE";
