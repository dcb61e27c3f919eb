// The Proxmox VE client against the emulated three-node cluster over real HTTPS on 127.0.0.1 (certificate
// pinned): every read and write a tool uses, task waiting, input checks and Proxmox's errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProxmoxClient, ProxmoxParamError } from "../../src/clients/proxmox/index.js";
import { ProxmoxTransport } from "../../src/clients/proxmox/http.js";
import { createLogger } from "../../src/log.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";
import { failure } from "../helpers/errors.js";

const log = createLogger({ level: "silent" });


let emu: ProxmoxEmulator;
let pve: ProxmoxClient;
beforeAll(async () => {
  emu = await startProxmoxEmulator({ taskMs: 60 });
  pve = new ProxmoxClient(emulatorClientConfig(emu), log, undefined, { taskPollMs: 20 });
});
afterAll(async () => {
  await pve.close();
  await emu.close();
});
beforeEach(() => emu.setTaskMs(60));

describe("reads", () => {
  it("cluster status lists the cluster and its three nodes", async () => {
    const status = await pve.clusterStatus();
    expect(status.find((e) => e.type === "cluster")).toMatchObject({ name: "homelab", nodes: 3, quorate: 1 });
    expect(status.filter((e) => e.type === "node").map((e) => e.name)).toEqual(["pve1", "pve2", "pve3"]);
  });

  it("cluster resources can be narrowed to guests, storage or nodes", async () => {
    const vms = await pve.resources("vm");
    expect(vms).toHaveLength(10);
    expect(new Set(vms.map((r) => r.type))).toEqual(new Set(["qemu", "lxc"]));
    expect(vms.find((r) => r.vmid === 9000)).toMatchObject({ template: 1, name: "debian-12-template" });
    expect((await pve.resources("storage")).every((r) => r.type === "storage" && r.storage)).toBe(true);
    expect((await pve.resources("node")).map((r) => r.node)).toEqual(["pve1", "pve2", "pve3"]);
  });

  it("node status carries version, memory and load", async () => {
    const s = await pve.nodeStatus("pve2");
    expect(s.pveversion).toMatch(/^pve-manager\//);
    expect(s.memory.total).toBeGreaterThan(s.memory.used);
    expect(s.loadavg).toHaveLength(3);
  });

  it("node temperature comes from sensor data when the node exposes it, else says it is not exposed", async () => {
    const patched = await pve.nodeTemperature("pve1");
    expect(patched.celsius).toBeGreaterThan(20);
    expect(Object.keys(patched.sensors).length).toBeGreaterThan(0);
    const stock = await pve.nodeTemperature("pve2");
    expect(stock).toMatchObject({ node: "pve2", celsius: null });
    expect(stock.note).toMatch(/not exposed/);
  });

  it("lists a node's VMs and containers, and a guest's status from its vmid alone", async () => {
    expect((await pve.guests("pve1", "qemu")).map((g) => g.vmid).sort()).toEqual([100, 9000]);
    expect((await pve.guests("pve2", "lxc")).map((g) => g.vmid).sort()).toEqual([101, 104]);
    const haos = await pve.guestStatus({ vmid: 100 });
    expect(haos).toMatchObject({ vmid: 100, node: "pve1", kind: "qemu", name: "haos", status: "running" });
    expect(haos.uptime).toBeGreaterThan(0);
  });

  it("lists storage and the backups on a storage", async () => {
    const storages = await pve.storage("pve2");
    expect(storages.map((s) => s.storage).sort()).toEqual(["local", "local-lvm", "nas-backup"]);
    const backups = await pve.backups("pve2", "nas-backup");
    expect(backups.length).toBeGreaterThanOrEqual(4);
    expect(backups[0]!.volid).toMatch(/^nas-backup:backup\/vzdump-(qemu|lxc)-\d+-/);
    expect(backups.every((b) => b.size > 0 && typeof b.vmid === "number")).toBe(true);
  });

  it("lists recent tasks cluster-wide and per node, failed ones on request", async () => {
    expect((await pve.tasks()).some((t) => t.type === "vzdump" && t.status === "OK")).toBe(true);
    const failed = await pve.tasks({ node: "pve3", errorsOnly: true });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => t.node === "pve3" && t.status !== "OK")).toBe(true);
  });
});

