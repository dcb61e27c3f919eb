// Each view of the add-on's page and of the card, in light and in dark, read by axe-core in Chromium: no
// serious or critical finding (text contrast against what is really behind it, names, roles). The page is
// opened through HA ingress with the browser's colour scheme; the card on an HA dashboard (the HA double and
// the integration in front of the add-on) under HA's default theme, light and dark, and under a household's
// own theme, whose colours it must take. Both in demo mode. The page and the card, light and dark, end up in
// docs/screenshots for README.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.js";
import { docScreenshot } from "./browser.js";
import { CUSTOM } from "./ha-theme.js";
import { demoStackMissing, useDemoStack } from "./demo-stack.js";

if (demoStackMissing) console.log(`note: accessibility tests skipped: ${demoStackMissing}`);

describe.skipIf(demoStackMissing !== undefined)("every view in light and dark passes axe-core", () => {
  const demo = useDemoStack();

  /** Fills each view with what it shows in use, then reads it with axe; returns the findings per view. */
  async function auditTabs(page: Page, tabs: string[]): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    const row = page.locator('jarvis-cluster-view li[data-vmid="102"]');
    await row.waitFor({ timeout: 20_000 });
    // A guest's actions with their tier chips, then the approval dialog in front of the page.
    await row.getByRole("button", { name: /Actions for VM 102/ }).click();
    await expect.poll(() => row.locator('button[data-action="stop"]').textContent()).toContain("ORANGE");
    await row.locator('button[data-action="stop"]').click();
    await page.locator("jarvis-approval-dialog dialog[open]").waitFor({ timeout: 15_000 });
    found["approval dialog"] = await seriousViolations(page);
    await page.keyboard.press("Escape");
    for (const tab of tabs) {
      await page.getByRole("tab", { name: tab }).click();
      if (tab === "Chat") {
        const replies = page.locator('jarvis-chat-view .msg[data-role="jarvis"][aria-busy="false"]');
        for (const [i, text] of ["how is the cluster", "stop vm 102"].entries()) {
          await page.getByLabel("Message to Jarvis").fill(text);
          await page.getByRole("button", { name: "Send message" }).click();
          await expect.poll(() => replies.count(), { timeout: 20_000 }).toBe(i + 1);
        }
        await page.locator("jarvis-chat-view .approval").waitFor({ timeout: 5_000 });
      }
      if (tab === "Events") await page.locator("jarvis-events-view li").first().waitFor({ timeout: 15_000 });
      if (tab === "Status") {
        await page.locator("jarvis-status-view [data-spend]").waitFor({ timeout: 15_000 });
        await page.getByText("Connection details").click();
        await page.locator('jarvis-connection-details [data-connect="token"]').waitFor({ timeout: 5_000 });
      }
      // The demo has no SSH: the view says so instead of offering a shell.
      if (tab === "Terminal") await page.locator('jarvis-terminal-view [data-empty="terminal"]').waitFor({ timeout: 15_000 });
      found[tab] = await seriousViolations(page);
    }
    return found;
  }

  const none = (found: Record<string, string[]>) => Object.fromEntries(Object.keys(found).map((k) => [k, []]));

  for (const mode of ["light", "dark"] as const) {
    it(`the add-on's page through ingress, ${mode}`, { timeout: 120_000 }, async () => {
      const page = await demo.ingressPage(mode);
      const found = await auditTabs(page, ["Cluster", "Chat", "Voice", "Terminal", "Events", "Status"]);
      expect(found).toEqual(none(found));
      await page.getByRole("tab", { name: "Cluster" }).click();
      await docScreenshot(page, `page-${mode}`);
    });

    it(`the add-on's page outside HA asks for the password, ${mode}`, { timeout: 60_000 }, async () => {
      const page = await demo.directPage(mode);
      await page.getByLabel("Add-on password").fill("not the password");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.locator("jarvis-app [role=alert]").waitFor({ timeout: 5_000 });
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  for (const mode of ["light", "dark", "custom"] as const) {
    it(`the card on an HA dashboard, ${mode} theme`, { timeout: 120_000 }, async () => {
      const page = await demo.cardPage({ theme: mode });
      const found = await auditTabs(page, ["Cluster", "Chat", "Voice", "Terminal", "Events"]);
      expect(found).toEqual(none(found));
      if (mode !== "custom") {
        await page.getByRole("tab", { name: "Chat" }).click();
        return docScreenshot(page.locator("jarvis-card"), `card-${mode}`);
      }
      // The theme's own colours, not Jarvis's defaults: the text and the surface behind it.
      await page.getByRole("tab", { name: "Cluster" }).click();
      const name = page.locator('jarvis-cluster-view li[data-vmid="102"] strong').first();
      expect(await name.evaluate((el) => getComputedStyle(el).color)).toBe(rgb(CUSTOM["--primary-text-color"]!));
      const card = page.locator("jarvis-card ha-card");
      expect(await card.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(CUSTOM["--card-background-color"]!));
    });
  }
});

/** "#rrggbb" as getComputedStyle writes it. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
