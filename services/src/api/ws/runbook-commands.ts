// The runbooks from the card and HA: what is on, with its limits, and the runs under way; and the household
// switch, which an admin may flip (off stops everything Jarvis does on its own at once).
import { z } from "zod";
import type { RunbookOptions } from "../../config/index.js";
import type { RunbookRunsRepo } from "../../store/runbook-runs.js";
import type { HouseholdSwitch } from "../../runbooks/switch.js";
import type { RunbookDef, RunbookId } from "../../runbooks/types.js";
import { ApiError } from "../errors.js";
import { actorOf, command, isAdmin, relayedUser, type CommandTable } from "./command.js";

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export function runbookCommands(deps: {
  switch: HouseholdSwitch;
  options: readonly RunbookOptions[];
  catalog: Readonly<Record<RunbookId, RunbookDef>>;
  runs: Pick<RunbookRunsRepo, "unfinished">;
}): CommandTable {
  const status = () => ({
    enabled: deps.switch.enabled,
    configured: deps.switch.configured,
    runbooks: deps.options.map((o) => ({
      id: o.id,
      title: deps.catalog[o.id].title,
      max_per_hour: o.maxPerHour,
      targets: o.targets,
      quiet_hours: o.quietHours ? `${hhmm(o.quietHours.from)}-${hhmm(o.quietHours.to)}` : null,
    })),
    open: deps.runs.unfinished().map((r) => ({
      run_id: r.id,
      runbook: r.runbook,
      subject: r.subject,
      status: r.status,
      action_id: r.actionId,
      not_before: r.notBefore?.toISOString() ?? null,
      since: r.createdAt.toISOString(),
    })),
  });
  return {
    "runbooks/status": command({ schema: z.object({}), handle: status }),
    "runbooks/switch": command({
      schema: z.object({ enabled: z.boolean(), user: relayedUser.optional() }),
      handle(session, msg) {
        if (!isAdmin(session.principal, msg.user)) throw new ApiError("forbidden", "only a Home Assistant admin can switch the runbooks");
        if (!deps.switch.set(msg.enabled, actorOf(session.principal, msg.user))) {
          throw new ApiError("forbidden", "runbooks are off in the add-on's options (runbooks_enabled): switch them on there");
        }
        return status();
      },
    }),
  };
}
