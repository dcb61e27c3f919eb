// The presence tracker: ARP table parsing over real-looking node output (fixtures), the hysteresis of its
// state machine on a fake clock, faces from the Frigate emulator, and one run through a real sshd.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { FrigateClient } from "../../src/clients/frigate.js";
import { SshClient } from "../../src/clients/ssh/client.js";
import { isPresent, normalizeMac, parseNeighbourTable } from "../../src/events/arp.js";
import { PresenceTracker, SCAN_COMMAND, type PresenceOptions } from "../../src/events/presence.js";
import type { NewEvent } from "../../src/store/events.js";
import { startFrigateEmulator, type FrigateEmulator } from "../emulators/frigate/index.js";
import { startSshd } from "../helpers/sshd.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/arp/", import.meta.url));
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const log = pino({ level: "silent" });

const SEC = 1_000;
const MIN = 60 * SEC;

const ALICE_PHONE = "A4:83:E7:12:34:56"; // STALE in ip-neigh-pve1, FAILED in ip-neigh-empty-phone
const ALICE_LAPTOP = "f0-18-98-0a-7c-e1"; // only in pve2's `arp -a`
const BOB_PHONE = "bc:24:11:5e:77:99"; // never on the network
const DEVICES = [
  { mac: ALICE_PHONE, name: "Alice's phone", owner: "Alice" },
  { mac: ALICE_LAPTOP, name: "Alice's laptop", owner: "Alice" },
  { mac: BOB_PHONE, name: "Bob's phone", owner: "Bob" },
];

describe("neighbour tables", () => {
  it("reads `ip neigh show`, skipping entries without a MAC and normalising case", () => {
    const table = parseNeighbourTable(fixture("ip-neigh-pve1.txt"));
    expect(table).toContainEqual({ ip: "192.0.2.23", mac: "a4:83:e7:12:34:56", dev: "vmbr0", state: "STALE" });
    expect(table).toContainEqual({ ip: "fe80::3e37:86ff:fe1a:2b3c", mac: "3c:37:86:1a:2b:3c", dev: "vmbr0", state: "STALE" });
    expect(table.map((n) => n.ip)).not.toContain("192.0.2.40");
    expect(table.map((n) => n.ip)).not.toContain("192.0.2.41");
    expect(table).toHaveLength(8);
    expect(table.every(isPresent)).toBe(true);
  });

  it("reads `arp -a` from net-tools and BSD, dropping incomplete and broadcast entries", () => {
    const linux = parseNeighbourTable(fixture("arp-a-pve2.txt"));
    expect(linux).toContainEqual({ ip: "192.0.2.77", mac: "f0:18:98:0a:7c:e1", dev: "vmbr0", state: null });
    expect(linux.map((n) => n.ip)).toEqual(["192.0.2.1", "192.0.2.77", "192.0.2.50", "198.51.100.9"]);
    const bsd = parseNeighbourTable(fixture("arp-a-bsd.txt"));
    expect(bsd.map((n) => n.mac)).toEqual(["3c:37:86:1a:2b:3c", "f0:18:98:0a:7c:e1"]);
    const windows = parseNeighbourTable("  192.0.2.77          f0-18-98-0a-7c-e1     dynamic");
    expect(windows).toEqual([{ ip: "192.0.2.77", mac: "f0:18:98:0a:7c:e1", dev: null, state: null }]);
  });

  it("normalises every common MAC spelling", () => {
    for (const m of ["F0:18:98:0A:7C:E1", "f0-18-98-0a-7c-e1", "f018.980a.7ce1", "F018980A7CE1", "f0:18:98:a:7c:e1"]) {
      expect(normalizeMac(m)).toBe("f0:18:98:0a:7c:e1");
    }
    expect(normalizeMac("<incomplete>")).toBeNull();
    expect(normalizeMac("00:00:00:00:00:00")).toBeNull();
  });
});

