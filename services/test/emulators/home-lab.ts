// A whole simulated home lab on 127.0.0.1: Proxmox cluster, Home Assistant, Frigate and SearXNG, plus the
// env that points Jarvis at them. The demo runs on it; so do tests that need Jarvis with everything on.
import { randomBytes } from "node:crypto";
import { startFrigateEmulator, type FrigateEmulator } from "./frigate/index.js";
import type { SeedHome } from "./homeassistant/homes/types.js";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "./homeassistant/index.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "./proxmox/index.js";
import { startSearxngEmulator } from "./searxng/index.js";

export interface HomeLab {
  proxmox: ProxmoxEmulator;
  homeAssistant: HomeAssistantEmulator;
  frigate: FrigateEmulator;
  searxng: Awaited<ReturnType<typeof startSearxngEmulator>>;
  /** Env settings that point Jarvis at every emulator. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** `home` replaces the demo's Home Assistant home with another one. */
export async function startHomeLab(opts: { taskMs?: number; home?: SeedHome } = {}): Promise<HomeLab> {
  const haToken = randomBytes(24).toString("hex");
  const [proxmox, homeAssistant, frigate, searxng] = await Promise.all([
    startProxmoxEmulator({ taskMs: opts.taskMs }),
    startHomeAssistantEmulator({ token: haToken, home: opts.home }),
    startFrigateEmulator(),
    startSearxngEmulator(),
  ]);
  return {
    proxmox,
    homeAssistant,
    frigate,
    searxng,
    env: {
      PVE_NODES: JSON.stringify(proxmox.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, fingerprint: proxmox.fingerprint }))),
      PVE_TOKEN_ID: proxmox.tokenId,
      PVE_TOKEN_SECRET: proxmox.tokenSecret,
      HOME_ASSISTANT_URL: homeAssistant.url,
      HOME_ASSISTANT_TOKEN: haToken,
      FRIGATE_URL: frigate.url,
      FRIGATE_ENTRY_CAMERAS: "front_door",
      SEARXNG_URL: searxng.url,
    },
    close: async () => {
      await Promise.allSettled([proxmox.close(), homeAssistant.close(), frigate.close(), searxng.close()]);
    },
  };
}
