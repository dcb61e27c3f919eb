// The other built-in runbooks against the Proxmox emulator: a node that stops answering gets a real Wake-on-LAN
// packet (to the emulator's port on 127.0.0.1) and an alert; a full storage gets its backups listed and a prune
// proposed as a held action; a failed backup is reported with its task's log; a failed node service is proposed
// for a restart; a hot node is reported with its busiest guests.
import { afterEach, describe, expect, it } from "vitest";
import { freshCluster, rig, until, type Rig, type RigOptions } from "./harness.js";

const cluster = freshCluster({ bootMs: 20 });
let r: Rig;
afterEach(async () => {
  await r?.close();
});

async function start(o: RigOptions): Promise<Rig> {
  r = rig(cluster.emu, cluster.pve, o);
  r.engine.start();
  await r.look();
  await r.watch(); // the node watcher's first read only learns what is there
  return r;
}

const approve = async (actionId: string) => {
  const out = await r.registry.approveById(actionId, { actor: "dana", admin: true, channel: "card" });
  expect(out.status).toBe("ok");
  await r.engine.idle();
};

describe("node_down", () => {
  it("sends a Wake-on-LAN packet to the node that stopped answering, and alerts the household", async () => {
    await start({ runbooks: ["node_down"] });
    await cluster.emu.nodeDown("pve3");
    await r.look();
    await until(() => cluster.emu.wolReceived.length > 0);
    expect(cluster.emu.wolReceived).toEqual([cluster.emu.cluster.node("pve3").mac]);
    const alert = r.fromRunbooks().at(-1)!;
    expect(alert).toMatchObject({ type: "alert", severity: "critical", title: "Runbook: Node pve3 stopped answering: Jarvis sent it a Wake-on-LAN packet", data: { outcome: "done" } });
    expect(r.calls("wake_on_lan")[0]!.data).toMatchObject({ tier: "YELLOW", decision: "ok", args: { node: "pve3" } });
    expect(r.told.map((t) => t.data.outcome)).toEqual(["done"]);
    // The packet woke it (the emulated card heard its MAC).
    await until(() => cluster.emu.cluster.node("pve3").online);
  });

  it("leaves a node alone that answers again by the time it looks", async () => {
    await start({ runbooks: ["node_down"] });
    await cluster.emu.nodeDown("pve2");
    const raised = r.monitor.refresh();
    await raised;
    await cluster.emu.nodeUp("pve2");
    await r.engine.idle();
    // The look ran after pve2 came back, or before: either it woke it or it had nothing to do.
    expect(["done", "left_alone"]).toContain(r.outcomes().at(-1));
  });
});

describe("storage_full", () => {
  it("lists what fills a storage and proposes a prune as a held action, which runs once approved", async () => {
    await start({ runbooks: ["storage_full"] });
    cluster.emu.faults.addBackup("nas-backup", 102, 3, 120);
    cluster.emu.faults.addBackup("nas-backup", 102, 5, 118);
    cluster.emu.faults.fillStorage("nas-backup", 3_400);
    await r.look();
    const held = r.fromRunbooks().at(-1)!;
    expect(held).toMatchObject({ type: "alert", data: { outcome: "held" } });
    expect(held.title).toMatch(/^Runbook: Waiting for approval: Prune 1 older backups on nas-backup \(118 GiB\), keeping the newest 2 of each guest$/);
    expect(held.message).toMatch(/Backups take .* GiB in 7 files; the largest: vzdump-qemu-102-.* \(120 GiB\)/);
    const actionId = held.data!.action_id as string;
    expect(r.store.approvals.get(actionId)).toMatchObject({ tool: "prune_backups", tier: "ORANGE", args: { node: "pve1", storage: "nas-backup", keep_last: 2 } });
    expect(cluster.emu.cluster.backups.filter((b) => b.vmid === 102)).toHaveLength(3);

    await approve(actionId);
    expect(cluster.emu.cluster.backups.filter((b) => b.vmid === 102)).toHaveLength(2);
    expect(r.fromRunbooks().at(-1)).toMatchObject({ title: "Runbook: Pruned 1 older backups on nas-backup, freeing about 118 GiB", data: { outcome: "done" } });
  });

  it("does not run a held prune that would now remove other backups than the ones approved", async () => {
    await start({ runbooks: ["storage_full"] });
    cluster.emu.faults.addBackup("nas-backup", 103, 4, 50);
    cluster.emu.faults.addBackup("nas-backup", 103, 6, 50);
    cluster.emu.faults.fillStorage("nas-backup", 3_400);
    await r.look();
    const actionId = r.fromRunbooks().at(-1)!.data!.action_id as string;
    expect(r.fromRunbooks().at(-1)!.title).toMatch(/Prune 1 older backups/);
    cluster.emu.faults.addBackup("nas-backup", 103, 2, 50); // a newer one appears before the approval: now two would go
    const out = await r.registry.approveById(actionId, { actor: "dana", admin: true, channel: "card" });
    expect(out).toMatchObject({ status: "refused", reason: expect.stringMatching(/changed since it was approved/) });
    await r.engine.idle();
    expect(r.fromRunbooks().at(-1)).toMatchObject({ data: { outcome: "failed" } });
    expect(cluster.emu.cluster.backups.filter((b) => b.vmid === 103)).toHaveLength(4);
  });

  it("only reports when nothing can be pruned", async () => {
    await start({ runbooks: ["storage_full"] });
    cluster.emu.faults.fillStorage("local-lvm", 780);
    await r.look();
    const reported = r.fromRunbooks().at(-1)!;
    expect(reported).toMatchObject({ type: "alert", severity: "warning", title: "Runbook: Storage local-lvm is filling up (98% full)", data: { outcome: "reported" } });
    expect(reported.message).toMatch(/holds no backups/);
  });
});