describe("presence tracker", () => {
  let clock: number;
  let tables: Record<string, string | Error>;
  let events: NewEvent[];
  let fired: { type: string; data: Record<string, unknown> }[];
  let status: string[];
  let tracker: PresenceTracker;

  const make = (overrides: Partial<PresenceOptions> = {}) =>
    new PresenceTracker(
      {
        devices: DEVICES,
        nodes: ["pve1", "pve2"],
        exec: async (node, command) => {
          expect(command).toBe(SCAN_COMMAND);
          const t = tables[node]!;
          if (t instanceof Error) throw t;
          return { exitCode: 0, stdout: t, stderr: "" };
        },
        events: { add: (e) => events.push(e) },
        ha: { fireEvent: async (type, data) => void fired.push({ type, data }) },
        now: () => clock,
        ...overrides,
      },
      log,
      (s) => status.push(s),
    );
  const at = async (ms: number) => {
    clock += ms;
    await tracker.scan();
  };
  const state = (person: string) => tracker.whoIsHome().find((p) => p.person === person)!.state;
  const titles = () => events.map((e) => e.title);

  beforeEach(() => {
    clock = Date.now();
    // pve2 only knows the router and the NAS: Alice's laptop is off.
    tables = { pve1: fixture("ip-neigh-pve1.txt"), pve2: fixture("ip-neigh-empty-phone.txt") };
    events = [];
    fired = [];
    status = [];
    tracker = make();
  });
  afterEach(() => tracker.close());

  it("settles quietly at start, then keeps a phone that sleeps for a minute at home", async () => {
    await tracker.start();
    expect(tracker.whoIsHome()).toMatchObject([
      { person: "Alice", state: "present", home: true },
      { person: "Bob", state: "unknown", home: null, last_seen: null },
    ]);
    tables.pve1 = fixture("ip-neigh-empty-phone.txt"); // the phone sleeps
    await at(1 * MIN);
    await at(50 * SEC);
    expect(state("Alice")).toBe("present");
    expect(state("Bob")).toBe("unknown");
    tables.pve1 = fixture("ip-neigh-pve1.txt"); // awake again before two minutes
    await at(5 * SEC);
    expect(state("Alice")).toBe("present");
    await at(5 * SEC); // two minutes since the start, with no sign of Bob
    expect(state("Bob")).toBe("away");
    expect(events).toEqual([]);
    expect(fired).toEqual([]);
  });

  it("walks through just_left, away, just_arrived and present; passing states last two minutes", async () => {
    await tracker.start();
    tables.pve1 = fixture("ip-neigh-empty-phone.txt");
    await at(2 * MIN);
    expect(state("Alice")).toBe("just_left");
    tables.pve1 = fixture("ip-neigh-pve1.txt"); // back at once: too soon to flip again
    await at(30 * SEC);
    expect(state("Alice")).toBe("just_left");
    tables.pve1 = fixture("ip-neigh-empty-phone.txt");
    await at(1 * MIN + 30 * SEC);
    // Seen 90 s ago, so still around: the departure is called off with an arrival.
    expect(state("Alice")).toBe("just_arrived");
    await at(2 * MIN);
    expect(state("Alice")).toBe("just_left");
    await at(2 * MIN);
    expect(state("Alice")).toBe("away");
    tables.pve1 = fixture("ip-neigh-pve1.txt");
    await at(30 * SEC);
    expect(state("Alice")).toBe("just_arrived");
    await at(2 * MIN);
    expect(state("Alice")).toBe("present");

    expect(titles()).toEqual([
      "Alice left home",
      "Alice arrived home",
      "Alice left home",
      "Alice is away",
      "Alice arrived home",
      "Alice is home",
    ]);
    expect(events[0]).toMatchObject({ type: "status", source: "monitor", data: { person: "Alice", state: "just_left", previous: "present", home: false } });
    expect(events[4]!.data).toMatchObject({ state: "just_arrived", previous: "away", home: true, devices: ["Alice's phone"] });
    expect(fired.map((f) => [f.type, f.data.state])).toEqual([
      ["jarvis_presence", "just_left"],
      ["jarvis_presence", "just_arrived"],
      ["jarvis_presence", "just_left"],
      ["jarvis_presence", "away"],
      ["jarvis_presence", "just_arrived"],
      ["jarvis_presence", "present"],
    ]);
  });

  it("counts a person home while any of their devices is seen, on any node, in either table format", async () => {
    tables.pve2 = fixture("arp-a-pve2.txt"); // Alice's laptop is on
    await tracker.start();
    tables.pve1 = fixture("ip-neigh-empty-phone.txt"); // her phone is not
    await at(3 * MIN);
    expect(state("Alice")).toBe("present");
    const alice = tracker.whoIsHome()[0]!;
    expect(alice.devices.map((d) => [d.mac, d.last_seen !== null])).toEqual([
      ["a4:83:e7:12:34:56", true],
      ["f0:18:98:0a:7c:e1", true],
    ]);
    expect(alice.last_seen).toBe(new Date(clock).toISOString());
  });

  it("keeps everyone's state when no node answers, and reports the scan down", async () => {
    await tracker.start();
    tables.pve1 = new Error("connect ECONNREFUSED");
    tables.pve2 = new Error("connect ECONNREFUSED");
    await at(5 * MIN);
    await at(5 * MIN);
    expect(state("Alice")).toBe("present");
    expect(state("Bob")).toBe("unknown");
    expect(status).toEqual(["up", "down", "down"]);
    tables.pve1 = fixture("ip-neigh-empty-phone.txt");
    await at(30 * SEC); // one node is enough; Alice's devices are gone from it
    expect(state("Alice")).toBe("just_left");
  });

  describe("with Frigate faces", () => {
    let frigate: FrigateEmulator;
    let client: FrigateClient;
    afterAll(async () => {
      await client?.close();
      await frigate?.close();
    });

    it("counts a recent known face as seeing its owner", async () => {
      frigate = await startFrigateEmulator();
      client = new FrigateClient({ url: frigate.url }, log);
      tracker = make({ frigate: client });
      await tracker.start();
      await at(2 * MIN);
      expect(state("Bob")).toBe("away");
      const t = clock / 1000;
      frigate.addEvent({ camera: "driveway", label: "person", sub_label: "bob", start_time: t + 20, end_time: t + 50 });
      await at(2 * MIN);
      expect(state("Bob")).toBe("just_arrived");
      expect(titles()).toEqual(["Bob arrived home"]);
    });
  });
});

