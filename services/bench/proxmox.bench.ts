// Proxmox client: 50 concurrent cluster-status reads with the cache cleared before each round (single flight
// makes them one upstream request) and with it warm (no request). Baseline: one direct undici request to the
// same emulated node, the least a read can cost. The notes give the upstream requests each case made.
import { readFileSync } from "node:fs";
import { Pool } from "undici";
import { ProxmoxClient } from "../src/clients/proxmox/index.js";
import { createLogger } from "../src/log.js";
import { emulatorClientConfig } from "../test/emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../test/emulators/proxmox/index.js";
import type { Suite } from "./harness.js";

const CONCURRENT = 50;

interface Bench {
  emu: ProxmoxEmulator;
  client: ProxmoxClient;
  direct: Pool;
  authorization: string;
}

type CaseName = "baseline" | "cold" | "warm";

function summary(counts: number[]): string {
  const total = counts.reduce((a, b) => a + b, 0);
  return `${total} upstream requests over ${counts.length} calls (min ${Math.min(...counts)}, max ${Math.max(...counts)} per call)`;
}

export function createProxmoxSuite(): Suite {
  // Per case, the upstream cluster-status requests each timed call made.
  const upstream: Record<CaseName, number[]> = { baseline: [], cold: [], warm: [] };
  let bench: Bench | undefined;
  const ready = () => {
    if (!bench) throw new Error("proxmox bench: setup did not run");
    return bench;
  };
  const counted = async (which: CaseName, run: (b: Bench) => Promise<unknown>) => {
    const b = ready();
    const before = b.emu.count("GET", "/cluster/status");
    await run(b);
    upstream[which].push(b.emu.count("GET", "/cluster/status") - before);
  };
  const concurrentReads = (b: Bench) => Promise.all(Array.from({ length: CONCURRENT }, () => b.client.clusterStatus()));

  return {
    name: "proxmox",
    rounds: 40,
    async setup() {
      const emu = await startProxmoxEmulator({ nodes: 1 });
      const client = new ProxmoxClient(emulatorClientConfig(emu), createLogger({ level: "silent" }));
      const direct = new Pool(emu.url, { connect: { ca: readFileSync(emu.certFile) } });
      bench = { emu, client, direct, authorization: `PVEAPIToken=${emu.tokenId}=${emu.tokenSecret}` };
      for (const counts of Object.values(upstream)) counts.length = 0;
    },
    async teardown() {
      const b = ready();
      bench = undefined;
      await b.client.close();
      await b.direct.close();
      await b.emu.close();
    },
    baseline: {
      name: "one direct undici GET /cluster/status",
      run: () =>
        counted("baseline", async (b) => {
          const res = await b.direct.request({
            path: "/api2/json/cluster/status",
            method: "GET",
            headers: { authorization: b.authorization },
          });
          await res.body.json();
        }),
    },
    cases: [
      {
        name: `${CONCURRENT} concurrent cluster status, cold`,
        run: () =>
          counted("cold", (b) => {
            b.client.invalidateCache();
            return concurrentReads(b);
          }),
      },
      { name: `${CONCURRENT} concurrent cluster status, warm`, run: () => counted("warm", concurrentReads) },
    ],
    notes: () => [
      `baseline: ${summary(upstream.baseline)}`,
      `cold: ${summary(upstream.cold)}`,
      `warm: ${summary(upstream.warm)}`,
    ],
  };
}

export const proxmoxSuite: Suite = createProxmoxSuite();
