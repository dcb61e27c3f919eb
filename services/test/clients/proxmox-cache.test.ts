// Caching, single flight and failover of the Proxmox client, counted by the emulator's request log.
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProxmoxClient } from "../../src/clients/proxmox/index.js";
import { createLogger } from "../../src/log.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";

let emu: ProxmoxEmulator;
let pve: ProxmoxClient;
let now: number;
const lines: string[] = [];
const log = createLogger({
  level: "warn",
  destination: new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  }),
});

beforeAll(async () => {
  emu = await startProxmoxEmulator({ taskMs: 40 });
});
afterAll(() => emu.close());
beforeEach(() => {
  now = 1_000_000;
  pve = new ProxmoxClient(emulatorClientConfig(emu), log, undefined, { now: () => now, taskPollMs: 20 });
  emu.resetCounts();
  lines.length = 0;
});
afterEach(async () => {
  emu.setLatency(0);
  await pve.close();
});

describe("single flight", () => {
  it("serves 25 concurrent cluster-status reads with one upstream request", async () => {
    emu.setLatency(30);
    const answers = await Promise.all(Array.from({ length: 25 }, () => pve.clusterStatus()));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(emu.count("GET", "/cluster/status")).toBe(1);
  });

  it("shares uncached reads while they are in flight, but not afterwards", async () => {
    emu.setLatency(30);
    await Promise.all(Array.from({ length: 10 }, () => pve.nodeStatus("pve2")));
    expect(emu.count("GET", "/nodes/pve2/status")).toBe(1);
    await pve.nodeStatus("pve2");
    expect(emu.count("GET", "/nodes/pve2/status")).toBe(2);
  });
});

describe("TTLs and invalidation", () => {
  it("keeps cluster status for 60 s", async () => {
    await pve.clusterStatus();
    now += 59_000;
    await pve.clusterStatus();
    expect(emu.count("GET", "/cluster/status")).toBe(1);
    now += 2_000;
    await pve.clusterStatus();
    expect(emu.count("GET", "/cluster/status")).toBe(2);
  });

  it("keeps cluster resources for 15 s, per type", async () => {
    await pve.resources("vm");
    await pve.resources();
    now += 14_000;
    await pve.resources("vm");
    expect(emu.count("GET", "/cluster/resources")).toBe(2);
    now += 2_000;
    await pve.resources("vm");
    expect(emu.count("GET", "/cluster/resources")).toBe(3);
  });

  it("a write drops the cached resources, and so does the end of its task", async () => {
    const before = await pve.resources("vm");
    expect(before.find((r) => r.vmid === 106)?.status).toBe("stopped");
    const upid = await pve.power({ vmid: 106 }, "start");
    expect(emu.count("GET", "/cluster/resources")).toBe(1);
    await pve.resources("vm");
    expect(emu.count("GET", "/cluster/resources")).toBe(2);
    await pve.waitForTask(upid);
    const after = await pve.resources("vm");
    expect(emu.count("GET", "/cluster/resources")).toBe(3);
    expect(after.find((r) => r.vmid === 106)?.status).toBe("running");
    await pve.waitForTask(await pve.power({ vmid: 106 }, "shutdown"));
  });

  it("a read after an invalidation never joins the read that was in flight before it", async () => {
    emu.setLatency(60);
    const before = pve.resources("vm");
    await new Promise((r) => setTimeout(r, 10));
    pve.invalidateCache();
    const after = pve.resources("vm");
    await Promise.all([before, after]);
    expect(emu.count("GET", "/cluster/resources")).toBe(2);
    await pve.resources("vm");
    expect(emu.count("GET", "/cluster/resources")).toBe(2);
  });
});

describe("failover", () => {
  afterEach(async () => {
    if (!emu.cluster.node("pve1").online) await emu.nodeUp("pve1");
  });

  it("moves to the next node when the first is down, and stays there", async () => {
    await emu.nodeDown("pve1");
    const status = await pve.clusterStatus();
    expect(status.find((e) => e.name === "pve1")).toMatchObject({ online: 0 });
    expect(status.find((e) => e.local === 1)?.name).toBe("pve2");
    expect(pve.activeNode).toBe("pve2");
    expect(lines.filter((l) => l.includes("did not answer"))).toHaveLength(1);

    await pve.nodeStatus("pve3");
    await pve.waitForTask(await pve.power({ vmid: 107 }, "start"));
    expect(lines.filter((l) => l.includes("did not answer"))).toHaveLength(1);
    await pve.waitForTask(await pve.power({ vmid: 107 }, "stop"));
  });

  it("a write fails over when the first node refuses the connection", async () => {
    await emu.nodeDown("pve1");
    const upid = await pve.power({ vmid: 105, node: "pve3", kind: "qemu" }, "stop");
    expect(upid).toMatch(/^UPID:pve3:/);
    await pve.waitForTask(upid);
  });

  it("data of a node that is down is reported unreachable by the cluster (595)", async () => {
    await emu.nodeDown("pve1");
    const err = await pve.nodeStatus("pve1").catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unreachable", status: 595 });
  });
});
