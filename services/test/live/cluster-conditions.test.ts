// The monitor's pure parts on hand-made cluster readings: sustained CPU/memory and temperature conditions on
// a fake clock, and the sparkline rings that never grow past their window.
import { describe, expect, it } from "vitest";
import type { ClusterResource } from "../../src/clients/proxmox/types.js";
import { ClusterConditions, THRESHOLD_DEFAULTS } from "../../src/events/cluster-conditions.js";
import { ClusterHistory, SampleRing } from "../../src/events/cluster-history.js";
import { buildClusterView } from "../../src/events/cluster-view.js";

const GiB = 1024 ** 3;
const MIN = 60_000;

function view(opts: { cpu?: number; mem?: number; temp?: number | null; guests?: number[]; at?: number } = {}) {
  const resources: ClusterResource[] = [
    { id: "node/pve1", type: "node", node: "pve1", status: "online", cpu: opts.cpu ?? 0.1, maxcpu: 8, mem: (opts.mem ?? 0.3) * 32 * GiB, maxmem: 32 * GiB, disk: 10 * GiB, maxdisk: 100 * GiB, uptime: 1000 },
    ...(opts.guests ?? [100]).map((vmid): ClusterResource => ({ id: `qemu/${vmid}`, type: "qemu", node: "pve1", vmid, name: `g${vmid}`, status: "running", cpu: 0.05, mem: GiB, maxmem: 4 * GiB })),
  ];
  return buildClusterView(resources, new Map([["pve1", opts.temp === undefined ? 50 : opts.temp]]), { demo: false, at: new Date(opts.at ?? 0) });
}

const never = () => false;

describe("sustained conditions", () => {
  it("raises high CPU only after it held for the sustain time, once, and clears below the band", () => {
    const c = new ClusterConditions(THRESHOLD_DEFAULTS);
    const at = (t: number, cpu: number) => c.evaluate(view({ cpu }), t, never);
    expect(at(0, 0.95)).toEqual([]);
    expect(at(4 * MIN, 0.97)).toEqual([]);
    const raised = at(5 * MIN, 0.96);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ change: "raised", kind: "cpu_high", severity: "warning", node: "pve1", title: "High CPU on pve1: 96%" });
    expect(at(6 * MIN, 0.99)).toEqual([]);
    expect(at(7 * MIN, 0.88)).toEqual([]); // inside the hysteresis band
    expect(at(8 * MIN, 0.5)).toMatchObject([{ change: "cleared", kind: "cpu_high", severity: "info" }]);
  });

  it("starts the sustain clock again when the value dips in between", () => {
    const c = new ClusterConditions(THRESHOLD_DEFAULTS);
    const at = (t: number, mem: number) => c.evaluate(view({ mem }), t, never);
    expect(at(0, 0.95)).toEqual([]);
    expect(at(3 * MIN, 0.5)).toEqual([]);
    expect(at(6 * MIN, 0.95)).toEqual([]);
    expect(at(10 * MIN, 0.95)).toEqual([]);
    expect(at(11 * MIN, 0.95)).toMatchObject([{ change: "raised", kind: "memory_high" }]);
  });

  it("raises a hot node at once and clears it when it cooled down", () => {
    const c = new ClusterConditions({ ...THRESHOLD_DEFAULTS, temperatureC: 80 });
    expect(c.evaluate(view({ temp: 84 }), 0, never)).toMatchObject([{ change: "raised", kind: "temperature_high", title: "High Temperature on pve1: 84 °C" }]);
    expect(c.evaluate(view({ temp: 86 }), MIN, never)).toEqual([]);
    expect(c.evaluate(view({ temp: 70 }), 2 * MIN, never)).toMatchObject([{ change: "cleared" }]);
    expect(c.raised).toEqual([]);
  });
});

describe("sparkline history", () => {
  it("keeps at most a window's worth of samples per key, newest last", () => {
    const ring = new SampleRing(4);
    for (let t = 1; t <= 10; t++) ring.push({ t, cpu_pct: t, mem_pct: 2 * t });
    expect(ring.size).toBe(4);
    expect(ring.since(0).map((s) => s.t)).toEqual([7, 8, 9, 10]);
    expect(ring.since(9)).toEqual([
      { t: 9, cpu_pct: 9, mem_pct: 18 },
      { t: 10, cpu_pct: 10, mem_pct: 20 },
    ]);
  });

  it("bounds each node and guest to the window and forgets guests that are gone", () => {
    const history = new ClusterHistory(60_000, 10_000);
    expect(history.capacity).toBe(6);
    for (let i = 0; i < 50; i++) history.record(view({ at: i * 10_000, guests: [100, 101] }), i * 10_000);
    const all = history.since(0);
    expect(Object.keys(all).sort()).toEqual(["guest/100", "guest/101", "node/pve1"]);
    expect(Object.values(all).map((s) => s.length)).toEqual([6, 6, 6]);
    expect(all["guest/100"]![0]).toEqual({ t: 440_000, cpu_pct: 5, mem_pct: 25 });

    // Guest 101 is deleted: after a whole window without it, its ring goes.
    for (let i = 50; i < 58; i++) history.record(view({ at: i * 10_000, guests: [100] }), i * 10_000);
    expect(Object.keys(history.since(0)).sort()).toEqual(["guest/100", "node/pve1"]);
    expect(history.keys).toBe(2);
  });
});
