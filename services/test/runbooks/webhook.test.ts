// Proxmox's push to Jarvis, on the real server: POST /api/webhooks/proxmox refuses anything without the secret
// (401, before it reads the body), and a notification rendered from the body template in addon/DOCS.md, as
// Proxmox's webhook target renders it, becomes an event. End to end: the emulated cluster's backup fails, its
// notification target posts to Jarvis, and the backup_failed runbook reports it with the task's log.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxmoxEmulator, type ProxmoxEmulator, type PveNotification } from "../emulators/proxmox/index.js";
import { renderTemplate } from "../emulators/proxmox/notify.js";
import { request } from "../helpers/http.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { until } from "./harness.js";

const SECRET = "a-webhook-secret-for-the-tests";
const DOCS = readFileSync(path.resolve(import.meta.dirname, "../../../addon/DOCS.md"), "utf8");

/** The body template the documentation gives Proxmox (the JSON block in its Proxmox notifications section). */
function documentedTemplate(): string {
  const section = DOCS.slice(DOCS.indexOf("### Proxmox notifications"));
  return /```json\n([\s\S]*?)```/.exec(section)![1]!;
}

/** What Proxmox posts for a notification: the documented template rendered with its data. */
const rendered = (n: PveNotification) => renderTemplate(documentedTemplate(), { ...n, timestamp: 1_767_225_600, secrets: {} });

const VZDUMP_FAILED: PveNotification = {
  severity: "error",
  title: "vzdump backup status (pve3.home.arpa): backup failed",
  message: [
    "Details",
    "=======",
    "VMID  Name          Status  Time  Size    Filename",
    "108   backup-test   err     1s    0 B",
    "",
    "Total running time: 1s",
    "Total size: 0 B",
    "",
    "Logs",
    "====",
    "vzdump 108 --mode snapshot --storage nas-backup --node pve3",
    "",
    '108: 2026-01-01 02:00:01 INFO: Starting Backup of VM 108 (lxc)',
    '108: 2026-01-01 02:00:02 ERROR: Backup of VM 108 failed - unable to create temporary directory "/mnt/pve/nas-backup/dump" - Read-only file system',
  ].join("\n"),
  fields: { type: "vzdump", hostname: "pve3", "job-id": "backup-3f2a9c1e" },
};

let emu: ProxmoxEmulator;
let jarvis: TestJarvis;
let unconfigured: TestJarvis;

function pveEnv(e: ProxmoxEmulator): Record<string, string> {
  return {
    PVE_NODES: JSON.stringify(e.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, fingerprint: e.fingerprint }))),
    PVE_TOKEN_ID: e.tokenId,
    PVE_TOKEN_SECRET: e.tokenSecret,
  };
}

beforeAll(async () => {
  emu = await startProxmoxEmulator({ taskMs: 20 });
  jarvis = await startTestJarvis({ ...pveEnv(emu), PVE_WEBHOOK_SECRET: SECRET, RUNBOOKS: JSON.stringify([{ runbook: "backup_failed" }]) });
  unconfigured = await startTestJarvis();
}, 60_000);
afterAll(async () => {
  await jarvis?.stop();
  await unconfigured?.stop();
  await emu?.close();
});

