// The add-on's page opened straight on its port (a browser on the LAN, no HA in front): it asks for the
// password at once instead of trying the socket without one, says when the password is wrong, and once
// logged in shows the cluster. A saved session that no longer holds falls back to the form; behind HA's
// ingress there is never a form. The server's auth timeout is short here, so a page that waits on the
// socket instead of asking would show it within the test.
import { SignJWT } from "jose";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { JWT_SECRET, PASSWORD, startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { buildCard, haveChromium, screenshot } from "./browser.js";
import { useChromium } from "./chromium-session.js";
import { startProxy } from "./proxy.js";

const TOKEN_KEY = "jarvis-token";

describe.skipIf(!haveChromium)("the add-on's page outside ingress", () => {
  const chromium = useChromium();
  let lab: HomeLab;
  let jarvis: TestJarvis;

  beforeAll(async () => {
    [lab] = await Promise.all([startHomeLab({ taskMs: 50 }), buildCard()]);
    jarvis = await startTestJarvis(lab.env, { authTimeoutMs: 500 });
  }, 90_000);

  afterAll(async () => {
    await jarvis?.stop();
    await lab?.close();
  });

  /** A fresh browser session on `url`, with `token` saved in it as an earlier login would have; counts sockets. */
  async function open(url: string, token?: string, prepare?: (page: Page) => Promise<unknown>): Promise<{ page: Page; sockets: string[]; errors: string[] }> {
    const page = await chromium.newPage();
    const sockets: string[] = [];
    const errors: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    if (token) await page.addInitScript(([key, value]) => sessionStorage.setItem(key!, value!), [TOKEN_KEY, token]);
    await prepare?.(page);
    await page.goto(url);
    return { page, sockets, errors };
  }

  const form = (page: Page) => page.getByLabel("Add-on password");
  const guests = (page: Page) => page.locator("jarvis-cluster-view li[data-vmid]");
  const alert = (page: Page) => page.locator("jarvis-app form [role=alert]");

  it("asks for the password at once and stays on the form, opening no socket until logged in", async () => {
    const { page, sockets, errors } = await open(`${jarvis.url}/`);
    await form(page).waitFor({ timeout: 3_000 });
    // Longer than the server's auth timeout plus the client's reconnect delay: the old page looped here.
    await page.waitForTimeout(4_000);
    expect(await form(page).isVisible()).toBe(true);
    expect(sockets).toEqual([]);
    expect(await page.locator("jarvis-app [role=tab]").count()).toBe(0);
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
    await screenshot(page, "page-login-form");
  });

  it("says a wrong password is wrong, and a right one shows the cluster", async () => {
    const { page, sockets } = await open(`${jarvis.url}/`);
    await form(page).fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => alert(page).textContent(), { timeout: 5_000 }).toContain("wrong password");
    expect(await form(page).isVisible()).toBe(true);
    await screenshot(page, "page-login-wrong");

    await form(page).fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => guests(page).count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    expect(await page.locator('jarvis-cluster-view li[data-vmid="102"]').count()).toBe(1);
    expect(await form(page).count()).toBe(0);
    expect(sockets).toHaveLength(1);

    // The other views work on the same login.
    const proxmoxRow = page.locator('jarvis-status-view tr[data-integration="proxmox"]');
    await page.getByRole("tab", { name: "Status" }).click();
    await expect.poll(() => proxmoxRow.count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, "page-login-status");

    // A reload (back on the Status tab) keeps the session: no form again.
    await page.reload();
    await expect.poll(() => proxmoxRow.count(), { timeout: 10_000 }).toBe(1);
    expect(await form(page).count()).toBe(0);
  });

  it("falls back to the form when the saved session has expired or is not valid", async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("jarvis")
      .setSubject("jarvis")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key);
    for (const [token, why] of [[expired, "expired"], ["forged.token.here", "invalid"]] as const) {
      const { page, sockets } = await open(`${jarvis.url}/`, token);
      await form(page).waitFor({ timeout: 3_000 });
      expect(await alert(page).textContent()).toContain(why);
      expect(await page.evaluate((k) => sessionStorage.getItem(k), TOKEN_KEY)).toBeNull();
      expect(sockets).toEqual([]);
      await form(page).fill(PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      await expect.poll(() => guests(page).count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    }
  });

  it("still ends on the form, not in a reconnect loop, when the socket is what refuses it", async () => {
    // /api/me unreachable: the page tries the socket without a token, and the server's refusal brings the form.
    const { page, sockets } = await open(`${jarvis.url}/`, undefined, (p) => p.route("**/api/me", (r) => r.abort()));
    await form(page).waitFor({ timeout: 3_000 });
    await page.waitForTimeout(4_000);
    expect(await form(page).isVisible()).toBe(true);
    expect(sockets).toHaveLength(1);
    expect(await alert(page).count()).toBe(0);
  });

  it("shows no form behind ingress, even with a stale session saved", async () => {
    const proxy = await startProxy(jarvis.port, { ingress: true });
    try {
      const { page } = await open(proxy.url, "forged.token.here");
      await expect.poll(() => guests(page).count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
      expect(await form(page).count()).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
