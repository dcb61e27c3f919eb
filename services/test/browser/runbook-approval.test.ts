// A runbook's held action in the card's events, in real Chromium on Jarvis's page behind HA ingress (an admin):
// the storage_full runbook proposes a prune, the event shows Approve and Deny, Approve runs it, and the
// runbook's next event says it is done; the buttons go once the run has moved on.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { buildCard, haveChromium, launchChromium, screenshot } from "./browser.js";
import { startProxy, type FrontProxy } from "./proxy.js";

if (!haveChromium) console.log("note: runbook approval in the card skipped: /usr/bin/chromium is not installed");

describe.skipIf(!haveChromium)("a runbook's held action in the card's events", { timeout: 60_000 }, () => {
  let lab: HomeLab;
  let jarvis: TestJarvis;
  let ingress: FrontProxy;
  let browser: Browser;

  beforeAll(async () => {
    [lab] = await Promise.all([startHomeLab({ taskMs: 100 }), buildCard()]);
    jarvis = await startTestJarvis({ ...lab.env, RUNBOOKS: JSON.stringify([{ runbook: "storage_full" }]) });
    [ingress, browser] = await Promise.all([startProxy(jarvis.port, { ingress: true }), launchChromium("/dev/null")]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ingress?.close();
    await jarvis?.stop();
    await lab?.close();
  });

  it("is approved with its button, runs, and the runbook says it is done", async () => {
    lab.proxmox.faults.addBackup("nas-backup", 102, 3, 120);
    lab.proxmox.faults.addBackup("nas-backup", 102, 5, 118);
    lab.proxmox.faults.fillStorage("nas-backup", 3_400);
    // The monitor's alert, as its next read would raise it.
    jarvis.store.events.add({ type: "alert", severity: "warning", source: "monitor", title: "Shared storage nas-backup is 94% full", data: { kind: "storage_full", storage: "nas-backup", value: 94 } });

    const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    await page.goto(ingress.url);
    await page.getByRole("tab", { name: "Events" }).click();
    const held = page.locator("jarvis-events-view li", { hasText: "Waiting for approval: Prune 1 older backups on nas-backup" });
    await held.waitFor({ timeout: 20_000 });
    expect(await held.textContent()).toContain("On its own: the storage_full runbook");
    await screenshot(page, "runbook-held");
    await held.getByRole("button", { name: "Approve" }).click();

    await expect.poll(() => held.locator("[data-decided]").textContent(), { timeout: 15_000 }).toMatch(/^Done: Prune 1 older backups on nas-backup/);
    await page.locator("jarvis-events-view li", { hasText: "Runbook: Pruned 1 older backups on nas-backup" }).waitFor({ timeout: 15_000 });
    expect(lab.proxmox.cluster.backups.filter((b) => b.vmid === 102)).toHaveLength(2);
    expect(await held.getByRole("button").count()).toBe(0);
  });
});
