// Who is home: the configured devices looked up in the cluster nodes' ARP tables over SSH every scan, plus
// (optionally) Frigate recognising an owner's face. State is per person (either of two phones will do), runs
// through the hysteresis of presence-state.ts, and each transition becomes a status event and a
// `jarvis_presence` event in Home Assistant.
import type { PresenceDevice } from "../config/settings.js";
import type { EventQuery, FrigateEvent } from "../clients/frigate.js";
import type { Logger } from "../log.js";
import type { NewEvent } from "../store/events.js";
import { isPresent, normalizeMac, parseNeighbourTable } from "./arp.js";
import type { Clock } from "./cooldown.js";
import { isHome, nextPresence, type PersonPresence, type PresenceState } from "./presence-state.js";

export interface PresenceOptions {
  devices: readonly PresenceDevice[];
  /** Nodes whose ARP tables are read (SSH target names). */
  nodes: readonly string[];
  exec(node: string, command: string): Promise<{ exitCode: number | null; stdout: string; stderr: string }>;
  events: { add(event: NewEvent): unknown };
  ha?: { fireEvent(type: string, data: Record<string, unknown>): Promise<void> } | null;
  /** When given, a recent event with an owner's recognised face counts as seeing them. */
  frigate?: { events(q: EventQuery): Promise<FrigateEvent[]> } | null;
  intervalMs?: number;
  awayAfterMs?: number;
  cooldownMs?: number;
  now?: Clock;
}

export const PRESENCE_DEFAULTS = { intervalMs: 30_000, awayAfterMs: 120_000, cooldownMs: 120_000 };

/** iproute2 first; net-tools' arp where there is no `ip` (-n: no reverse DNS per entry). */
export const SCAN_COMMAND = "ip neigh show 2>/dev/null || arp -an";

export interface PersonReport {
  person: string;
  state: PresenceState;
  home: boolean | null;
  since: string;
  last_seen: string | null;
  devices: { name: string; mac: string; last_seen: string | null }[];
}

type StatusCallback = (state: "up" | "down", detail: string) => void;

