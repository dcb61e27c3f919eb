// Builds the runbooks from config: the household switch, the engine over the event stream, the advisor (when a
// model is configured), Home Assistant as the announcer, and the daily digest (when a time is set).
import type { CostLedger } from "../agent/costs.js";
import type { HomeAssistantClient } from "../clients/homeassistant/client.js";
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/db.js";
import type { ApprovalWords } from "../tools/approval-words.js";
import type { ToolRegistry } from "../tools/registry.js";
import { Advisor } from "./advisor.js";
import { CATALOG } from "./catalog/index.js";
import { Digest, type WaitingAction } from "./digest.js";
import { RunbookEngine } from "./engine.js";
import { Reporter } from "./report.js";
import { HouseholdSwitch } from "./switch.js";

export interface Runbooks {
  engine: RunbookEngine;
  switch: HouseholdSwitch;
  start(): void;
  close(): Promise<void>;
}

export async function buildRunbooks(deps: {
  config: Config;
  store: Store;
  registry: ToolRegistry;
  costs: CostLedger;
  words: ApprovalWords;
  ha: HomeAssistantClient | null;
  /** What waits for approval right now, for the digest. */
  pending: () => WaitingAction[];
  log: Logger;
  now?: () => number;
  tickMs?: number;
}): Promise<Runbooks> {
  const { config, store, registry, costs, words, ha } = deps;
  const log = deps.log.child({ part: "runbooks" });
  const now = deps.now ?? Date.now;
  const providers = {
    claude: config.anthropic ? new (await import("../agent/providers/anthropic.js")).AnthropicProvider({ ...config.anthropic }) : null,
    local: config.localLlm
      ? new (await import("../agent/providers/openai.js")).OpenAICompatibleProvider({ endpoint: config.localLlm.endpoint, model: config.localLlm.model, contextWindow: config.localLlm.contextWindow, supportsTools: false, log })
      : null,
  };
  const advisor = providers.claude || providers.local ? new Advisor({ providers, costs, dailyCostLimit: config.dailyCostLimit, words, log }) : null;
  const reporter = new Reporter({ events: store.events, announcer: ha ? { fire: (type, data) => ha.fireEvent(type, data) } : null, advisor, log });
  const household = new HouseholdSwitch(store.preferences, store.events, config.runbooks.enabled);
  const digestAt = config.runbooks.digestAt;
  const digest =
    digestAt === null
      ? null
      : new Digest({
          at: digestAt,
          events: store.events,
          runs: store.runbookRuns,
          prefs: store.preferences,
          pending: deps.pending,
          spentSince: (since) => store.costs.spentSince(since, "anthropic"),
          dailyCostLimit: config.dailyCostLimit,
          reporter,
          now,
        });
  const engine = runbookEngine({ store, registry, reporter, options: config.runbooks.on, household, log, now, tickMs: deps.tickMs, onTick: digest ? () => digest.maybeSend() : undefined });
  if (config.runbooks.on.length > 0) {
    log.info({ runbooks: config.runbooks.on.map((r) => r.id), switch: household.enabled ? "on" : "off" }, "runbooks are on");
  }
  return { engine, switch: household, start: () => engine.start(), close: () => engine.close() };
}

/** The engine over a store's runs, approvals and events, with the built-in runbooks. */
export function runbookEngine(parts: {
  store: Pick<Store, "runbookRuns" | "approvals" | "events">;
  registry: ToolRegistry;
  reporter: Reporter;
  options: Config["runbooks"]["on"];
  household: HouseholdSwitch;
  log: Logger;
  now: () => number;
  tickMs?: number;
  onTick?: () => void;
}): RunbookEngine {
  const { store, household, ...rest } = parts;
  return new RunbookEngine({ ...rest, runs: store.runbookRuns, approvals: store.approvals, events: store.events, catalog: CATALOG, switch: household });
}
