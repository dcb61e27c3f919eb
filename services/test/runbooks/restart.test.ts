// A restart of Jarvis mid-runbook, on a database file: an action that was running on its own when Jarvis
// stopped is not repeated (the run says so and hands over); a held action is neither forgotten nor asked for
// twice, and runs when approved after the restart; an action held in the very moment Jarvis stopped is found.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProxmoxClient } from "../../src/clients/proxmox/client.js";
import type { ToolOutcome } from "../../src/tools/outcome.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";
import { tempDir } from "../helpers/jarvis.js";
import { client, rig, until, type Rig } from "./harness.js";

let emu: ProxmoxEmulator;
let pve: ProxmoxClient;
let dir: string;
const rigs: Rig[] = [];
/** Stalled calls, let go after each test so the abandoned instance can be closed. */
const stalls: (() => void)[] = [];

beforeEach(async () => {
  emu = await startProxmoxEmulator({ taskMs: 20 });
  pve = client(emu);
  dir = tempDir("jarvis-runbooks-");
});
afterEach(async () => {
  for (const release of stalls.splice(0)) release();
  for (const r of rigs.splice(0)) await r.close().catch(() => undefined);
  await pve.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const dbFile = () => path.join(dir, "jarvis.db");
const starts = (vmid: number) => emu.cluster.tasks.list().filter((t) => t.type === "qmstart" && t.id === String(vmid)).length;

function boot(o: Partial<Parameters<typeof rig>[2]> = {}): Rig {
  const r = rig(emu, pve, { runbooks: ["guest_crash"], dbFile: dbFile(), ...o });
  rigs.push(r);
  r.engine.start();
  return r;
}

/** A call that does not come back: Jarvis stops while it runs. With callFirst the real call is made first. */
function stallOn(tool: string, opts: { callFirst?: boolean } = {}) {
  let reached!: () => void;
  const stalled = new Promise<void>((resolve) => (reached = resolve));
  const wrap = (execute: ToolRegistry["execute"]): ToolRegistry["execute"] =>
    async (call, ctx) => {
      if (call.name !== tool) return execute(call, ctx);
      if (opts.callFirst) await execute(call, ctx);
      reached();
      return new Promise<ToolOutcome>((resolve) =>
        stalls.push(() => resolve({ status: "error", tool, tier: "YELLOW", error: "the process is gone", durationMs: 0 })),
      );
    };
  return { wrap, stalled };
}

describe("a restart of Jarvis mid-runbook", () => {
  it("does not repeat an action that was under way: the run ends interrupted and says what to check", async () => {
    const stall = stallOn("start_vm");
    const before = boot({ wrapExecute: stall.wrap });
    await before.look();
    emu.faults.crash(102);
    void before.monitor.refresh();
    await stall.stalled;
    expect(before.store.runbookRuns.unfinished()).toMatchObject([{ status: "acting", state: { acts: [{ tool: "start_vm", status: "started" }] } }]);
    // Jarvis stops here: the first instance is abandoned mid-call; a second one opens the same database.
    const after = boot();
    await after.engine.idle();
    expect(starts(102)).toBe(0);
    expect(emu.cluster.guests.get(102)!.status).toBe("stopped");
    const ended = after.fromRunbooks().at(-1)!;
    expect(ended).toMatchObject({ type: "alert", severity: "warning", data: { outcome: "interrupted" } });
    expect(ended.title).toBe("Runbook: Start VM 102 (docker-host) again: not repeated after a restart");
    expect(ended.message).toMatch(/does not repeat an action that may already have run: please check guest\/102/);
    expect(after.store.runbookRuns.unfinished()).toEqual([]);
    expect(after.told.map((t) => t.data.outcome)).toEqual(["interrupted"]);
  });

  it("keeps waiting on a held action across the restart and runs it when approved afterwards", async () => {
    const before = boot({ policy: { start_vm: "ORANGE" } });
    await before.look();
    emu.faults.crash(102);
    await before.look();
    const actionId = before.fromRunbooks().at(-1)!.data!.action_id as string;
    expect(actionId).toEqual(expect.any(String));
    await before.close(); // a clean stop

    const after = boot({ policy: { start_vm: "ORANGE" } });
    await after.engine.idle();
    // Not forgotten, not asked for again.
    expect(after.store.runbookRuns.unfinished()).toMatchObject([{ status: "waiting", actionId }]);
    expect(after.fromRunbooks().filter((e) => e.data!.outcome === "held")).toHaveLength(1);
    expect(after.store.runbookRuns.heldBy("runbook:guest_crash", "start_vm", new Date(0))).toBe(actionId);

    expect((await after.registry.approveById(actionId, { actor: "dana", admin: true, channel: "card" })).status).toBe("ok");
    await after.engine.idle();
    await until(() => emu.cluster.guests.get(102)!.status === "running");
    expect(after.fromRunbooks().at(-1)).toMatchObject({ title: "Runbook: Started VM 102 (docker-host) again", data: { outcome: "done" } });
    expect(starts(102)).toBe(1);
  });

  it("finds an action held in the moment Jarvis stopped, before the run wrote its id down", async () => {
    const stall = stallOn("start_vm", { callFirst: true });
    const before = boot({ policy: { start_vm: "ORANGE" }, wrapExecute: stall.wrap });
    await before.look();
    emu.faults.crash(102);
    void before.monitor.refresh();
    await stall.stalled;
    expect(before.store.runbookRuns.unfinished()).toMatchObject([{ status: "acting", actionId: null, state: { acts: [{ status: "holding" }] } }]);

    const after = boot({ policy: { start_vm: "ORANGE" } });
    await after.engine.idle();
    const [run] = after.store.runbookRuns.unfinished();
    expect(run).toMatchObject({ status: "waiting", actionId: expect.any(String) });
    expect(after.store.approvals.get(run!.actionId!)).toMatchObject({ tool: "start_vm", status: "pending", requestedBy: "runbook:guest_crash" });
    expect(after.fromRunbooks().map((e) => e.data!.outcome)).toEqual(["held"]);
  });

  it("looks again from the start when Jarvis stopped while it was only looking", async () => {
    const stall = stallOn("get_recent_tasks");
    const before = boot({ wrapExecute: stall.wrap });
    await before.look();
    emu.faults.crash(102);
    void before.monitor.refresh();
    await stall.stalled;
    expect(before.store.runbookRuns.unfinished()).toMatchObject([{ status: "looking" }]);

    const after = boot();
    await after.engine.idle();
    await until(() => emu.cluster.guests.get(102)!.status === "running");
    expect(after.fromRunbooks().at(-1)).toMatchObject({ data: { outcome: "done" } });
    expect(starts(102)).toBe(1);
  });
});
