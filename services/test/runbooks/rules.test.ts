// The small rules the engine stands on: which events are triggers (and that Jarvis's own never are), quiet
// hours across midnight and when they end, targets, the runbook settings as the household writes them, and
// Proxmox notification bodies as events.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { failedGuests, notificationEvent } from "../../src/events/pve-notification.js";
import { inQuietHours, quietHoursEnd, targeted } from "../../src/runbooks/limits.js";
import { triggerOf } from "../../src/runbooks/triggers.js";
import type { Trigger } from "../../src/runbooks/types.js";
import type { EventRow } from "../../src/store/events.js";
import { magicPacket } from "../../src/tools/wake-on-lan.js";

const event = (e: Partial<EventRow>): EventRow => ({
  id: 7,
  createdAt: new Date("2030-06-01T12:00:00Z"),
  type: "alert",
  severity: "warning",
  source: "monitor",
  title: "t",
  message: null,
  node: null,
  data: null,
  resolved: false,
  ...e,
});

describe("triggers", () => {
  it("reads the monitor's and the watcher's alerts as triggers with a subject", () => {
    expect(triggerOf(event({ node: "pve3", data: { kind: "guest_stopped", vmid: 102, name: "docker-host" } }))).toMatchObject({ kind: "guest_stopped", subject: "guest/102", vmid: 102, node: "pve3", eventId: 7 });
    expect(triggerOf(event({ node: "pve2", data: { kind: "node_offline" } }))).toMatchObject({ kind: "node_offline", subject: "node/pve2" });
    expect(triggerOf(event({ data: { kind: "storage_full", storage: "nas-backup", value: 92 } }))).toMatchObject({ kind: "storage_full", subject: "storage/nas-backup", node: null });
    expect(triggerOf(event({ node: "pve1", data: { kind: "storage_full", storage: "local" } }))?.subject).toBe("storage/pve1/local");
    expect(triggerOf(event({ node: "pve1", data: { kind: "temperature_high", value: 91 } }))).toMatchObject({ kind: "node_hot", subject: "node/pve1" });
    expect(triggerOf(event({ node: "pve1", data: { kind: "cpu_high", value: 97 } }))?.kind).toBe("node_hot");
    expect(triggerOf(event({ node: "pve2", data: { kind: "service_failed", service: "pveproxy" } }))).toMatchObject({ subject: "service/pve2/pveproxy", service: "pveproxy" });
    expect(triggerOf(event({ node: "pve3", data: { kind: "backup_failed", upid: "UPID:pve3:1:2:3:vzdump:108:root@pam:", vmid: 108 } }))).toMatchObject({ subject: "backup/pve3", upid: "UPID:pve3:1:2:3:vzdump:108:root@pam:" });
    expect(triggerOf(event({ node: "front_door", data: { camera: "front_door", label: "person" } }))).toMatchObject({ kind: "person_seen", subject: "camera/front_door", node: null });
  });

  it("never takes Jarvis's own events, status events, resolved alerts or unknown kinds", () => {
    const crash = { node: "pve3", data: { kind: "guest_stopped", vmid: 102 } };
    expect(triggerOf(event({ ...crash, source: "jarvis" }))).toBeNull();
    expect(triggerOf(event({ ...crash, type: "status" }))).toBeNull();
    expect(triggerOf(event({ ...crash, resolved: true }))).toBeNull();
    expect(triggerOf(event({ node: "pve3", data: { kind: "memory_high" } }))).toBeNull();
    expect(triggerOf(event({ data: { kind: "guest_stopped" } }))).toBeNull(); // no guest named
  });
});

describe("limits", () => {
  const q = { from: 22 * 60, to: 7 * 60 };
  const t = (h: number, m = 0) => new Date(2030, 5, 1, h, m);
  it("quiet hours may cross midnight; their end is the first quiet-free minute", () => {
    expect([21, 22, 23, 0, 6, 7, 12].map((h) => inQuietHours(q, t(h)))).toEqual([false, true, true, true, true, false, false]);
    expect(quietHoursEnd(q, t(23, 30))).toEqual(new Date(2030, 5, 2, 7, 0));
    expect(quietHoursEnd(q, t(3, 15))).toEqual(new Date(2030, 5, 1, 7, 0));
    expect(quietHoursEnd(q, t(12))).toEqual(t(12));
    const day = { from: 9 * 60, to: 17 * 60 };
    expect([8, 9, 16, 17].map((h) => inQuietHours(day, t(h)))).toEqual([false, true, true, false]);
    expect(inQuietHours(null, t(23))).toBe(false);
  });

  it("targets name guests, nodes or storages; none means all", () => {
    const trig = (o: Partial<Trigger>) => ({ kind: "guest_stopped", subject: "s", node: null, eventId: 1, title: "", at: 0, data: {}, ...o }) as Trigger;
    expect(targeted({ targets: [] }, trig({ vmid: 5 }))).toBe(true);
    expect(targeted({ targets: ["101", "pve2"] }, trig({ vmid: 101, node: "pve1" }))).toBe(true);
    expect(targeted({ targets: ["101", "pve2"] }, trig({ vmid: 102, node: "pve2" }))).toBe(true);
    expect(targeted({ targets: ["101", "pve2"] }, trig({ vmid: 102, node: "pve1" }))).toBe(false);
    expect(targeted({ targets: ["nas-backup"] }, trig({ kind: "storage_full", storage: "nas-backup" }))).toBe(true);
  });
});