describe("backup_failed", () => {
  it("reports a failed backup task with the end of its log", async () => {
    await start({ runbooks: ["backup_failed"] });
    await cluster.pve.waitForTask(cluster.emu.faults.failBackup(108, { error: "no space left on device" }), { intervalMs: 10 }).catch(() => undefined);
    await r.watch();
    const report = r.fromRunbooks().at(-1)!;
    expect(report).toMatchObject({ type: "alert", severity: "error", title: "Runbook: Backup of guest 108 failed on pve3", data: { outcome: "reported" } });
    expect(report.message).toMatch(/^ERROR: Backup of VM 108 failed - no space left on device/);
    expect(report.message).toMatch(/TASK ERROR: job errors$/);
    expect(r.calls("get_task_log")).toHaveLength(1);
    // One report per failure: the watcher's next read does not raise it again.
    await r.watch();
    expect(r.fromRunbooks()).toHaveLength(1);
  });
});

describe("service_failed", () => {
  it("proposes restarting a failed Proxmox service, and restarts it once approved", async () => {
    await start({ runbooks: ["service_failed"] });
    cluster.emu.faults.failService("pve2", "pveproxy");
    await r.watch();
    const held = r.fromRunbooks().at(-1)!;
    expect(held).toMatchObject({ title: "Runbook: Waiting for approval: Restart pveproxy on pve2", data: { outcome: "held" } });
    expect(held.message).toMatch(/pveproxy \(PVE API Proxy Server\) failed on pve2/);
    await approve(held.data!.action_id as string);
    expect((await cluster.pve.nodeServices("pve2")).find((s) => s.service === "pveproxy")!["active-state"]).toBe("active");
    expect(r.fromRunbooks().at(-1)).toMatchObject({ title: "Runbook: Restarted pveproxy on pve2", data: { outcome: "done" } });
    await r.watch();
    expect(r.store.events.list({ source: "monitor" })[0]).toMatchObject({ type: "status", title: "Service pveproxy on pve2 runs again" });
  });

  it("a protected service's restart is RED: the runbook hands it over instead", async () => {
    await start({ runbooks: ["service_failed"] });
    cluster.emu.faults.failService("pve1", "corosync");
    await r.watch();
    expect(r.fromRunbooks().at(-1)).toMatchObject({ type: "alert", data: { outcome: "escalated" } });
    expect(r.calls("restart_node_service")).toEqual([]);
  });
});

describe("node_hot", () => {
  it("reports a hot node with its busiest guests and does nothing else", async () => {
    await start({ runbooks: ["node_hot"] });
    cluster.emu.faults.heat("pve1", { celsius: 92 });
    await r.look();
    const report = r.fromRunbooks().at(-1)!;
    expect(report).toMatchObject({ type: "alert", severity: "warning", title: "Runbook: High Temperature on pve1: 92 °C", data: { outcome: "reported" } });
    expect(report.message).toMatch(/Busiest guests on pve1: .+ at [\d.]+% CPU/);
    expect(report.message).toContain("VM 100 (haos)");
    expect(report.message).toContain("Container 103 (pihole)");
    expect(r.calls().map((c) => c.data!.tier)).toEqual(["GREEN"]);
  });
});
