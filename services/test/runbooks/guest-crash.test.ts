// The guest_crash runbook against the Proxmox emulator, through the real monitor, registry and engine: a guest
// that crashed is started again within the limit and escalated past it; one stopped by a person or a task is
// left alone; tiers apply unchanged (ORANGE held until an admin approves, RED never run); quiet hours and the
// household switch are honoured.
import { afterEach, describe, expect, it } from "vitest";
import { freshCluster, rig, type Rig, type RigOptions } from "./harness.js";

const cluster = freshCluster();
let r: Rig;
afterEach(async () => {
  await r?.close();
});

const status = (vmid: number) => cluster.emu.cluster.guests.get(vmid)!.status;
const MIN = 60_000;

async function start(o: Partial<RigOptions> = {}): Promise<Rig> {
  r = rig(cluster.emu, cluster.pve, { runbooks: ["guest_crash"], ...o });
  r.engine.start();
  await r.look(); // the monitor's first view: everything as it is
  return r;
}

/** The guest crashes (no task) and the monitor's next read sees it. */
async function crash(vmid: number): Promise<void> {
  cluster.emu.faults.crash(vmid);
  await r.look();
}

describe("a guest that stopped unexpectedly", () => {
  it("is started again, through the registry as the runbook, and the run is an event with its reasoning", async () => {
    await start();
    await crash(102);
    expect(status(102)).toBe("running");
    const [done] = r.fromRunbooks();
    expect(done).toMatchObject({
      type: "action",
      source: "jarvis",
      title: "Runbook: Started VM 102 (docker-host) again",
      data: { runbook: "guest_crash", actor: "runbook:guest_crash", outcome: "done", subject: "guest/102" },
    });
    expect(done!.message).toMatch(/no task behind it/);
    expect(done!.data!.trigger).toMatchObject({ kind: "guest_stopped", title: "VM 102 (docker-host) stopped unexpectedly" });
    // Every step was a registry call under the runbook's name: two looks, then the start (YELLOW).
    expect(r.calls().map((e) => [e.data!.tool, e.data!.tier, e.data!.decision])).toEqual([
      ["get_cluster_resources", "GREEN", "ok"],
      ["get_recent_tasks", "GREEN", "ok"],
      ["start_vm", "YELLOW", "ok"],
    ]);
    expect(r.calls("start_vm")[0]!.data).toMatchObject({ actor: "runbook:guest_crash", channel: "runbook", args: { vmid: 102, node: "pve3" } });
    expect(r.told).toEqual([]); // a routine recovery tells no one; the events say it
  });

  it("is started at most max_per_hour times an hour, then escalated once, and again after the hour", async () => {
    await start({ runbooks: [{ id: "guest_crash", maxPerHour: 2 }] });
    for (let i = 0; i < 2; i++) {
      await crash(104);
      expect(status(104)).toBe("running");
      await r.look(); // sees it running again: the condition clears
      r.advance(10 * MIN);
    }
    await crash(104);
    expect(status(104)).toBe("stopped");
    const escalated = r.fromRunbooks().at(-1)!;
    expect(escalated).toMatchObject({ type: "alert", severity: "error", data: { outcome: "escalated" } });
    expect(escalated.title).toBe("Runbook: Container 104 (nginx-proxy) stopped unexpectedly: over to you");
    expect(escalated.message).toMatch(/2 times in the last hour, its limit \(2\)/);
    expect(r.told.map((t) => [t.type, t.data.outcome])).toEqual([["jarvis_runbook", "escalated"]]);

    // Someone starts it; it crashes again within the hour: left alone, the household is not told twice.
    cluster.emu.cluster.setRunning(cluster.emu.cluster.guests.get(104)!, true);
    await r.look();
    r.advance(5 * MIN);
    await crash(104);
    expect(status(104)).toBe("stopped");
    expect(r.outcomes().slice(-2)).toEqual(["escalated", "left_alone"]);
    expect(r.told).toHaveLength(1);

    // An hour after the first starts, the runbook may act again.
    cluster.emu.cluster.setRunning(cluster.emu.cluster.guests.get(104)!, true);
    await r.look();
    r.advance(40 * MIN);
    await crash(104);
    expect(status(104)).toBe("running");
    expect(r.outcomes().at(-1)).toBe("done");
    expect(r.calls("start_container")).toHaveLength(3);
  });
});