describe("presence over a real SSH connection", () => {
  it("reads a node's neighbour table through sshd", async () => {
    const sshd = await startSshd();
    const ssh = new SshClient(
      { targets: [{ name: "pve1", host: "127.0.0.1", port: sshd.port }], user: "root", keyPath: sshd.keyPath, knownHostsPath: sshd.knownHostsPath },
      log,
    );
    try {
      // The real scan command runs on this machine's shell and succeeds (iproute2 or net-tools is installed).
      const real = await ssh.exec("pve1", SCAN_COMMAND);
      expect(real.exitCode).toBe(0);
      expect(Array.isArray(parseNeighbourTable(real.stdout))).toBe(true);

      const events: NewEvent[] = [];
      const tracker = new PresenceTracker(
        {
          devices: DEVICES,
          nodes: ["pve1"],
          // The node "prints" the fixture: same transport, channel and output handling as a real scan.
          exec: (node) => ssh.exec(node, `cat '${path.join(FIXTURES, "arp-a-pve2.txt")}'`),
          events: { add: (e) => events.push(e) },
        },
        log,
      );
      await tracker.start();
      await tracker.close();
      expect(tracker.whoIsHome().map((p) => [p.person, p.state])).toEqual([
        ["Alice", "present"],
        ["Bob", "unknown"],
      ]);
    } finally {
      await ssh.close();
      await sshd.stop();
    }
  });
});
