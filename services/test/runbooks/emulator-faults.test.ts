// The trouble the Proxmox emulator can stage for the runbooks, read back through the real client as Proxmox
// shows it: a crash leaves no task while a person's stop does; a failed backup leaves a vzdump task with its
// log and posts Proxmox's notification to the webhook target; a failed service, a hot node, a prune; a
// Wake-on-LAN packet wakes a powered-off node and nothing else does.
import { createServer, type IncomingMessage } from "node:http";
import { createSocket } from "node:dgram";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProxmoxClient } from "../../src/clients/proxmox/index.js";
import { createLogger } from "../../src/log.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";
import { renderTemplate } from "../emulators/proxmox/notify.js";
import { magicPacketMac } from "../emulators/proxmox/wol.js";

const log = createLogger({ level: "silent" });
let emu: ProxmoxEmulator;
let pve: ProxmoxClient;

beforeAll(async () => {
  emu = await startProxmoxEmulator({ taskMs: 40, bootMs: 30 });
  pve = new ProxmoxClient(emulatorClientConfig(emu), log, undefined, { taskPollMs: 10, resourcesTtlMs: 0 });
});
afterAll(async () => {
  await pve.close();
  await emu.close();
});

const statusOf = async (vmid: number) => (await pve.resources("vm")).find((r) => r.vmid === vmid)?.status;
const tasksOn = async (vmid: number) => (await pve.tasks({ limit: 100 })).filter((t) => t.id === String(vmid));

describe("guests stopping", () => {
  it("a crash stops the guest and leaves no task behind", async () => {
    const before = (await tasksOn(103)).length;
    emu.faults.crash(103);
    expect(await statusOf(103)).toBe("stopped");
    expect((await tasksOn(103)).length).toBe(before);
    emu.cluster.setRunning(emu.cluster.guests.get(103)!, true);
  });

  it("a person's stop is a task under their user", async () => {
    const upid = emu.faults.stopByPerson(104, { user: "sam@pve" });
    await pve.waitForTask(upid, { intervalMs: 10 });
    expect(await statusOf(104)).toBe("stopped");
    expect((await tasksOn(104))[0]).toMatchObject({ type: "vzshutdown", user: "sam@pve", status: "OK" });
    emu.cluster.setRunning(emu.cluster.guests.get(104)!, true);
  });

  it("a guest set to crash after each start dies that long after it started, with no task", async () => {
    emu.faults.crashAfterStart(107, 60);
    try {
      await pve.waitForTask(await pve.power({ vmid: 107 }, "start"), { intervalMs: 10 });
      expect(await statusOf(107)).toBe("running");
      await new Promise((r) => setTimeout(r, 120));
      expect(await statusOf(107)).toBe("stopped");
      expect((await tasksOn(107)).map((t) => t.type)).toEqual(["qmstart"]);
    } finally {
      emu.faults.crashAfterStart(107, null);
    }
  });
});