const TITLES: Record<PresenceState, (who: string) => string> = {
  unknown: (who) => `${who}: presence unknown`,
  present: (who) => `${who} is home`,
  just_arrived: (who) => `${who} arrived home`,
  just_left: (who) => `${who} left home`,
  away: (who) => `${who} is away`,
};

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export class PresenceTracker {
  private readonly o: typeof PRESENCE_DEFAULTS & PresenceOptions;
  private readonly now: Clock;
  private readonly devices: (PresenceDevice & { key: string })[];
  private readonly deviceSeen = new Map<string, number>();
  private readonly faceSeen = new Map<string, number>();
  private readonly people = new Map<string, PersonPresence>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;

  constructor(
    options: PresenceOptions,
    private readonly log: Logger,
    private readonly onStatus?: StatusCallback,
  ) {
    this.o = { ...PRESENCE_DEFAULTS, ...options };
    this.now = this.o.now ?? Date.now;
    // The config schema already checked the MAC's shape, so normalising cannot fail here.
    this.devices = this.o.devices.map((d) => ({ ...d, key: normalizeMac(d.mac) ?? d.mac.toLowerCase() }));
    for (const d of this.devices) this.people.set(d.owner, { state: "unknown", changedAt: this.now() });
  }

  /** Scans at once, then every intervalMs; resolves after the first scan. */
  start(): Promise<void> {
    if (!this.timer) this.timer = setInterval(() => void this.scan(), this.o.intervalMs);
    return this.scan();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.scanning;
  }

  whoIsHome(): PersonReport[] {
    return [...this.people].map(([person, p]) => {
      const mine = this.devices.filter((d) => d.owner === person);
      return {
        person,
        state: p.state,
        home: isHome(p.state),
        since: new Date(p.changedAt).toISOString(),
        last_seen: iso(this.lastSeen(person)),
        devices: mine.map((d) => ({ name: d.name, mac: d.key, last_seen: iso(this.deviceSeen.get(d.key)) })),
      };
    });
  }

  /** One scan of every node (and Frigate's faces), then the state update. Concurrent calls share one scan. */
  scan(): Promise<void> {
    this.scanning ??= this.runScan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async runScan(): Promise<void> {
    const [tables] = await Promise.all([this.readTables(), this.readFaces()]);
    const now = this.now();
    if (tables.scanned === 0) {
      // Not seeing anyone because no node answered says nothing about who is home: keep the states as they are.
      this.log.warn({ failed: tables.failed }, "presence scan: no node answered; states kept");
      this.onStatus?.("down", `no node answered the ARP scan (${tables.failed.join("; ")})`);
      return;
    }
    this.onStatus?.("up", `${tables.scanned} of ${this.o.nodes.length} nodes scanned`);
    for (const d of this.devices) if (tables.macs.has(d.key)) this.deviceSeen.set(d.key, now);
    for (const [person, p] of this.people) {
      const next = nextPresence(p, this.lastSeen(person), now, this.o);
      if (next) this.transition(person, p, next.state, next.announce, now);
    }
  }

  private async readTables(): Promise<{ macs: Set<string>; scanned: number; failed: string[] }> {
    const macs = new Set<string>();
    const failed: string[] = [];
    let scanned = 0;
    await Promise.all(
      this.o.nodes.map(async (node) => {
        try {
          const r = await this.o.exec(node, SCAN_COMMAND);
          if (r.exitCode !== 0) throw new Error(`exit ${r.exitCode}: ${r.stderr.trim().slice(0, 200)}`);
          for (const n of parseNeighbourTable(r.stdout)) if (isPresent(n)) macs.add(n.mac);
          scanned++;
        } catch (err) {
          failed.push(`${node}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    );
    if (failed.length > 0) this.log.debug({ failed }, "presence scan: some nodes did not answer");
    return { macs, scanned, failed };
  }

  private async readFaces(): Promise<void> {
    if (!this.o.frigate) return;
    const since = this.now() - this.o.awayAfterMs;
    const owners = new Map([...this.people.keys()].map((o) => [o.toLowerCase(), o]));
    try {
      const events = await this.o.frigate.events({ label: "person", after: since / 1000, limit: 100 });
      for (const e of events) {
        const owner = e.subLabel === null ? undefined : owners.get(e.subLabel.toLowerCase());
        if (!owner) continue;
        const at = e.endTime === null ? this.now() : e.endTime * 1000;
        this.faceSeen.set(owner, Math.max(this.faceSeen.get(owner) ?? 0, at));
      }
    } catch (err) {
      this.log.debug({ err }, "presence: Frigate faces not read");
    }
  }

  private lastSeen(person: string): number | undefined {
    const times = this.devices.filter((d) => d.owner === person).map((d) => this.deviceSeen.get(d.key));
    const seen = [...times, this.faceSeen.get(person)].filter((t): t is number => t !== undefined);
    return seen.length > 0 ? Math.max(...seen) : undefined;
  }

  private transition(person: string, p: PersonPresence, state: PresenceState, announce: boolean, now: number): void {
    const previous = p.state;
    p.state = state;
    p.changedAt = now;
    this.log.info({ person, previous, state }, "presence changed");
    if (!announce) return;
    const seen = this.devices.filter((d) => d.owner === person && now - (this.deviceSeen.get(d.key) ?? -Infinity) < this.o.awayAfterMs);
    const home = isHome(state);
    this.o.events.add({
      type: "status",
      severity: "info",
      source: "monitor",
      title: TITLES[state](person),
      message: `${person}: ${previous.replace("_", " ")} -> ${state.replace("_", " ")}`,
      data: { person, state, previous, home, devices: seen.map((d) => d.name) },
    });
    this.o.ha
      ?.fireEvent("jarvis_presence", { person, state, previous, home })
      .catch((err: unknown) => this.log.warn({ err, person }, "jarvis_presence not fired"));
  }
}
