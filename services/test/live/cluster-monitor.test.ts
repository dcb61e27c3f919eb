// The cluster monitor against the Proxmox emulator: one event per change of state (never a repeat while it
// holds), guests stopped behind Jarvis's back told apart from those a Jarvis tool stopped, storage filling up,
// snapshots saved and pruned on the monitor's clock.
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProxmoxClient } from "../../src/clients/proxmox/client.js";
import { ClusterMonitor, type ClusterMonitorOptions } from "../../src/events/cluster-monitor.js";
import { Store } from "../../src/store/db.js";
import type { EventRow } from "../../src/store/events.js";
import { SnapshotsRepo } from "../../src/store/snapshots.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { lifecycleTools } from "../../src/tools/lifecycle.js";
import { Redactor } from "../../src/tools/redact.js";
import { ToolRegistry } from "../../src/tools/registry.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import type { StorageSeed } from "../emulators/proxmox/fixture.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";

const log = pino({ level: "silent" });
let emu: ProxmoxEmulator;
let pve: ProxmoxClient;
let store: Store;
let monitors: ClusterMonitor[];

beforeAll(async () => {
  emu = await startProxmoxEmulator({ taskMs: 50 });
  // No client cache: each refresh sees the emulator as it is now.
  pve = new ProxmoxClient(emulatorClientConfig(emu), log, undefined, { resourcesTtlMs: 0, clusterStatusTtlMs: 0, taskPollMs: 20 });
});
afterAll(async () => {
  await pve.close();
  await emu.close();
});
beforeEach(() => {
  store = Store.open(":memory:");
  monitors = [];
});
afterEach(async () => {
  await Promise.all(monitors.map((m) => m.close()));
  store.close();
});

function monitor(opts: Partial<ClusterMonitorOptions> = {}): ClusterMonitor {
  const m = new ClusterMonitor({ proxmox: pve, events: store.events, snapshots: new SnapshotsRepo(store.db), ...opts }, log);
  monitors.push(m);
  return m;
}

const fromMonitor = (): EventRow[] => store.events.list({ source: "monitor" }).reverse();
const alerts = () => fromMonitor().filter((e) => e.type === "alert");
const okAgain = () => fromMonitor().filter((e) => e.type === "status");

describe("cluster monitor: changes of state", () => {
  it("raises one critical alert when a node goes down and one ok event when it is back", async () => {
    const m = monitor();
    await m.refresh();
    expect(fromMonitor()).toEqual([]);

    await emu.nodeDown("pve2");
    try {
      await m.refresh();
      await m.refresh();
      expect(alerts()).toHaveLength(1);
      expect(alerts()[0]).toMatchObject({ severity: "critical", node: "pve2", title: "Node pve2 is offline", resolved: false });
      expect(m.view!.nodes.find((n) => n.name === "pve2")!.online).toBe(false);
      // The guests of the lost node are unknown, not stopped: no alert for each of them.
      expect(m.view!.guests.filter((g) => g.node === "pve2").every((g) => g.status === "unknown")).toBe(true);
    } finally {
      await emu.nodeUp("pve2");
    }
    await m.refresh();
    await m.refresh();
    expect(alerts()).toHaveLength(1);
    expect(okAgain()).toHaveLength(1);
    expect(okAgain()[0]).toMatchObject({ severity: "info", node: "pve2", title: "Node pve2 is back online" });
    expect(alerts()[0]!.resolved).toBe(true);
  });

  it("alerts when a guest stops behind Jarvis's back, once, and says when it runs again", async () => {
    const m = monitor();
    await m.refresh();
    const pihole = emu.cluster.guests.get(103)!;
    pihole.status = "stopped";
    await m.refresh();
    await m.refresh();
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]).toMatchObject({ severity: "warning", title: "Container 103 (pihole) stopped unexpectedly", data: { vmid: 103, kind: "guest_stopped" } });

    pihole.status = "running";
    pihole.startedAt = Date.now();
    await m.refresh();
    expect(okAgain().map((e) => e.title)).toEqual(["Container 103 (pihole) is running again"]);
  });

  it("stays quiet when a Jarvis tool stopped the guest", async () => {
    const registry = new ToolRegistry(lifecycleTools(pve), {
      approvals: store.approvals,
      events: store.events,
      words: new ApprovalWords("JARVIS-EXECUTE", undefined),
      redactor: new Redactor([]),
      facts: { protectedGuests: new Set(), protectedServices: new Set() },
      log,
    });
    const m = monitor();
    await m.refresh();
    const held = await registry.execute({ name: "stop_container", args: { vmid: 104 } }, { actor: "sam", channel: "card" });
    expect(held.status).toBe("approval_required");
    const done = await registry.approveById((held as { actionId: string }).actionId, { actor: "sam", channel: "card" });
    expect(done.status).toBe("ok");
    expect(emu.cluster.guests.get(104)!.status).toBe("stopped");

    await m.refresh();
    expect(m.view!.guests.find((g) => g.vmid === 104)!.status).toBe("stopped");
    expect(alerts()).toEqual([]);
    emu.cluster.guests.get(104)!.status = "running";
  });

  it("alerts once when storage passes the threshold and once when it is back under", async () => {
    const seeds = emu.cluster.storages;
    const setUsed = (name: string, usedGiB: number) => {
      (emu.cluster as { storages: readonly StorageSeed[] }).storages = seeds.map((s) => (s.storage === name ? { ...s, usedGiB } : s));
    };
    const m = monitor({ thresholds: { storagePct: 85 } });
    await m.refresh();
    try {
      setUsed("nas-backup", 3_300); // 92% of 3,600 GiB, seen from all three nodes
      await m.refresh();
      await m.refresh();
      expect(alerts()).toHaveLength(1);
      expect(alerts()[0]).toMatchObject({ severity: "warning", title: "Shared storage nas-backup is 92% full", data: { storage: "nas-backup", threshold: 85 } });
      setUsed("nas-backup", 3_020); // 84%: inside the hysteresis band, still full
      await m.refresh();
      expect(okAgain()).toEqual([]);
      setUsed("nas-backup", 1_240);
      await m.refresh();
      expect(okAgain().map((e) => e.title)).toEqual(["Shared storage nas-backup is below 85% again"]);
    } finally {
      (emu.cluster as { storages: readonly StorageSeed[] }).storages = seeds;
    }
  });
});