describe("writes and tasks", () => {
  it("starts a stopped VM: returns a UPID, reports progress and ends OK with the VM running", async () => {
    // Long enough that the first poll sees the task running even on a busy machine.
    emu.setTaskMs(1_500);
    const upid = await pve.power({ vmid: 105 }, "start").finally(() => emu.setTaskMs(60));
    expect(upid).toMatch(/^UPID:pve3:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:105:root@pam!jarvis:$/);
    const seen: string[] = [];
    const done = await pve.waitForTask(upid, { onProgress: (p) => seen.push(p.status) });
    expect(done).toMatchObject({ status: "stopped", exitstatus: "OK" });
    expect(seen[0]).toBe("running");
    expect(seen.at(-1)).toBe("stopped");
    expect((await pve.guestStatus({ vmid: 105 })).status).toBe("running");
  });

  it("shuts down and reboots a container, found by vmid", async () => {
    await pve.waitForTask(await pve.power({ vmid: 104, kind: "lxc" }, "reboot"));
    await pve.waitForTask(await pve.power({ vmid: 104 }, "shutdown"));
    expect((await pve.guestStatus({ vmid: 104 })).status).toBe("stopped");
    await pve.waitForTask(await pve.power({ vmid: 104 }, "start"));
    expect((await pve.guestStatus({ vmid: 104 })).status).toBe("running");
  });

  it("a start of a running VM fails in its task with Proxmox's message", async () => {
    const upid = await pve.power({ vmid: 102 }, "start");
    const err = await failure(pve.waitForTask(upid));
    expect(err.kind).toBe("upstream");
    expect(err.message).toMatch(/VM 102 already running/);
  });

  it("a start of a running container is refused at once, as Proxmox does", async () => {
    const err = await failure(pve.power({ vmid: 101 }, "start"));
    expect(err).toMatchObject({ kind: "upstream", status: 500 });
    expect(err.message).toMatch(/CT 101 already running/);
  });

  it("stops a VM and a stop of a stopped one is harmless", async () => {
    await pve.waitForTask(await pve.power({ vmid: 107, node: "pve2", kind: "qemu" }, "stop"));
    expect((await pve.guestStatus({ vmid: 107 })).status).toBe("stopped");
  });

  it("creates, lists, rolls back to and deletes a snapshot", async () => {
    const guest = { vmid: 102 };
    await pve.waitForTask(await pve.createSnapshot(guest, "jarvis-test", { description: "from the test" }));
    expect((await pve.snapshots(guest)).map((s) => s.name)).toEqual(["before-upgrade", "jarvis-test", "current"]);
    const dup = await failure(pve.waitForTask(await pve.createSnapshot(guest, "jarvis-test")));
    expect(dup.message).toMatch(/snapshot name 'jarvis-test' already used/);

    await pve.waitForTask(await pve.rollbackSnapshot(guest, "before-upgrade", { start: true }));
    const current = (await pve.snapshots(guest)).find((s) => s.name === "current");
    expect(current).toMatchObject({ parent: "before-upgrade", running: 1 });

    await pve.waitForTask(await pve.deleteSnapshot(guest, "jarvis-test"));
    expect((await pve.snapshots(guest)).map((s) => s.name)).toEqual(["before-upgrade", "current"]);
    const gone = await failure(pve.waitForTask(await pve.deleteSnapshot(guest, "jarvis-test")));
    expect(gone.kind).toBe("not_found");
  });

  it("snapshots a container too", async () => {
    await pve.waitForTask(await pve.createSnapshot({ vmid: 103 }, "ct-snap"));
    expect((await pve.snapshots({ vmid: 103 })).map((s) => s.name)).toContain("ct-snap");
  });

  it("gives up waiting at the deadline with a timeout", async () => {
    emu.setTaskMs(5_000);
    const upid = await pve.power({ vmid: 108 }, "start");
    const err = await failure(pve.waitForTask(upid, { timeoutMs: 150 }));
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/still running/);
  });
});

