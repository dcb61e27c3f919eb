// Chat, approvals and events as a newcomer meets them in the demo (no language model: the fast path answers).
// The page stays one screen tall however long the conversation, its bubbles hold no blank lines; an approval
// is done by following only what the reply's own words say (the button they name, or the answer they name);
// the events say what ran, with what, for whom (by HA's name), who approved it and how it ended, and a denial
// names what it denied.
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

  /** What Jarvis's reply says in words (not the card's controls under it). */
  const words = async (reply: Locator) => (await reply.locator(".text").textContent()) ?? "";

  it("approves by doing what the reply says: the button it names, then says which VM it stopped", async () => {
    const page = await demo.cardPage();
    await page.getByRole("tab", { name: "Chat" }).click();
    const reply = await say(page, "stop vm 102");
    const told = await words(reply);
    // The reply names the guest as Proxmox does, and the button to press; the test presses exactly that one.
    expect(told).toMatch(/^Stop VM 102 \(docker-host\) needs your approval\./);
    const [, button] = /press (\w+) under this reply/.exec(told) ?? [];
    expect(button).toBe("Approve");
    expect(demo.lab().proxmox.cluster.guests.get(102)!.status).toBe("running");
    const block = reply.locator(".approval");
    await block.getByRole("button", { name: new RegExp(`^${button}`) }).click();
    await expect.poll(() => demo.lab().proxmox.cluster.guests.get(102)!.status, { timeout: 20_000 }).toBe("stopped");
    await expect.poll(() => block.textContent(), { timeout: 10_000 }).toContain("Done: Stop VM 102 (docker-host)");
    expect(await block.getByRole("button").count()).toBe(0);
  });

  it("approves by the reply's other way, the answer it names, and the answer says what was done", async () => {
    const page = await demo.cardPage();
    await page.getByRole("tab", { name: "Chat" }).click();
    const reply = await say(page, "restart the pihole container");
    const told = await words(reply);
    expect(told).toMatch(/^Reboot container 103 \(pihole\) needs your approval\. .*answer with your approval keyword\.$/);
    // The reply names the keyword without saying it. README: the add-on's approval_keyword option, JARVIS-EXECUTE unless changed.
    expect(told).not.toMatch(/jarvis[\s-]*execute/i);
    const answer = await say(page, "JARVIS-EXECUTE");
    expect(await words(answer)).toBe("Done: Reboot container 103 (pihole).");
    expect(await answer.locator('[data-tool="restart_container"]').textContent()).toContain("done");
    await expect.poll(() => reply.locator(".approval").textContent()).toContain("Approved by your reply: done");
    expect(await reply.locator(".approval").getByRole("button").count()).toBe(0);
  });

  it("lists in the events what ran, with what, for whom, who approved it and the result; a denial names its action", async () => {
    const page = await demo.cardPage();
    await page.getByRole("tab", { name: "Chat" }).click();
    const held = (await say(page, "stop vm 104")).locator(".approval");
    await held.getByRole("button", { name: /^Deny/ }).click();
    await expect.poll(() => held.textContent()).toContain("Denied: Stop container 104 (nginx-proxy)");
    const ran = (await say(page, "start vm 105")).textContent();
    expect(await ran).toMatch(/105/);

    await page.getByRole("tab", { name: "Events" }).click();
    const events = page.locator("jarvis-events-view li");
    const row = (title: RegExp) => events.filter({ has: page.locator("strong", { hasText: title }) }).first();
    const started = row(/^Ran: Start VM 105 \(win11\)/);
    await started.waitFor({ timeout: 10_000 });
    expect(await started.locator("[data-call]").textContent()).toBe("start_vm (vmid 105)");
    // People by the names HA shows, not HA's user ids.
    expect(await started.locator("[data-who]").textContent()).toBe("Asked by Ada Admin in a conversation");
    expect(await started.locator("[data-outcome]").textContent()).toMatch(/^Result: .*OK/);
    const stopped = row(/^Ran: Stop VM 102 \(docker-host\)/);
    expect(await stopped.locator("[data-who]").textContent()).toBe("Asked by Ada Admin in a conversation; approved by Ada Admin (card)");
    const denied = row(/^Denied: Stop container 104 \(nginx-proxy\)/);
    expect(await denied.locator("[data-call]").textContent()).toBe("stop_container (vmid 104)");
    expect(await denied.locator("[data-who]").textContent()).toBe("Asked by Ada Admin; denied by Ada Admin");
    expect(await denied.locator("[data-outcome]").textContent()).toBe("Nothing was done.");
  });

  it("lets an admin approve someone else's action and names the person who asked; a plain user cannot deny another's", async () => {
    /** An HA action called on `page`'s own HA connection, as its user: HA's result, or HA's error. */
    const service = (page: Page, name: string, data: Record<string, unknown>): Promise<{ response?: any; error?: { code: string; message: string } }> =>
      page.evaluate(
        (m) =>
          (window as unknown as { harness: { connection: { sendMessagePromise(m: unknown): Promise<any> } } }).harness.connection
            .sendMessagePromise(m)
            .then((result) => result, (error: unknown) => ({ error })),
        { type: "call_service", domain: "jarvis", service: name, service_data: data, return_response: true },
      );
    const [uma, ada] = [await demo.cardPage({ who: "user" }), await demo.cardPage()];
    const held = await service(uma, "run_tool", { name: "stop_container", arguments: { vmid: 103 } });
    expect(held.response).toMatchObject({ status: "approval_required" });
    expect((await service(ada, "approve", { action_id: held.response.actionId })).response).toMatchObject({ status: "ok" });

    // Nor may a plain user cancel what someone else asked for; the one who asked may.
    const adas = await service(ada, "run_tool", { name: "stop_container", arguments: { vmid: 104 } });
    expect((await service(uma, "deny", { action_id: adas.response.actionId })).error?.message).toMatch(/only the person who asked/);
    expect((await service(ada, "deny", { action_id: adas.response.actionId })).response).toEqual({ denied: adas.response.actionId });

    await ada.getByRole("tab", { name: "Events" }).click();
    const ran = ada.locator("jarvis-events-view li").filter({ has: ada.locator("strong", { hasText: /^Ran: Stop container 103 \(pihole\)/ }) });
    await ran.first().waitFor({ timeout: 10_000 });
    expect(await ran.first().locator("[data-who]").textContent()).toBe("Asked by Uma User from Home Assistant; approved by Ada Admin (ha)");
  });
});
