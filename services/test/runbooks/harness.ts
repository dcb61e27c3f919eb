// The runbooks on the real parts, against the Proxmox emulator: the client, the tool registry with the cluster,
// lifecycle, care and Wake-on-LAN tools (packets to the emulator's UDP port on 127.0.0.1), the cluster monitor
// and node watcher driven by hand, a store (in memory or a file, to restart on), and the engine on a clock the
// test moves. Home Assistant is a list of what it was told.
import { pino } from "pino";
import { afterEach, beforeEach } from "vitest";
import type { LlmProvider } from "../../src/agent/providers/types.js";
import { CostLedger } from "../../src/agent/costs.js";
import { ProxmoxClient } from "../../src/clients/proxmox/client.js";
import type { RunbookOptions } from "../../src/config/index.js";
import { ClusterMonitor } from "../../src/events/cluster-monitor.js";
import { NodeWatcher } from "../../src/events/node-watch.js";
import { Advisor } from "../../src/runbooks/advisor.js";
import { runbookEngine } from "../../src/runbooks/build.js";
import { Reporter } from "../../src/runbooks/report.js";
import { HouseholdSwitch } from "../../src/runbooks/switch.js";
import { Store } from "../../src/store/db.js";
import type { EventRow } from "../../src/store/events.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { clusterTools } from "../../src/tools/cluster.js";
import { clusterCareTools } from "../../src/tools/cluster-care.js";
import { lifecycleTools } from "../../src/tools/lifecycle.js";
import { Redactor } from "../../src/tools/redact.js";
import { ToolRegistry } from "../../src/tools/registry.js";
import type { Tier } from "../../src/tools/tiers.js";
import { wakeOnLanTools } from "../../src/tools/wake-on-lan.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";

export const log = pino({ level: "silent" });
export const KEYWORD = "JARVIS-EXECUTE";

export function client(emu: ProxmoxEmulator): ProxmoxClient {
  // No cache: each read sees the emulator as it is now.
  return new ProxmoxClient(emulatorClientConfig(emu), log, undefined, { resourcesTtlMs: 0, clusterStatusTtlMs: 0, taskPollMs: 10 });
}

/**
 * A fresh emulated cluster and client for each test: a task one test leaves on a guest would explain the next
 * test's stop. Hooks a test file registers after this one run before its teardown.
 */
export function freshCluster(opts: { taskMs?: number; bootMs?: number } = {}): { emu: ProxmoxEmulator; pve: ProxmoxClient } {
  const ctx = {} as { emu: ProxmoxEmulator; pve: ProxmoxClient };
  beforeEach(async () => {
    ctx.emu = await startProxmoxEmulator({ taskMs: 20, bootMs: 20, ...opts });
    ctx.pve = client(ctx.emu);
  });
  afterEach(async () => {
    await ctx.pve.close();
    await ctx.emu.close();
  });
  return ctx;
}

export interface RigOptions {
  runbooks: Partial<RunbookOptions>[] | RunbookOptions["id"][];
  policy?: Record<string, Tier>;
  /** A store file to reopen after a "restart" (default: in memory). */
  dbFile?: string;
  enabled?: boolean;
  /** Local time the test starts at. */
  at?: string;
  providers?: { claude: LlmProvider | null; local: LlmProvider | null };
  /** Wraps the registry's execute (to stall a call, as a Jarvis that stops mid-call would). */
  wrapExecute?: (execute: ToolRegistry["execute"]) => ToolRegistry["execute"];
}

export type Rig = Awaited<ReturnType<typeof rig>>;

export function rig(emu: ProxmoxEmulator, pve: ProxmoxClient, o: RigOptions) {
  const store = Store.open(o.dbFile ?? ":memory:");
  let clock = Date.parse(o.at ?? "2030-06-01T12:00:00");
  const now = () => clock;
  const nodes = emu.cluster.nodes.map((n) => ({ name: n.name, host: "127.0.0.1", port: 8006, ssh_port: 22, mac: n.mac }));
  const tools = [
    ...clusterTools(pve, nodes.map((n) => n.name)),
    ...lifecycleTools(pve),
    ...clusterCareTools(pve, nodes.map((n) => n.name)),
    ...wakeOnLanTools(nodes, { address: "127.0.0.1", port: emu.wolPort }),
  ];
  const words = new ApprovalWords(KEYWORD, "override-key-for-tests");
  const registry = new ToolRegistry(tools, {
    approvals: store.approvals,
    events: store.events,
    words,
    redactor: new Redactor([]),
    facts: { protectedGuests: new Set([100]), protectedServices: new Set(["pve-cluster", "corosync"]) },
    policy: o.policy,
    log,
  });
  if (o.wrapExecute) {
    const execute = registry.execute.bind(registry);
    registry.execute = o.wrapExecute(execute);
  }
  const told: { type: string; data: Record<string, unknown> }[] = [];
  // The ledger stamps rows with the real time, so it reads them by the real time too.
  const costs = new CostLedger(store.costs, {});
  const advisor = o.providers ? new Advisor({ providers: o.providers, costs, dailyCostLimit: 1, words, log }) : null;
  const reporter = new Reporter({
    events: store.events,
    announcer: { fire: async (type, data) => void told.push({ type, data }) },
    advisor,
    log,
  });
  const options: RunbookOptions[] = o.runbooks.map((r) =>
    typeof r === "string" ? { id: r, maxPerHour: 3, targets: [], quietHours: null } : { maxPerHour: 3, targets: [], quietHours: null, ...r } as RunbookOptions,
  );
  const household = new HouseholdSwitch(store.preferences, store.events, o.enabled ?? true);
  const engine = runbookEngine({ store, registry, reporter, options, household, log, now, tickMs: 3_600_000 });
  const monitor = new ClusterMonitor({ proxmox: pve, events: store.events, snapshots: null, temperatureIntervalMs: 0, actionWindowMs: 60_000 }, log);
  const watcher = new NodeWatcher({ proxmox: pve, events: store.events }, log);

  const fromRunbooks = (): EventRow[] => store.events.list({ source: "jarvis", limit: 500 }).filter((e) => e.data?.runbook).reverse();
  return {
    store,
    registry,
    engine,
    monitor,
    watcher,
    household,
    told,
    costs,
    /** Moves the test's clock. */
    advance(ms: number) {
      clock += ms;
    },
    now,
    /** The monitor reads the cluster (alerts go to the stream), then every run moves as far as it can. */
    async look(): Promise<void> {
      await monitor.refresh();
      await engine.idle();
    },
    async watch(): Promise<void> {
      await watcher.poll();
      await engine.idle();
    },
    async tick(): Promise<void> {
      engine.tick();
      await engine.idle();
    },
    /** Events the runbooks wrote, oldest first. */
    fromRunbooks,
    outcomes: () => fromRunbooks().map((e) => e.data!.outcome as string),
    /** Tool calls the runbooks made (the registry's records), oldest first. */
    calls: (tool?: string) =>
      store.events
        .list({ types: ["action"], source: "jarvis", limit: 500 })
        .filter((e) => String(e.data?.actor).startsWith("runbook:") && typeof e.data?.tool === "string" && (!tool || e.data.tool === tool))
        .reverse(),
    async close(): Promise<void> {
      await engine.close();
      await monitor.close();
      await watcher.close();
      store.close();
    },
  };
}

/** Waits until `check` holds, looking again every few ms (for what the emulator does on its own time). */
export async function until(check: () => boolean | Promise<boolean>, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}