describe("input checks (nothing is sent)", () => {
  beforeEach(() => emu.resetCounts());

  it.each([
    ["a vmid below 100", () => pve.power({ vmid: 99, node: "pve1", kind: "qemu" }, "start"), /100 to 999999999/],
    ["a fractional vmid", () => pve.guestStatus({ vmid: 100.5, node: "pve1", kind: "qemu" }), /whole number/],
    ["a node name with a slash", () => pve.nodeStatus("pve1/../x"), /not a valid node name/],
    ["a snapshot name with a space", () => pve.createSnapshot({ vmid: 100 }, "my snap"), /not a valid snapshot name/],
    ["a snapshot name starting with a digit", () => pve.deleteSnapshot({ vmid: 100 }, "1st"), /starting with a letter/],
    ["a 41-character snapshot name", () => pve.createSnapshot({ vmid: 100 }, `s${"x".repeat(40)}`), /2 to 40/],
    ["the reserved snapshot name", () => pve.rollbackSnapshot({ vmid: 100 }, "current"), /reserved/],
    ["a malformed UPID", () => pve.waitForTask("UPID:nope"), /not a Proxmox task id/],
  ])("refuses %s", async (_what, call, message) => {
    const err = await failure(call());
    expect(err.kind).toBe("bad_request");
    expect(err.message).toMatch(message);
    expect(emu.count("GET", "/cluster/resources")).toBe(0);
  });

  it("says which kind a guest is when the caller named the other", async () => {
    const err = await failure(pve.power({ vmid: 101, kind: "qemu" }, "stop"));
    expect(err.kind).toBe("not_found");
    expect(err.explain()).toBe("Proxmox VE has no such item: guest 101 is a container, not a VM");
  });

  it("reports an unknown vmid as not found", async () => {
    expect((await failure(pve.guestStatus({ vmid: 4242 }))).kind).toBe("not_found");
  });
});

describe("Proxmox's errors", () => {
  it("a wrong token secret is an auth error with Proxmox's reason", async () => {
    const bad = new ProxmoxClient({ ...emulatorClientConfig(emu), tokenSecret: "wrong" }, log);
    const err = await failure(bad.clusterStatus());
    expect(err).toMatchObject({ kind: "auth", status: 401 });
    expect(err.explain()).toBe("Proxmox VE refused the credentials: the API token was refused (invalid token value!)");
    await bad.close();
  });

  it("a parameter Proxmox refuses comes back per parameter", async () => {
    const err = await failure(pve.tasks({ node: "pve1", limit: -1 }));
    expect(err).toBeInstanceOf(ProxmoxParamError);
    expect(err).toMatchObject({ kind: "bad_request", status: 400 });
    expect((err as ProxmoxParamError).params).toEqual({ limit: "value must have a minimum value of 0" });
    expect(err.explain()).toMatch(/rejected the request: Parameter verification failed \(limit: value must/);
  });

  it("a guest asked on the wrong node is not found (Proxmox's missing config file)", async () => {
    const err = await failure(pve.guestStatus({ vmid: 100, node: "pve2", kind: "qemu" }));
    expect(err).toMatchObject({ kind: "not_found", status: 500 });
    expect(err.message).toMatch(/qemu-server\/100\.conf' does not exist/);
  });

  it("an API call Proxmox does not have is explained as such (501)", async () => {
    const transport = new ProxmoxTransport(emulatorClientConfig(emu), log, undefined, 5_000);
    const err = await failure(transport.call("GET", "/cluster/nonsense"));
    expect(err).toMatchObject({ kind: "not_found", status: 501 });
    expect(err.message).toMatch(/no such API call \(Method 'GET \/cluster\/nonsense' not implemented\)/);
    await transport.close();
  });

  it("with every node down the client is unreachable and reports it once", async () => {
    const states: string[] = [];
    const solo = await startProxmoxEmulator({ nodes: 2 });
    const client = new ProxmoxClient(emulatorClientConfig(solo), log, (state) => states.push(state));
    await client.clusterStatus();
    await solo.nodeDown("pve1");
    await solo.nodeDown("pve2");
    client.invalidateCache();
    const err = await failure(client.clusterStatus());
    expect(err.kind).toBe("unreachable");
    expect(err.message).toMatch(/pve1: .*; pve2: /);
    await failure(client.nodeStatus("pve1"));
    expect(states).toEqual(["up", "down"]);
    await client.close();
    await solo.close();
  });
});
