// "Any failed tasks?" asked of the whole cluster: the failures of every node, newest first, and nothing that
// ended OK, against the emulated cluster with failed and successful tasks on several nodes. /cluster/tasks
// takes no filter (its API schema has no parameters), so the client must not lean on it for failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProxmoxClient, ProxmoxParamError } from "../../src/clients/proxmox/index.js";
import { ProxmoxTransport } from "../../src/clients/proxmox/http.js";
import { createLogger } from "../../src/log.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";

let emu: ProxmoxEmulator;
let pve: ProxmoxClient;
beforeAll(async () => {
  emu = await startProxmoxEmulator({ taskMs: 30 });
  pve = new ProxmoxClient(emulatorClientConfig(emu), createLogger({ level: "silent" }), undefined, { taskPollMs: 20 });
  // Failed and successful tasks on every node; the failures are not the newest tasks of the cluster.
  emu.cluster.tasks.seed("pve1", "vzdump", "100", 7_200, 30, "ERROR: backup of VM 100 failed - no space left on device");
  emu.cluster.tasks.seed("pve2", "qmstart", "107", 3_600, 2, "start failed: QEMU exited with code 1");
  emu.cluster.tasks.seed("pve2", "vzstart", "104", 600, 1, "OK");
  emu.cluster.tasks.seed("pve3", "vzdump", "102", 300, 60, "OK");
  emu.cluster.tasks.seed("pve1", "aptupdate", "", 60, 5, "OK");
});
afterAll(async () => {
  await pve.close();
  await emu.close();
});

describe("failed tasks cluster-wide", () => {
  it("lists the failures of every node and no task that ended OK", async () => {
    const failed = await pve.tasks({ errorsOnly: true, limit: 10 });
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed.every((t) => t.status !== undefined && t.status !== "OK")).toBe(true);
    expect(new Set(failed.map((t) => t.node))).toEqual(new Set(["pve1", "pve2", "pve3"]));
    expect(failed.map((t) => t.starttime)).toEqual([...failed.map((t) => t.starttime)].sort((a, b) => b - a));
    expect(failed.find((t) => t.node === "pve1")?.status).toMatch(/no space left/);
  });

  it("keeps to the limit across nodes, newest first", async () => {
    const two = await pve.tasks({ errorsOnly: true, limit: 2 });
    expect(two.map((t) => `${t.node}:${t.type}`)).toEqual(["pve2:qmstart", "pve1:vzdump"]);
  });

  it("asks each node with Proxmox's own errors filter, and not /cluster/tasks", async () => {
    emu.resetCounts();
    await pve.tasks({ errorsOnly: true, limit: 10 });
    expect(emu.count("GET", "/cluster/tasks")).toBe(0);
    for (const node of ["pve1", "pve2", "pve3"]) expect(emu.count("GET", `/nodes/${node}/tasks`)).toBe(1);
  });

  it("still answers from the nodes that are up when one is down", async () => {
    await emu.nodeDown("pve3");
    try {
      pve.invalidateCache();
      const failed = await pve.tasks({ errorsOnly: true, limit: 10 });
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.some((t) => t.node === "pve3")).toBe(false);
    } finally {
      await emu.nodeUp("pve3");
      pve.invalidateCache();
    }
  });

  it("is refused a filter on /cluster/tasks, as Proxmox refuses a parameter its schema does not have", async () => {
    const transport = new ProxmoxTransport(emulatorClientConfig(emu), createLogger({ level: "silent" }), undefined, 5_000);
    const err = await transport.call("GET", "/cluster/tasks", { errors: true }).then(
      () => expect.unreachable("Proxmox takes no filter there"),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProxmoxParamError);
    expect((err as ProxmoxParamError).params).toEqual({ errors: "property is not defined in schema and the schema does not allow additional properties" });
    await transport.close();
  });

  it("without errorsOnly, lists the cluster's recent tasks, successes included", async () => {
    expect((await pve.tasks({ limit: 50 })).some((t) => t.status === "OK")).toBe(true);
  });
});
