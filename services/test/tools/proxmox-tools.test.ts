// Cluster and lifecycle tools through the registry against the Proxmox emulator: what a person would ask,
// and the tiers that guard each action.
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProxmoxClient } from "../../src/clients/proxmox/client.js";
import { Store } from "../../src/store/db.js";
import { clusterTools } from "../../src/tools/cluster.js";
import { lifecycleTools } from "../../src/tools/lifecycle.js";
import { modelText } from "../../src/tools/outcome.js";
import { ToolRegistry } from "../../src/tools/registry.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";
import { tempDir } from "../helpers/jarvis.js";
import { person, testRegistry } from "../helpers/registry.js";

let emu: ProxmoxEmulator;
let pve: ProxmoxClient;
let store: Store;
let registry: ToolRegistry;
const log = pino({ level: "silent" });
const OVERRIDE = "sunflower override";

beforeAll(async () => {
  emu = await startProxmoxEmulator({ taskMs: 100 });
  pve = new ProxmoxClient(emulatorClientConfig(emu), log, undefined, { taskPollMs: 25 });
  store = Store.open(path.join(tempDir(), "j.db"));
  // 100 runs Home Assistant, 101 runs Jarvis.
  registry = testRegistry([...clusterTools(pve, ["pve1", "pve2", "pve3"]), ...lifecycleTools(pve)], store, { overrideKey: OVERRIDE, protectedGuests: [100, 101] });
  ({ run, ok } = person(registry, store));
});
afterAll(async () => {
  await pve.close();
  await emu.close();
  store.close();
});

let run: ReturnType<typeof person>["run"];
let ok: ReturnType<typeof person>["ok"];
const guestStatus = async (vmid: number) => {
  pve.invalidateCache();
  return (await pve.guestStatus({ vmid })).status;
};

describe("cluster tools", () => {
  it("summarises the cluster with units a person reads", async () => {
    const s = await ok("get_cluster_status", {});
    expect(s.quorate).toBe(true);
    expect(s.nodes.map((n: { name: string }) => n.name).sort()).toEqual(["pve1", "pve2", "pve3"]);
    expect(s.nodes.every((n: { online: boolean; cpu_pct: number }) => n.online && n.cpu_pct >= 0 && n.cpu_pct <= 100)).toBe(true);
    expect(s.guests).toEqual({ running: 5, stopped: 4 });
  });

  it("lists VMs and containers, reads a node, storage, temperature, tasks and backups", async () => {
    const vms = await ok("get_vms", {});
    expect(vms.map((v: { vmid: number }) => v.vmid)).toEqual([100, 102, 105, 107, 9000]);
    expect(vms[0]).toMatchObject({ name: "haos", status: "running", mem_max_gib: 4 });
    const cts = await ok("get_containers", {});
    expect(cts.every((c: { vmid: number }) => [101, 103, 104, 106, 108].includes(c.vmid))).toBe(true);
    const node = await ok("get_node_status", { node: "pve1" });
    expect(node).toMatchObject({ node: "pve1" });
    expect(node.mem_total_gib).toBeGreaterThan(0);
    const storage = await ok("get_storage", {});
    expect(storage[0].used_pct).toBeGreaterThanOrEqual(storage[storage.length - 1].used_pct);
    expect(await ok("get_node_temperature", { node: "pve2" })).toHaveProperty("celsius");
    expect(Array.isArray(await ok("get_recent_tasks", { limit: 5 }))).toBe(true);
    const backups = await ok("get_backups", { node: "pve1", storage: "nas-backup", vmid: 100 });
    expect(backups).toHaveLength(2);
    expect(backups[0].size_gib).toBeCloseTo(5.2, 1);
    expect(Date.parse(backups[0].created)).toBeGreaterThan(Date.parse(backups[1].created));
  });

  it("explains a node that does not exist", async () => {
    const out = await run("get_node_status", { node: "pve9" });
    expect(out.status).toBe("error");
    expect(modelText(out)).toMatch(/^Error: /);
  });
});

describe("lifecycle tools", () => {
  it("starts a stopped VM at once (YELLOW) and waits for the task", async () => {
    const r = await ok("start_vm", { vmid: 105 });
    expect(r).toMatchObject({ result: "OK" });
    expect(await guestStatus(105)).toBe("running");
  });

  it("holds a stop until the person says the keyword, then stops exactly that guest", async () => {
    expect(await run("stop_container", { vmid: 103 })).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(await guestStatus(103)).toBe("running");
    await ok("stop_container", { vmid: 103 }, "yes, JARVIS-EXECUTE");
    expect(await guestStatus(103)).toBe("stopped");
    expect(await guestStatus(104)).toBe("running");
  });

  it("never stops, restarts or rolls back the guests that run HA or Jarvis", async () => {
    for (const [name, args] of [
      ["stop_vm", { vmid: 100 }],
      ["shutdown_vm", { vmid: 100 }],
      ["restart_container", { vmid: 101 }],
      ["rollback_snapshot", { vmid: 100, name: "pre-update" }],
    ] as const) {
      expect(await run(name, args, `JARVIS-EXECUTE ${OVERRIDE}`)).toMatchObject({ status: "refused", tier: "BLACK" });
    }
    expect(await guestStatus(100)).toBe("running");
    expect(await guestStatus(101)).toBe("running");
  });

  it("snapshots at once and needs the override key to delete or roll back", async () => {
    await ok("create_snapshot", { vmid: 102, name: "jarvis-test", description: "from a test" });
    const names = (await ok("list_snapshots", { vmid: 102 })).map((s: { name: string }) => s.name);
    expect(names).toContain("jarvis-test");
    expect(await run("delete_snapshot", { vmid: 102, name: "jarvis-test" }, "JARVIS-EXECUTE")).toMatchObject({ status: "approval_required", tier: "RED", needs: "override" });
    await ok("delete_snapshot", { vmid: 102, name: "jarvis-test" }, `${OVERRIDE} please`);
    expect((await ok("list_snapshots", { vmid: 102 })).map((s: { name: string }) => s.name)).not.toContain("jarvis-test");
  });

  it("names the guest in a summary as Proxmox last listed it: by id alone before any read, or when it is unknown", async () => {
    const fresh = new ProxmoxClient(emulatorClientConfig(emu), log);
    const tools = lifecycleTools(fresh);
    const summary = (name: string, args: object) => tools.find((t) => t.name === name)!.summarize!(args as never);
    expect(summary("stop_vm", { vmid: 102 })).toBe("Stop VM 102");
    await fresh.resources("vm");
    // Kept past the cache: a stop invalidates it, and its result still names the guest.
    fresh.invalidateCache();
    expect(summary("stop_vm", { vmid: 102, node: "pve3" })).toBe("Stop VM 102 (docker-host) on pve3");
    expect(summary("rollback_snapshot", { vmid: 103, name: "before" })).toBe('Roll container 103 (pihole) back to "before" (later changes are lost)');
    expect(summary("delete_snapshot", { vmid: 999, name: "gone" })).toBe('Delete snapshot "gone" of guest 999');
    await fresh.close();
  });

  it("reports Proxmox's own reason when a task fails, and refuses a bad snapshot name before sending", async () => {
    const failed = await run("start_vm", { vmid: 102 });
    expect(failed.status).toBe("error");
    expect(modelText(failed)).toMatch(/already running/);
    const before = emu.count("POST", "/nodes/pve3/qemu/102/snapshot");
    expect((await run("create_snapshot", { vmid: 102, name: "1bad name" })).status).toBe("error");
    expect(emu.count("POST", "/nodes/pve3/qemu/102/snapshot")).toBe(before);
  });
});
