// status: what the ingress page's status view shows: version, demo mode, uptime, each integration's state
// and today's model spend against the daily limit.
import { z } from "zod";
import type { IntegrationStatus } from "../../status.js";
import { command, type CommandTable } from "./command.js";

export interface StatusDeps {
  status: Pick<IntegrationStatus, "snapshot">;
  /** Today's Anthropic spend in USD (the cost ledger). */
  spentToday: () => number;
  dailyLimitUsd: number;
  version: string;
  demo: boolean;
  startedAt: Date;
  now?: () => number;
}

const startOfDay = (ms: number) => {
  const day = new Date(ms);
  day.setHours(0, 0, 0, 0);
  return day;
};

/** Sub-cent precision is noise on a status page. */
const roundUsd = (usd: number) => Math.round(usd * 10_000) / 10_000;

export function statusCommands(deps: StatusDeps): CommandTable {
  const now = deps.now ?? Date.now;
  return {
    status: command({
      schema: z.object({}),
      handle: () => ({
        version: deps.version,
        demo: deps.demo,
        uptime_s: Math.floor((now() - deps.startedAt.getTime()) / 1000),
        integrations: deps.status.snapshot(),
        spend_today_usd: roundUsd(deps.spentToday()),
        daily_limit_usd: deps.dailyLimitUsd,
        // The ledger's day starts at local midnight (CostLedger.spentToday): HA's spend sensor resets then.
        spend_since: startOfDay(now()).toISOString(),
      }),
    }),
  };
}
