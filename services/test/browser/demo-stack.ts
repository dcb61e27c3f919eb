// The demo as a newcomer meets it, for browser tests: the add-on in demo mode (emulated cluster, home and
// cameras; no language model), its page behind HA ingress, and the card on a dashboard of the HA double
// (the integration in front of the add-on), with one Chromium. One stack per test file; each page gets a
// context of its own, closed after the test.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startHomeLab, type HomeLab } from "../emulators/home-lab.js";
import { startTestJarvis, tempDir, type TestJarvis } from "../helpers/jarvis.js";
import { chainMissing, openDashboard, startHaChain, type HaChain, type Who } from "../ha-chain/chain.js";
import { buildCard, haveChromium, launchChromium } from "./browser.js";
import { applyHaTheme, type Mode } from "./ha-theme.js";
import { spokenWav } from "./mic.js";
import { startProxy, type FrontProxy } from "./proxy.js";

const INTEGRATION_TOKEN = "demo-stack-integration-token-0123456789abcdef";

/** Why these tests cannot run here (a note for the log), or undefined when they can. */
export const demoStackMissing = !haveChromium ? "/usr/bin/chromium is not installed (apt-get install chromium)" : chainMissing;

export interface DemoStack {
  lab(): HomeLab;
  jarvis(): TestJarvis;
  /** The add-on's page through HA ingress, in the browser's light or dark scheme. */
  ingressPage(scheme?: "light" | "dark"): Promise<Page>;
  /** The add-on's page opened on its own port, outside HA. */
  directPage(scheme?: "light" | "dark"): Promise<Page>;
  /** Any page on 127.0.0.1 (another server's), in this stack's browser. */
  openPage(url: string, scheme?: "light" | "dark"): Promise<Page>;
  /** A dashboard with `config`'s card, as `who` sees it under HA's `theme`. */
  cardPage(opts?: { who?: Who; config?: Record<string, unknown>; theme?: Mode }): Promise<Page>;
}

/** `said`: what the fake microphone says, over and over (espeak-ng); silence without it. */
export function useDemoStack(opts: { said?: string } = {}): DemoStack {
  let lab: HomeLab;
  let jarvis: TestJarvis;
  let ha: HaChain;
  let ingress: FrontProxy;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [lab] = await Promise.all([startHomeLab({ taskMs: 200 }), buildCard()]);
    jarvis = await startTestJarvis({ ...lab.env, INTEGRATION_TOKEN }, { demo: true });
    [ha, ingress, browser] = await Promise.all([
      startHaChain({ url: jarvis.url, integrationToken: INTEGRATION_TOKEN }),
      startProxy(jarvis.port, { ingress: true }),
      launchChromium(opts.said ? await spokenWav(tempDir("jarvis-said-"), opts.said) : "/dev/null"),
    ]);
  }, 120_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await ingress?.close();
    await ha?.stop();
    await jarvis?.stop();
    await lab?.close();
  });

  const context = async (width: number, colorScheme: "light" | "dark") => {
    const c = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    contexts.push(c);
    return c;
  };
  const open = async (url: string, scheme: "light" | "dark") => {
    const page = await (await context(1100, scheme)).newPage();
    await page.goto(url);
    return page;
  };
  return {
    lab: () => lab,
    jarvis: () => jarvis,
    ingressPage: (scheme = "light") => open(ingress.url, scheme),
    directPage: (scheme = "light") => open(`${jarvis.url}/`, scheme),
    openPage: (url, scheme = "light") => open(url, scheme),
    async cardPage({ who = "admin", config = { type: "custom:jarvis-card", title: "Jarvis" }, theme = "light" } = {}) {
      const page = await openDashboard(await context(900, "light"), ha.page(who, String(config.type).replace(/^custom:/, ""), config));
      await applyHaTheme(page, theme);
      return page;
    },
  };
}