describe("a guest stopped by a person or a task", () => {
  it("is left alone when a person shut it down from Proxmox", async () => {
    await start();
    await cluster.pve.waitForTask(cluster.emu.faults.stopByPerson(103, { user: "sam@pve" }), { intervalMs: 10 });
    await r.look();
    expect(status(103)).toBe("stopped");
    const left = r.fromRunbooks().at(-1)!;
    expect(left).toMatchObject({ type: "status", severity: "info", data: { outcome: "left_alone" } });
    expect(left.message).toMatch(/stopped by sam@pve's vzshutdown task/);
    expect(r.calls("start_container")).toEqual([]);
  });

  it("is left alone when a backup task stopped it", async () => {
    await start();
    // A stop-mode backup: vzdump stops the guest while it runs.
    const upid = cluster.emu.cluster.tasks.start("pve3", "vzdump", "102", "root@pam", () => void cluster.emu.cluster.setRunning(cluster.emu.cluster.guests.get(102)!, false));
    await cluster.pve.waitForTask(upid, { intervalMs: 10 });
    await r.look();
    expect(status(102)).toBe("stopped");
    expect(r.fromRunbooks().at(-1)!.message).toMatch(/root@pam's vzdump task/);
    expect(r.calls("start_vm")).toEqual([]);
  });

  it("raises nothing when Jarvis itself stopped it (the monitor knows its own actions)", async () => {
    await start({ policy: { stop_container: "YELLOW" } });
    const out = await r.registry.execute({ name: "stop_container", args: { vmid: 103 } }, { actor: "sam", channel: "card" });
    expect(out.status).toBe("ok");
    await r.look();
    expect(status(103)).toBe("stopped");
    expect(r.fromRunbooks()).toEqual([]);
  });
});

describe("tiers apply unchanged", () => {
  it("holds an ORANGE step, announces it, and runs it after an admin approves", async () => {
    await start({ policy: { start_vm: "ORANGE" } });
    await crash(102);
    expect(status(102)).toBe("stopped");
    const held = r.fromRunbooks().at(-1)!;
    expect(held).toMatchObject({ type: "alert", severity: "warning", title: "Runbook: Waiting for approval: Start VM 102 (docker-host) again", data: { outcome: "held" } });
    const actionId = held.data!.action_id as string;
    expect(r.told.at(-1)).toMatchObject({ type: "jarvis_runbook", data: { outcome: "held", action_id: actionId } });
    expect(r.store.approvals.get(actionId)).toMatchObject({ tool: "start_vm", tier: "ORANGE", status: "pending", requestedBy: "runbook:guest_crash" });
    expect(r.store.runbookRuns.unfinished()).toMatchObject([{ status: "waiting", actionId }]);

    // Someone who is not an admin (and did not ask) cannot approve it.
    const refused = await r.registry.approveById(actionId, { actor: "guest-user", admin: false, channel: "card" });
    expect(refused.status).toBe("refused");
    const approved = await r.registry.approveById(actionId, { actor: "dana", admin: true, channel: "card" });
    expect(approved.status).toBe("ok");
    await r.engine.idle();
    expect(status(102)).toBe("running");
    const done = r.fromRunbooks().at(-1)!;
    expect(done).toMatchObject({ title: "Runbook: Started VM 102 (docker-host) again", data: { outcome: "done" } });
    expect(done.message).toMatch(/Approved by dana \(start_vm\)/);
    expect(r.store.runbookRuns.unfinished()).toEqual([]);
  });

  it("ends the run when the held action is denied", async () => {
    await start({ policy: { start_vm: "ORANGE" } });
    await crash(102);
    const actionId = r.fromRunbooks().at(-1)!.data!.action_id as string;
    // A runbook's action is no one's own: only an admin may deny it.
    expect(r.registry.deny(actionId, { actor: "uma" })).toEqual({ refused: expect.stringContaining("admin") });
    expect(r.registry.deny(actionId, { actor: "dana", admin: true })).toBe("denied");
    await r.engine.idle();
    expect(r.fromRunbooks().at(-1)).toMatchObject({ title: "Runbook: Declined: Start VM 102 (docker-host) again", data: { outcome: "declined" } });
    expect(status(102)).toBe("stopped");
  });

  it("never runs or holds a RED step: it hands over to a person", async () => {
    await start({ policy: { start_vm: "RED" } });
    await crash(102);
    expect(status(102)).toBe("stopped");
    expect(r.fromRunbooks().at(-1)).toMatchObject({ type: "alert", data: { outcome: "escalated" } });
    expect(r.fromRunbooks().at(-1)!.message).toMatch(/start_vm is RED here, and a runbook never runs RED or BLACK actions/);
    expect(r.calls("start_vm")).toEqual([]);
    expect(r.store.runbookRuns.heldBy("runbook:guest_crash", "start_vm", new Date(0))).toBeUndefined();
  });
});

describe("quiet hours and the household switch", () => {
  it("waits out the quiet hours, then looks again and acts", async () => {
    await start({ at: "2030-06-01T23:30:00", runbooks: [{ id: "guest_crash", quietHours: { from: 22 * 60, to: 7 * 60 } }] });
    await crash(102);
    expect(status(102)).toBe("stopped");
    expect(r.fromRunbooks().at(-1)).toMatchObject({ type: "status", title: "Runbook: Start VM 102 (docker-host) again waits until 07:00 (quiet hours)", data: { outcome: "deferred" } });
    r.advance(6 * 60 * MIN); // 05:30: still quiet
    await r.tick();
    expect(status(102)).toBe("stopped");
    r.advance(90 * MIN); // 07:00
    await r.tick();
    expect(status(102)).toBe("running");
    expect(r.outcomes()).toEqual(["deferred", "done"]);
  });

  it("after quiet hours, leaves a guest alone that a person has started meanwhile", async () => {
    await start({ at: "2030-06-01T23:30:00", runbooks: [{ id: "guest_crash", quietHours: { from: 22 * 60, to: 7 * 60 } }] });
    await crash(102);
    cluster.emu.cluster.setRunning(cluster.emu.cluster.guests.get(102)!, true);
    r.advance(8 * 60 * MIN);
    await r.tick();
    expect(r.outcomes()).toEqual(["deferred", "left_alone"]);
    expect(r.calls("start_vm")).toEqual([]);
  });

  it("does nothing at all while the household switch is off, and acts again once it is on", async () => {
    await start();
    expect(r.household.set(false, "dana")).toBe(true);
    await crash(102);
    expect(status(102)).toBe("stopped");
    expect(r.fromRunbooks()).toEqual([]);
    expect(r.calls()).toEqual([]);
    expect(r.store.events.list({ source: "user" })[0]).toMatchObject({ title: "Runbooks switched off: Jarvis does nothing on its own", data: { by: "dana" } });

    r.household.set(true, "dana");
    cluster.emu.cluster.setRunning(cluster.emu.cluster.guests.get(102)!, true);
    await r.look();
    await crash(102);
    expect(status(102)).toBe("running");
  });

  it("drops a run that has not acted yet when the switch goes off: switched on later, it does not act on old news", async () => {
    await start({ at: "2030-06-01T23:30:00", runbooks: [{ id: "guest_crash", quietHours: { from: 22 * 60, to: 7 * 60 } }] });
    await crash(102);
    r.household.set(false, "dana");
    await r.tick();
    expect(r.outcomes()).toEqual(["deferred", "left_alone"]);
    expect(r.fromRunbooks().at(-1)!.message).toBe("Runbooks were switched off before it acted.");
    r.household.set(true, "dana");
    r.advance(8 * 60 * MIN);
    await r.tick();
    expect(status(102)).toBe("stopped");
    expect(r.calls("start_vm")).toEqual([]);
  });

  it("still follows a held action a person decides while the switch is off", async () => {
    await start({ policy: { start_vm: "ORANGE" } });
    await crash(102);
    const actionId = r.fromRunbooks().at(-1)!.data!.action_id as string;
    r.household.set(false, "dana");
    await r.tick();
    expect(r.store.runbookRuns.unfinished()).toMatchObject([{ status: "waiting" }]);
    expect((await r.registry.approveById(actionId, { actor: "dana", admin: true, channel: "card" })).status).toBe("ok");
    await r.engine.idle();
    expect(r.outcomes().at(-1)).toBe("done");
  });

  it("forgets finished runs after thirty days", async () => {
    await start();
    await crash(102);
    expect(r.store.runbookRuns.since(new Date(0))).toHaveLength(1);
    r.advance(29 * 24 * 60 * MIN);
    await r.tick();
    expect(r.store.runbookRuns.since(new Date(0))).toHaveLength(1);
    r.advance(2 * 24 * 60 * MIN);
    await r.tick();
    expect(r.store.runbookRuns.since(new Date(0))).toEqual([]);
  });

  it("acts on nothing outside its targets", async () => {
    await start({ runbooks: [{ id: "guest_crash", targets: ["103", "pve1"] }] });
    await crash(102); // on pve3, not listed
    expect(status(102)).toBe("stopped");
    expect(r.fromRunbooks()).toEqual([]);
    await crash(103);
    expect(status(103)).toBe("running");
  });

  it("the add-on option off is the master: a person cannot switch runbooks on past it", async () => {
    await start({ enabled: false });
    expect(r.household.set(true, "dana")).toBe(false);
    await crash(102);
    expect(status(102)).toBe("stopped");
    expect(r.fromRunbooks()).toEqual([]);
  });
});