describe("cluster monitor: one poller, many consumers", () => {
  it("hands each changed view to every subscriber from a single upstream read per poll", async () => {
    const m = monitor();
    const seen: number[][] = [[], [], []];
    seen.forEach((list) => m.subscribe((v) => list.push(v.guests.length)));
    emu.resetCounts();
    await Promise.all([m.refresh(), m.refresh(), m.refresh()]);
    expect(emu.count("GET", "/cluster/resources")).toBe(1);
    expect(seen.map((l) => l.length)).toEqual([1, 1, 1]);
    expect(m.view!.nodes.map((n) => n.name)).toEqual(["pve1", "pve2", "pve3"]);
    // Only pve1 carries the sensors patch.
    expect(m.view!.nodes[0]!.temperature_c).toEqual(expect.any(Number));
    expect(m.view!.nodes[1]!.temperature_c).toBeNull();
  });

  it("refreshes soon after a Jarvis action on a guest", async () => {
    const m = monitor({ intervalMs: 3_600_000, refreshDebounceMs: 20 });
    m.start();
    await m.current();
    const updated = new Promise<void>((resolve) => m.subscribe((v) => v.guests.find((g) => g.vmid === 107)?.status === "running" && resolve()));
    emu.cluster.guests.get(107)!.status = "running";
    store.events.add({ type: "action", source: "jarvis", title: "start_vm: ok", data: { tool: "start_vm", decision: "ok", args: { vmid: 107 } } });
    await updated;
    emu.cluster.guests.get(107)!.status = "stopped";
  });
});

describe("cluster snapshots", () => {
  it("saves one every interval on the monitor's clock and prunes those past retention", async () => {
    let clock = Date.parse("2025-01-01T00:00:00Z");
    const snapshots = new SnapshotsRepo(store.db);
    const m = monitor({ now: () => clock, snapshotIntervalMs: 5 * 60_000, snapshotRetentionMs: 7 * 86_400_000 });
    for (let minute = 0; minute < 12; minute++) {
      await m.refresh();
      clock += 60_000;
    }
    const saved = snapshots.list();
    expect(saved.map((s) => s.createdAt.toISOString())).toEqual(["2025-01-01T00:00:00.000Z", "2025-01-01T00:05:00.000Z", "2025-01-01T00:10:00.000Z"]);
    expect((saved[0]!.data as { nodes: unknown[] }).nodes).toHaveLength(3);

    clock = Date.parse("2025-01-08T00:07:00Z");
    await m.refresh();
    expect(snapshots.list().map((s) => s.createdAt.toISOString())).toEqual(["2025-01-01T00:10:00.000Z", "2025-01-08T00:07:00.000Z"]);
  });
});
