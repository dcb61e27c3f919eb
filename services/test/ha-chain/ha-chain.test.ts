// Jarvis inside Home Assistant, crossed end to end: real Chromium loads the card from the URL the integration
// registered with HA's frontend; the card's `hass.connection` is a real home-assistant-js-websocket Connection
// to the HA double (HA's WebSocket API and HTTP server, hosting custom_components/jarvis unmodified); behind it
// the real add-on server in demo mode (emulated cluster, home and cameras; no language model) with SSH to a
// real sshd for the terminal. Nothing in between is wired by hand.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startTestJarvis, type TestJarvis } from "../helpers/jarvis.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";
import { buildCard, haveChromium, launchChromium, screenshot } from "../browser/browser.js";
import { chainMissing, openDashboard, startHaChain, type HaChain, type Who } from "./chain.js";

const INTEGRATION_TOKEN = "ha-chain-integration-token-0123456789abcdef";
const CARD_URL = "/jarvis_static/jarvis-card.js";

const skip = !haveChromium || chainMissing !== undefined;
if (skip) console.warn(`HA chain test skipped: ${!haveChromium ? "/usr/bin/chromium is not installed" : chainMissing}`);

describe.skipIf(skip)("Jarvis inside Home Assistant, through the integration", () => {
  let lab: HomeLab;
  let sshd: TestSshd;
  let jarvis: TestJarvis;
  let ha: HaChain;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [lab, sshd] = await Promise.all([startHomeLab({ taskMs: 800 }), startSshd(), buildCard()]);
    const nodes = lab.proxmox.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, fingerprint: lab.proxmox.fingerprint, ssh_port: sshd.port }));
    jarvis = await startTestJarvis(
      { ...lab.env, PVE_NODES: JSON.stringify(nodes), SSH_KEY_PATH: sshd.keyPath, SSH_KNOWN_HOSTS: sshd.knownHostsPath, INTEGRATION_TOKEN },
      { demo: true },
    );
    ha = await startHaChain({ url: jarvis.url, integrationToken: INTEGRATION_TOKEN });
    browser = await launchChromium("/dev/null");
  }, 120_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await ha?.stop();
    await jarvis?.stop();
    await Promise.allSettled([lab?.close(), sshd?.stop()]);
  });

  /** A dashboard with the card, as `who` sees it; every HA WebSocket frame the page sends is kept. */
  async function dashboard(who: Who, config?: Record<string, unknown>): Promise<{ page: Page; sent: string[]; loaded: Map<string, number> }> {
    context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const sent: string[] = [];
    const loaded = new Map<string, number>();
    // Listeners on the context see the page's first requests and its socket from the start.
    context.on("response", (r) => loaded.set(new URL(r.url()).pathname, r.status()));
    context.on("page", (p) => p.on("websocket", (ws) => ws.on("framesent", (f) => sent.push(String(f.payload)))));
    const page = await openDashboard(context, ha.page(who, "jarvis-card", config));
    return { page, sent, loaded };
  }

  /** A command on HA's WebSocket from the page's own connection, as the logged-in user. */
  const haCommand = (page: Page, message: Record<string, unknown>) =>
    page.evaluate(
      (m) =>
        (window as unknown as { harness: { connection: { sendMessagePromise(m: unknown): Promise<unknown> } } }).harness.connection
          .sendMessagePromise(m)
          .then((result) => ({ result }), (error: unknown) => ({ error })),
      message,
    ) as Promise<{ result?: any; error?: { code: string; message: string } }>;

  const guest = (page: Page, vmid: number) => page.locator(`jarvis-cluster-view li[data-vmid="${vmid}"]`);

  it("loads the card from the URL the integration registered, for an admin and for a plain user", async () => {
    for (const who of ["admin", "user"] as const) {
      const { page, loaded } = await dashboard(who);
      const extra = await page.evaluate(() => (window as { __extraModules?: string[] }).__extraModules ?? []);
      expect(extra.map((u) => new URL(u, ha.url).pathname)).toContain(CARD_URL);
      expect(loaded.get(CARD_URL)).toBe(200);
      await context!.close();
      context = undefined;
    }
  });

  it("serves every file the card loads from beside itself, and nothing of the add-on's API", async () => {
    const dist = path.resolve(import.meta.dirname, "../../../frontend-card/dist");
    const lazy = readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && f.name !== "index.html")
      .map((f) => path.relative(dist, path.join(f.parentPath, f.name)));
    expect(lazy).toContain("jarvis-terminal.js");
    for (const file of lazy) {
      const res = await fetch(`${ha.url}/jarvis_static/${file}`);
      expect(res.status, file).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(path.join(dist, file))), file).toBe(true);
    }
    for (const probe of ["api/health", "api/events", "index.html", "../api/health", "%2e%2e/api/health"]) {
      expect((await fetch(`${ha.url}/jarvis_static/${probe}`)).status, probe).toBe(404);
    }
  });

  it("shows the demo's guests in the cluster view and lists the events", async () => {
    const { page } = await dashboard("admin");
    await expect.poll(() => guest(page, 102).count(), { timeout: 20_000 }).toBe(1);
    expect(await guest(page, 105).getAttribute("data-status")).toBe("stopped");
    await screenshot(page, "ha-chain-cluster");
    await page.getByRole("tab", { name: "Events" }).click();
    await expect.poll(() => page.locator("jarvis-events-view li").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it("keeps one conversation over two chat messages", async () => {
    const { page, sent } = await dashboard("user");
    await page.getByRole("tab", { name: "Chat" }).click();
    const reply = page.locator('jarvis-chat-view .msg[data-role="jarvis"]');
    for (const text of ["how is the cluster", "list my virtual machines"]) {
      const before = await reply.count();
      await page.getByLabel("Message to Jarvis").fill(text);
      await page.getByRole("button", { name: "Send message" }).click();
      await expect.poll(() => reply.count(), { timeout: 20_000 }).toBe(before + 1);
      await expect.poll(() => reply.last().getAttribute("aria-busy"), { timeout: 20_000 }).toBe("false");
    }
    expect(await reply.first().textContent()).toMatch(/online/);
    expect(await page.locator('jarvis-chat-view [role="alert"], jarvis-chat-view .error').count()).toBe(0);
    const turns = sent.map((f) => JSON.parse(f) as { type: string; conversation_id?: string }).filter((f) => f.type === "jarvis/conversation/process");
    expect(turns).toHaveLength(2);
    expect(turns[0]!.conversation_id).toBeUndefined();
    expect(turns[1]!.conversation_id).toMatch(/.+/);
  });

  it("stops a VM from its menu only after the approval dialog, and shows it stopped", async () => {
    const { page } = await dashboard("admin");
    const row = guest(page, 102);
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 20_000 }).toBe("running");
    await row.getByRole("button", { name: /Actions for VM 102/ }).click();
    const stop = row.locator('button[data-action="stop"]');
    await expect.poll(() => stop.textContent()).toContain("ORANGE");
    await stop.click();
    const dialog = page.locator("jarvis-approval-dialog dialog[open]");
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.textContent()).toContain("VM 102");
    expect(lab.proxmox.cluster.guests.get(102)!.status).toBe("running");
    await screenshot(page, "ha-chain-approval");
    await dialog.getByRole("button", { name: /^Approve/ }).click();
    await expect.poll(() => lab.proxmox.cluster.guests.get(102)!.status, { timeout: 20_000 }).toBe("stopped");
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 30_000 }).toBe("stopped");
  });

  it("opens a terminal for an admin on the real sshd", async () => {
    const { page } = await dashboard("admin");
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.getByRole("button", { name: /Open shell on pve1/ }).click({ timeout: 20_000 });
    const rows = page.locator("jarvis-terminal-view .xterm-rows");
    await expect.poll(async () => ((await rows.textContent()) ?? "").trimEnd(), { timeout: 20_000 }).toMatch(/[#$]$/);
    await page.locator("jarvis-terminal-view .xterm-screen").click();
    await page.keyboard.type("echo chain-$((6*7))\n");
    await expect.poll(() => rows.textContent(), { timeout: 15_000 }).toContain("chain-42");
    await page.getByRole("button", { name: "Close session" }).click();
  });

  it("shows a plain user no terminal, and refuses a terminal/open they relay by hand", async () => {
    const { page } = await dashboard("user");
    await expect.poll(() => page.getByRole("tab").allTextContents(), { timeout: 15_000 }).not.toContain("Terminal");
    const refused = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const { connection } = (window as unknown as { harness: { connection: any } }).harness;
          connection
            .subscribeMessage(() => undefined, { type: "jarvis/terminal/open", node: "pve1", cols: 80, rows: 24 }, { resubscribe: false })
            .then(() => resolve("opened"), (err: unknown) => resolve(err));
        }),
    );
    expect(refused).toMatchObject({ code: "forbidden" });
  });

  it("answers jarvis.ask, jarvis.run_tool and jarvis.approve with their response data", async () => {
    const { page } = await dashboard("admin");
    const call = (service: string, service_data: Record<string, unknown>) =>
      haCommand(page, { type: "call_service", domain: "jarvis", service, service_data, return_response: true });
    const asked = await call("ask", { text: "how is the cluster" });
    expect(asked.error).toBeUndefined();
    expect(asked.result.response.speech).toMatch(/online/);
    expect(asked.result.response.conversation_id).toMatch(/.+/);

    const status = await call("run_tool", { name: "get_cluster_status", arguments: {} });
    expect(status.result.response.status).toBe("ok");

    const held = await call("run_tool", { name: "stop_container", arguments: { vmid: 104 } });
    expect(held.result.response.status).toBe("approval_required");
    expect(lab.proxmox.cluster.guests.get(104)!.status).toBe("running");
    const approved = await call("approve", { action_id: held.result.response.actionId });
    expect(approved.error).toBeUndefined();
    expect(approved.result.response, JSON.stringify(approved.result.response)).toMatchObject({ status: "ok" });
    await expect.poll(() => lab.proxmox.cluster.guests.get(104)!.status, { timeout: 20_000 }).toBe("stopped");
  });

  it("streams a conversation turn into HA's chat log, ending with one assistant message equal to the reply", async () => {
    const { page } = await dashboard("admin");
    const turn = await haCommand(page, { type: "conversation/process", text: "how is the cluster", agent_id: "conversation.jarvis", language: "en" });
    expect(turn.error).toBeUndefined();
    const speech: string = turn.result.response.speech.plain.speech;
    expect(speech).toMatch(/online/);
    const log = await haCommand(page, { type: "test_double/chat_log", conversation_id: turn.result.conversation_id });
    const content = log.result.content as { role: string; content?: string; tool_calls?: { tool_name: string }[] }[];
    // The fast path's call and its result (as an external tool call), then the reply.
    expect(content.map((c) => c.role)).toEqual(["system", "user", "assistant", "tool_result", "assistant"]);
    expect(content[2]!.tool_calls?.map((t) => t.tool_name)).toEqual(["get_cluster_status"]);
    expect(content[4]!.content).toBe(speech);
  });
});
