// The add-on's page tells an HA admin (through ingress) what HA and a browser elsewhere need: the
// integration's host, port and token, and the password Jarvis generated, instead of files in /data. With
// that password the page outside ingress logs in; there the same section holds no secrets, only the reason.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { buildCard, haveChromium, screenshot } from "./browser.js";
import { useChromium } from "./chromium-session.js";
import { startProxy, type FrontProxy } from "./proxy.js";

describe.skipIf(!haveChromium)("connection details on the add-on's page", () => {
  const chromium = useChromium();
  let lab: HomeLab;
  let jarvis: TestJarvis;
  let ingress: FrontProxy;
  let password: string;
  let integrationToken: string;

  beforeAll(async () => {
    [lab] = await Promise.all([startHomeLab({ taskMs: 50 }), buildCard()]);
    // No password and no integration token set: Jarvis makes both, as a fresh add-on does.
    jarvis = await startTestJarvis({ ...lab.env, JARVIS_PASSWORD: "" });
    password = readFileSync(path.join(jarvis.dataDir, "initial-password"), "utf8").trim();
    integrationToken = readFileSync(path.join(jarvis.dataDir, "integration-token"), "utf8").trim();
    ingress = await startProxy(jarvis.port, { ingress: true });
  }, 90_000);

  afterAll(async () => {
    await ingress?.close();
    await jarvis?.stop();
    await lab?.close();
  });

  const statusTab = async (page: Page) => {
    await page.getByRole("tab", { name: "Status" }).click();
    await page.locator("jarvis-status-view [data-spend]").waitFor({ timeout: 10_000 });
  };
  const field = (page: Page, name: string) => page.locator(`jarvis-connection-details [data-connect="${name}"]`);

  it("shows an HA admin the integration's address and token and the generated password, which logs in outside HA", async () => {
    const page = await chromium.newPage();
    await page.goto(ingress.url);
    await statusTab(page);
    await page.getByText("Connection details").click();
    await expect.poll(() => field(page, "token").textContent(), { timeout: 5_000 }).toBe(integrationToken);
    expect(await field(page, "port").textContent()).toBe(String(jarvis.port));
    expect((await field(page, "host").textContent())?.length).toBeGreaterThan(0);
    expect(await field(page, "discovery").textContent()).toContain("add the Jarvis integration");
    const shown = await field(page, "password").textContent();
    expect(shown).toContain(password);
    expect(shown).toContain("generated");
    expect(shown).toContain("password option");
    await screenshot(page, "connection-details");

    const outside = await chromium.newPage();
    await outside.goto(`${jarvis.url}/`);
    await outside.getByLabel("Add-on password").fill(password);
    await outside.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => outside.locator("jarvis-cluster-view li[data-vmid]").count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);

    // Logged in with the password, the page is not HA's: the section says why and holds no secret.
    await statusTab(outside);
    const refused = outside.locator("jarvis-connection-details [data-connection-refused]");
    await expect.poll(() => refused.textContent(), { timeout: 5_000 }).toContain("only to Home Assistant admins");
    const html = await outside.evaluate(() => document.querySelector("jarvis-app")!.shadowRoot!.innerHTML + JSON.stringify(sessionStorage));
    expect(html).not.toContain(integrationToken);
    expect(await outside.locator("jarvis-connection-details").evaluate((el) => el.shadowRoot!.innerHTML)).not.toContain(integrationToken);

    expect(jarvis.logs.join("")).not.toContain(password);
    expect(jarvis.logs.join("")).not.toContain(integrationToken);
  });
});
