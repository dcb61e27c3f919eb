// Chat, approvals and events as a newcomer meets them in the demo (no language model: the fast path answers).
// The page stays one screen tall however long the conversation, its bubbles hold no blank lines; an approval
// is done by following only what the reply says; the events say what ran, with what, for whom, who approved
// it and how it ended, and a denial names what it denied.
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoStackMissing, useDemoStack } from "./demo-stack.js";

if (demoStackMissing) console.log(`note: chat tests skipped: ${demoStackMissing}`);

const VIEWPORT_HEIGHT = 900;

describe.skipIf(demoStackMissing !== undefined)("chat, approvals and events", { timeout: 60_000 }, () => {
  const demo = useDemoStack();

  /** Sends one message and waits for the reply to finish; returns the reply (that one, not whichever is last). */
  async function say(page: Page, text: string): Promise<Locator> {
    const replies = page.locator('jarvis-chat-view .msg[data-role="jarvis"]');
    const before = await replies.count();
    await page.getByLabel("Message to Jarvis").fill(text);
    await page.getByRole("button", { name: "Send message" }).click();
    await expect.poll(() => replies.count(), { timeout: 20_000 }).toBe(before + 1);
    const reply = replies.nth(before);
    await expect.poll(() => reply.getAttribute("aria-busy"), { timeout: 20_000 }).toBe("false");
    return reply;
  }

  it("keeps the page one screen tall after 8 messages, with bubbles as tall as their words", async () => {
    const page = await demo.ingressPage();
    await page.getByRole("tab", { name: "Chat" }).click();
    expect(await page.locator('jarvis-chat-view [data-empty="chat"]').textContent()).toContain("No language model is set up");
    for (let i = 0; i < 8; i++) await say(page, i % 2 ? "list the VMs" : "how is the cluster");

    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(pageHeight).toBeLessThanOrEqual(VIEWPORT_HEIGHT);
    const log = page.locator("jarvis-chat-view .log");
    const { scrollHeight, clientHeight, scrollTop } = await log.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, scrollTop: el.scrollTop }));
    expect(scrollHeight).toBeGreaterThan(clientHeight);
    // It follows the conversation: the newest reply is in view.
    expect(scrollTop + clientHeight).toBeGreaterThanOrEqual(scrollHeight - 2);
    // A one-line message is one line tall (plus padding): no blank lines around the words.
    const bubble = await page.locator('jarvis-chat-view .msg[data-role="user"]').first().evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.2,
    }));
    expect(bubble.height).toBeLessThan(bubble.line * 2);
  });

  it("approves by doing what the reply says: the button it names, then says what it did", async () => {
    const page = await demo.cardPage();
    await page.getByRole("tab", { name: "Chat" }).click();
    const reply = await say(page, "stop vm 102");
    const block = reply.locator(".approval");
    const told = (await block.textContent()) ?? "";
    expect(told).toContain("Stop VM 102");
    // The reply names the button to press; the test presses exactly that one.
    const [, button] = /Press (\w+) below/.exec(told) ?? [];
    expect(button).toBe("Approve");
    expect(demo.lab().proxmox.cluster.guests.get(102)!.status).toBe("running");
    await block.getByRole("button", { name: new RegExp(`^${button}`) }).click();
    await expect.poll(() => demo.lab().proxmox.cluster.guests.get(102)!.status, { timeout: 20_000 }).toBe("stopped");
    await expect.poll(() => block.textContent(), { timeout: 10_000 }).toContain("Done: Stop VM 102");
    expect(await block.getByRole("button").count()).toBe(0);
  });

  it("approves by the reply's other way, the approval keyword, and the offer's buttons go", async () => {
    const page = await demo.cardPage();
    await page.getByRole("tab", { name: "Chat" }).click();
    const reply = await say(page, "restart the pihole container");
    const block = reply.locator(".approval");
    expect(await block.textContent()).toContain("reply with your approval keyword");
    // README: the keyword is the add-on's approval_keyword option, JARVIS-EXECUTE unless changed.
    const answer = await say(page, "JARVIS-EXECUTE");
    expect(await answer.locator('[data-tool="restart_container"]').textContent()).toContain("done");
    await expect.poll(() => block.textContent()).toContain("Approved by your reply: done");
    expect(await block.getByRole("button").count()).toBe(0);
  });

  it("lists in the events what ran, with what, for whom, who approved it and the result; a denial names its action", async () => {
    const page = await demo.cardPage();
    await page.getByRole("tab", { name: "Chat" }).click();
    const held = (await say(page, "stop vm 104")).locator(".approval");
    await held.getByRole("button", { name: /^Deny/ }).click();
    await expect.poll(() => held.textContent()).toContain("Denied: Stop container 104");
    const ran = (await say(page, "start vm 105")).textContent();
    expect(await ran).toMatch(/105/);

    await page.getByRole("tab", { name: "Events" }).click();
    const events = page.locator("jarvis-events-view li");
    const row = (title: RegExp) => events.filter({ has: page.locator("strong", { hasText: title }) }).first();
    const started = row(/^Ran: start_vm \(vmid 105/);
    await started.waitFor({ timeout: 10_000 });
    expect(await started.locator("[data-who]").textContent()).toMatch(/^Asked by .+ in a conversation$/);
    expect(await started.locator("[data-outcome]").textContent()).toMatch(/^Result: .*OK/);
    const stopped = row(/^Ran: stop_vm \(vmid 102/);
    expect(await stopped.locator("[data-who]").textContent()).toMatch(/; approved by .+/);
    const denied = row(/^Denied: stop_container \(vmid 104/);
    expect(await denied.locator("[data-who]").textContent()).toMatch(/denied by .+/);
    expect(await denied.locator("[data-outcome]").textContent()).toBe("Nothing was done.");
  });
});
