// The cluster view as a newcomer reads it: each guest says whether it is a VM or a container, storage that
// every node mounts (the demo's NAS) is listed once with the nodes that see it, and a view with nothing to
// show says why: no Proxmox set up, SSH off for the terminal. The page loads no icon from the add-on
// (which would need a login outside ingress).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { demoStackMissing, useDemoStack } from "./demo-stack.js";
import { startProxy, type FrontProxy } from "./proxy.js";

if (demoStackMissing) console.log(`note: cluster view tests skipped: ${demoStackMissing}`);

describe.skipIf(demoStackMissing !== undefined)("the cluster view", { timeout: 60_000 }, () => {
  const demo = useDemoStack();
  /** A server with nothing configured, as after `npm start` on a fresh clone, behind ingress. */
  let bare: TestJarvis;
  let bareIngress: FrontProxy;

  beforeAll(async () => {
    bare = await startTestJarvis();
    bareIngress = await startProxy(bare.port, { ingress: true });
  });

  afterAll(async () => {
    await bareIngress?.close();
    await bare?.stop();
  });

  const guest = (page: Page, vmid: number) => page.locator(`jarvis-cluster-view li[data-vmid="${vmid}"]`);
  const emptyText = (page: Page, view: string, section: string) => page.locator(`${view} [data-empty="${section}"]`).textContent({ timeout: 15_000 });

  it("marks each guest as a VM or a container, and counts them", async () => {
    const page = await demo.cardPage();
    await guest(page, 102).waitFor({ timeout: 20_000 });
    expect(await guest(page, 102).locator(".kind").textContent()).toContain("VM");
    expect(await guest(page, 103).locator(".kind").textContent()).toContain("CT");
    // Screen readers hear the words, not the abbreviations.
    expect(await guest(page, 103).locator(".kind").getAttribute("title")).toMatch(/^Container/);
    expect(await page.locator("jarvis-cluster-view [data-guest-summary]").textContent()).toMatch(/^5 VMs and 5 containers, \d+ running$/);
    expect(await guest(page, 9000).textContent()).toContain("Template");
  });

  it("lists the NAS every node mounts once, with the nodes that see it, and node-local storage per node", async () => {
    const page = await demo.ingressPage();
    await guest(page, 102).waitFor({ timeout: 20_000 });
    const nas = page.locator('jarvis-cluster-view [data-storage="nas-backup"]');
    expect(await nas.count()).toBe(1);
    expect(await nas.textContent()).toContain("shared by pve1, pve2, pve3");
    const local = page.locator('jarvis-cluster-view [data-storage="local-lvm"]');
    expect(await local.count()).toBe(3);
    expect(await local.first().textContent()).toContain("on pve1");
  });

  it("says why the terminal cannot open in the demo: SSH is off, and which setting turns it on", async () => {
    const page = await demo.ingressPage();
    await page.getByRole("tab", { name: "Terminal" }).click();
    const why = await emptyText(page, "jarvis-terminal-view", "terminal");
    expect(why).toContain("SSH, which is off here");
    expect(why).toContain("SSH_KEY_PATH");
    expect(await page.getByRole("button", { name: /Open shell/ }).count()).toBe(0);
  });

  it("with nothing configured, says there is no cluster and why, and why there is no terminal", async () => {
    const page = await demo.openPage(bareIngress.url);
    expect(await emptyText(page, "jarvis-cluster-view", "cluster")).toMatch(/^No cluster to show: Proxmox is not configured: set PVE_NODES/);
    expect(await page.locator("jarvis-cluster-view [role=alert]").count()).toBe(0);
    await page.getByRole("tab", { name: "Terminal" }).click();
    expect(await emptyText(page, "jarvis-terminal-view", "terminal")).toContain("SSH_KEY_PATH");
  });

  it("names its icon inline, so a browser asks the add-on for none", async () => {
    const asked: string[] = [];
    const page = await demo.openPage("about:blank");
    page.on("request", (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(`${demo.jarvis().url}/`);
    await page.getByLabel("Add-on password").waitFor({ timeout: 10_000 });
    // Headless Chromium asks for no icon either way; a desktop browser asks for /favicon.ico unless the page names one.
    expect(await page.evaluate(() => document.querySelector<HTMLLinkElement>("link[rel=icon]")?.href ?? "")).toMatch(/^data:image\/svg\+xml,/);
    expect(asked.filter((p) => p.includes("favicon"))).toEqual([]);
  });
});