describe("a failed backup", () => {
  it("is a vzdump task that ends in job errors, with the worker's log", async () => {
    const upid = emu.faults.failBackup(108, { error: "no space left on device" });
    await expect(pve.waitForTask(upid, { intervalMs: 10 })).rejects.toThrow(/job errors/);
    const failed = await pve.tasks({ node: "pve3", errorsOnly: true });
    expect(failed.find((t) => t.upid === upid)).toMatchObject({ type: "vzdump", id: "108", status: "job errors" });
    const lines = await pve.taskLog(upid, { limit: 50 });
    expect(lines[0]).toMatchObject({ n: 1, t: expect.stringContaining("starting new backup job: vzdump 108") });
    expect(lines.map((l) => l.t)).toContain("ERROR: Backup of VM 108 failed - no space left on device");
    expect(lines.at(-1)!.t).toBe("TASK ERROR: job errors");
    expect((await pve.taskLog(upid, { start: lines.length - 2 })).map((l) => l.n)).toEqual([lines.length - 1, lines.length]);
  });

  it("posts Proxmox's notification to the webhook target, rendered from its templates and secrets", async () => {
    const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      emu.setWebhook({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        headers: [{ name: "Authorization", value: "Bearer {{ secrets.token }}" }],
        body: '{"title": "{{ escape title }}", "message": "{{ escape message }}", "severity": "{{ severity }}", "fields": {{ json fields }}}',
        secrets: { token: "s3cret" },
      });
      await pve.waitForTask(emu.faults.failBackup(106), { intervalMs: 10 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
      await emu.notificationsSettled();
      expect(received).toHaveLength(1);
      expect(received[0]!.headers.authorization).toBe("Bearer s3cret");
      const body = JSON.parse(received[0]!.body);
      expect(body).toMatchObject({ title: "vzdump backup status (pve1.home.arpa): backup failed", severity: "error", fields: { type: "vzdump", hostname: "pve1" } });
      expect(body.message).toContain("ERROR: Backup of VM 106 failed");
      expect(emu.deliveries.at(-1)).toMatchObject({ status: 200 });
    } finally {
      emu.setWebhook(null);
      server.close();
    }
  });

  it("renders Proxmox's helpers: escape keeps JSON valid, json writes a namespace, url-encode a path", () => {
    const data = { message: 'a "quoted"\nline\twith\\', fields: { type: "vzdump", "job-id": "j1" } };
    expect(JSON.parse(`"${renderTemplate("{{ escape message }}", data)}"`)).toBe(data.message);
    expect(JSON.parse(renderTemplate("{{ json fields }}", data))).toEqual(data.fields);
    expect(renderTemplate("/x/{{ url-encode fields.job-id }}/{{ fields.type }}", data)).toBe("/x/j1/vzdump");
  });

  it("will not post anywhere but this machine", () => {
    expect(() => emu.setWebhook({ url: "http://192.0.2.10/hook" })).toThrow(/loopback/);
  });
});

describe("node trouble", () => {
  it("a failed service shows as failed in the node's list until it is restarted through the API", async () => {
    emu.faults.failService("pve2", "pveproxy");
    const failed = (await pve.nodeServices("pve2")).filter((s) => s["active-state"] === "failed");
    expect(failed.map((s) => s.service)).toEqual(["pveproxy"]);
    expect((await pve.nodeServices("pve1")).some((s) => s["active-state"] === "failed")).toBe(false);
    await pve.waitForTask(await pve.restartNodeService("pve2", "pveproxy"), { intervalMs: 10 });
    expect((await pve.nodeServices("pve2")).find((s) => s.service === "pveproxy")).toMatchObject({ state: "running", "active-state": "active" });
  });

  it("a hot node reports its load and, where it has sensors, its temperature", async () => {
    emu.faults.heat("pve1", { celsius: 91, cpu: 0.95 });
    try {
      expect((await pve.nodeTemperature("pve1")).celsius).toBe(91);
      expect((await pve.resources("node")).find((r) => r.node === "pve1")!.cpu).toBe(0.95);
    } finally {
      emu.faults.heat("pve1", null);
    }
  });

  it("a prune removes what its preview marks, keeping the newest backups of each guest", async () => {
    emu.faults.addBackup("nas-backup", 102, 3, 14);
    emu.faults.addBackup("nas-backup", 102, 4, 14);
    const used = emu.cluster.storages.find((s) => s.storage === "nas-backup")!.usedGiB;
    const preview = await pve.prunePreview("pve1", "nas-backup", 1);
    const removed = preview.filter((b) => b.mark === "remove");
    expect(removed.map((b) => b.vmid).sort()).toEqual([100, 102, 102]);
    await pve.waitForTask(await pve.pruneBackups("pve1", "nas-backup", 1), { intervalMs: 10 });
    expect((await pve.prunePreview("pve1", "nas-backup", 1)).every((b) => b.mark === "keep")).toBe(true);
    expect(emu.cluster.storages.find((s) => s.storage === "nas-backup")!.usedGiB).toBeLessThan(used - 28);
    await expect(pve.pruneBackups("pve1", "nas-backup", 0)).rejects.toThrow(/at least the newest/);
  });
});

describe("Wake-on-LAN", () => {
  const send = async (packet: Buffer) => {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) => socket.send(packet, emu.wolPort, "127.0.0.1", (err) => (err ? reject(err) : resolve())));
    socket.close();
  };
  const magic = (mac: string) => {
    const bytes = Buffer.from(mac.split(":").map((h) => parseInt(h, 16)));
    return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => bytes)]);
  };

  it("a magic packet with a powered-off node's MAC brings it back after it boots; other packets do nothing", async () => {
    await emu.nodeDown("pve3");
    const mac = emu.cluster.node("pve3").mac;
    expect(magicPacketMac(magic(mac))).toBe(mac);
    await send(Buffer.from("hello"));
    await send(magic("52:54:00:ff:ff:ff"));
    await new Promise((r) => setTimeout(r, 80));
    expect(emu.cluster.node("pve3").online).toBe(false);
    await send(magic(mac));
    await expect.poll(() => emu.cluster.node("pve3").online, { timeout: 2_000 }).toBe(true);
    expect(emu.wolReceived).toEqual(["52:54:00:ff:ff:ff", mac]);
    expect((await pve.nodeStatus("pve3")).uptime).toBeLessThan(5);
  });
});