const post = (j: TestJarvis, body: string, headers: Record<string, string> = {}) =>
  request(`${j.url}/api/webhooks/proxmox`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
const bearer = (s: string) => ({ authorization: `Bearer ${s}` });

describe("the Proxmox webhook", () => {
  it("refuses a notification without the secret, with a wrong one, or when no secret is configured (401)", async () => {
    const body = rendered(VZDUMP_FAILED);
    const before = jarvis.store.events.list({ source: "monitor" }).length;
    for (const headers of [{}, bearer("wrong-secret-of-some-length"), { authorization: SECRET }, { authorization: `Basic ${SECRET}` }, bearer(`${SECRET}x`)]) {
      const res = await post(jarvis, body, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
    const off = await post(unconfigured, body, bearer(SECRET));
    expect(off.status).toBe(401);
    expect(off.json.error.message).toMatch(/set PVE_WEBHOOK_SECRET/);
    expect(jarvis.store.events.list({ source: "monitor" }).length).toBe(before);
  });

  it("turns a real Proxmox notification body, rendered from the documented template, into an event", async () => {
    const res = await post(jarvis, rendered(VZDUMP_FAILED), bearer(SECRET));
    expect(res.status).toBe(200);
    const event = jarvis.store.events.list({ source: "monitor" }).find((e) => e.id === res.json.event_id)!;
    expect(event).toMatchObject({
      type: "alert",
      severity: "error",
      node: "pve3",
      title: "Backup failed on pve3 (guest 108)",
      data: { kind: "backup_failed", origin: "proxmox_notification", vmids: [108], job_id: "backup-3f2a9c1e", pve: { type: "vzdump", severity: "error" } },
    });
    expect(event.message).toMatch(/^vzdump backup status \(pve3.home.arpa\): backup failed\n.*ERROR: Backup of VM 108 failed/);
  });

  it("takes any content type (Proxmox sends none unless told) and the other notification kinds", async () => {
    const cases: [PveNotification, string, string][] = [
      [{ severity: "error", title: "Fencing", message: "node pve2 fenced", fields: { type: "fencing", hostname: "pve2" } }, "alert", "Node pve2 was fenced"],
      [{ severity: "error", title: "Replication failed", message: "Replication job '101-0' failed", fields: { type: "replication", hostname: "pve1", "job-id": "101-0" } }, "alert", "Replication job 101-0 failed on pve1"],
      [{ severity: "info", title: "New software packages available (pve1)", message: "pve-manager 9.0.5", fields: { type: "package-updates", hostname: "pve1" } }, "alert", "Updates available on pve1"],
      [{ severity: "info", title: "Test notification", message: "This is a test of the notification target 'jarvis'.", fields: {} }, "status", "Proxmox: Test notification"],
    ];
    for (const [n, type, title] of cases) {
      const res = await request(`${jarvis.url}/api/webhooks/proxmox`, { method: "POST", body: rendered(n), headers: bearer(SECRET) });
      expect(res.status, title).toBe(200);
      expect(jarvis.store.events.list({ limit: 5 }).find((e) => e.id === res.json.event_id)).toMatchObject({ type, title });
    }
  });

  it("answers a body that is not the template's JSON with 400, and one too large with 413", async () => {
    expect((await post(jarvis, "backup failed", bearer(SECRET))).status).toBe(400);
    expect((await post(jarvis, JSON.stringify({ title: 5 }), bearer(SECRET))).status).toBe(400);
    const huge = JSON.stringify({ title: "x", message: "y".repeat(3 * 1024 * 1024) });
    expect((await post(jarvis, huge, bearer(SECRET))).status).toBe(413);
  });

  it("end to end: the cluster's backup fails, Proxmox posts it, and the runbook reports it with the task's log", async () => {
    emu.setWebhook({
      url: `${jarvis.url}/api/webhooks/proxmox`,
      headers: [
        { name: "Content-Type", value: "application/json" },
        { name: "Authorization", value: "Bearer {{ secrets.token }}" },
      ],
      body: documentedTemplate(),
      secrets: { token: SECRET },
    });
    try {
      emu.faults.failBackup(106, { error: "storage 'nas-backup' is not online" });
      await until(() => emu.deliveries.length > 0 && emu.deliveries.at(-1)!.status !== null, 5_000);
      expect(emu.deliveries.at(-1)!.status).toBe(200);
      const about106 = () => jarvis.store.events.list({ source: "jarvis" }).find((e) => e.data?.runbook === "backup_failed" && e.node === "pve1");
      await until(() => about106() !== undefined, 5_000);
      const report = about106()!;
      expect(report).toMatchObject({ type: "alert", severity: "error", title: "Runbook: Backup of guest 106 failed on pve1", data: { outcome: "reported" } });
      expect(report.message).toMatch(/ERROR: Backup of VM 106 failed - storage 'nas-backup' is not online/);
      expect(report.message).toMatch(/TASK ERROR: job errors/);
    } finally {
      emu.setWebhook(null);
    }
  });

  it("rate-limits an address that keeps sending wrong secrets", async () => {
    let status = 401;
    for (let i = 0; i < 40 && status === 401; i++) status = (await post(jarvis, "{}", bearer("guessing-the-secret-now"))).status;
    expect(status).toBe(429);
  });
});
