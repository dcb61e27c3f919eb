// WebSocket commands the HA integration calls for HA's own surfaces (the sensors, AI tasks): not relayed to
// the card, so they are not part of docs/relay-contract.md.
import { z } from "zod";
import { command, type CommandTable } from "../api/ws/command.js";
import type { ApprovalsRepo } from "../store/approvals.js";
import type { EventsRepo } from "../store/events.js";
import type { ToolRegistry } from "../tools/registry.js";
import { aiTaskRequest, type AiTasks } from "./ai-task.js";
import { pendingActions } from "./pending-actions.js";

export interface HaCommandDeps {
  events: Pick<EventsRepo, "list">;
  approvals: Pick<ApprovalsRepo, "get">;
  registry: Pick<ToolRegistry, "get">;
  aiTasks: Pick<AiTasks, "generate">;
}

export function haCommands(deps: HaCommandDeps): CommandTable {
  return {
    "approvals/pending": command({
      schema: z.object({}),
      handle: () => ({ actions: pendingActions(deps) }),
    }),
    "ai_task/generate_data": command({
      schema: aiTaskRequest,
      handle: (session, msg) => deps.aiTasks.generate(msg, session.signal),
    }),
  };
}
