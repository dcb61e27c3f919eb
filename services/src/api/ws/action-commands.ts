// Pending actions from the card and HA: list the tools with their tiers, approve or deny a held action by
// id. An approval here is an explicit act of the authenticated user and is recorded with that user. It follows
// the same rule as the approval keyword (ToolRegistry.approveById, mayApprove): the card's Approve button and
// the HA service jarvis.approve (which the integration relays with the HA user who called it, and is_admin as
// HA says) approve an action only for the person who asked for it or an HA admin, and a RED action only for
// an admin who also types the override key. Denying follows the same rule, without the key. The password
// login and ingress users are admins; the integration's own connection without a user (an automation) is not.
import { z } from "zod";
import type { ToolRegistry } from "../../tools/registry.js";
import { ApiError } from "../errors.js";
import { caller, channelOf, command, relayedUser, viaHa, type CommandTable } from "./command.js";

export function actionCommands(registry: ToolRegistry): CommandTable {
  return {
    "tools/list": command({
      schema: z.object({}),
      handle: () => ({
        tools: registry.list().map((t) => ({ name: t.name, category: t.category, description: t.description, tier: registry.baseTier(t) })),
      }),
    }),
    "action/approve": command({
      schema: z.object({ action_id: z.string().min(1).max(100), override_key: z.string().max(500).optional(), user: relayedUser.optional(), via: viaHa }),
      async handle(session, msg) {
        const approver = { ...caller(session.principal, msg.user), channel: channelOf(msg.via) };
        const outcome = await registry.approveById(msg.action_id, approver, msg.override_key);
        if (outcome.status === "not_pending") throw new ApiError("not_found", `no pending action ${msg.action_id} (decided, expired or unknown)`);
        return outcome;
      },
    }),
    "action/deny": command({
      schema: z.object({ action_id: z.string().min(1).max(100), user: relayedUser.optional() }),
      handle(session, msg) {
        const denied = registry.deny(msg.action_id, caller(session.principal, msg.user));
        if (denied === "not_pending") throw new ApiError("not_found", `no pending action ${msg.action_id}`);
        if (denied !== "denied") throw new ApiError("forbidden", denied.refused);
        return { denied: msg.action_id };
      },
    }),
  };
}