describe("runbook settings", () => {
  const load = (env: Record<string, string>) => loadConfig({ JARVIS_OPTIONS_PATH: path.join("/nonexistent", "options.json"), ...env }).config.runbooks;

  it("are all off by default, with the household switch on and a broadcast WoL address", () => {
    expect(load({})).toEqual({ enabled: true, on: [], digestAt: null, webhookSecret: undefined, wol: { address: "255.255.255.255", port: 9 } });
  });

  it("read the household's list: limits, targets and quiet hours", () => {
    const c = load({
      RUNBOOKS: JSON.stringify([{ runbook: "guest_crash", max_per_hour: 2, targets: " 101, pve2 ", quiet_hours: "22:30-07:00" }, { runbook: "node_down" }]),
      DIGEST_TIME: "08:15",
      RUNBOOKS_ENABLED: "false",
      PVE_WEBHOOK_SECRET: "sixteen-chars-ok",
    });
    expect(c.on).toEqual([
      { id: "guest_crash", maxPerHour: 2, targets: ["101", "pve2"], quietHours: { from: 22 * 60 + 30, to: 7 * 60 } },
      { id: "node_down", maxPerHour: 3, targets: [], quietHours: null },
    ]);
    expect(c).toMatchObject({ enabled: false, digestAt: 8 * 60 + 15, webhookSecret: "sixteen-chars-ok" });
  });

  it("refuse a runbook listed twice, unknown ones, bad times and a short secret, naming the key", () => {
    expect(() => load({ RUNBOOKS: '[{"runbook":"guest_crash"},{"runbook":"guest_crash"}]' })).toThrow(/RUNBOOKS/);
    expect(() => load({ RUNBOOKS: '[{"runbook":"delete_everything"}]' })).toThrow(/RUNBOOKS/);
    expect(() => load({ RUNBOOKS: '[{"runbook":"guest_crash","quiet_hours":"25:00-07:00"}]' })).toThrow(/RUNBOOKS/);
    expect(() => load({ RUNBOOKS: '[{"runbook":"guest_crash","max_per_hour":0}]' })).toThrow(/RUNBOOKS/);
    expect(() => load({ DIGEST_TIME: "8am" })).toThrow(/DIGEST_TIME/);
    expect(() => load({ PVE_WEBHOOK_SECRET: "short" })).toThrow(/PVE_WEBHOOK_SECRET/);
    expect(() => load({ WOL_ADDRESS: "lan" })).toThrow(/WOL_ADDRESS/);
  });
});

describe("Proxmox notifications as events", () => {
  it("find the failed guests in a vzdump message", () => {
    expect(failedGuests("108: ERROR: Backup of VM 108 failed - x\n109: ERROR: Backup of VM 109 failed - y\n108: ERROR: Backup of VM 108 failed - z")).toEqual([108, 109]);
  });

  it("keep a successful backup as a status event, and a notification of no known kind too", () => {
    expect(notificationEvent({ title: "vzdump backup status (pve1): backup successful", message: "ok", severity: "info", fields: { type: "vzdump", hostname: "pve1" } })).toMatchObject({ type: "status", title: "Backup finished on pve1" });
    expect(notificationEvent({ title: "SMART error", message: "Device: /dev/sda", severity: "unknown", type: "system-mail", hostname: "pve2" })).toMatchObject({ type: "status", severity: "warning", title: "Mail for root on pve2: SMART error", node: "pve2" });
  });
});

describe("Wake-on-LAN", () => {
  it("builds the magic packet: six 0xFF, then the MAC sixteen times", () => {
    const p = magicPacket("52:54:00:A0:00:03");
    expect(p.length).toBe(102);
    expect(p.subarray(0, 6)).toEqual(Buffer.alloc(6, 0xff));
    expect(p.subarray(96)).toEqual(Buffer.from([0x52, 0x54, 0x00, 0xa0, 0x00, 0x03]));
    expect(() => magicPacket("52:54:00")).toThrow(/not a MAC/);
  });
});
