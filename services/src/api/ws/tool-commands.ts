// tool/run: the card's buttons (start a guest, take a snapshot) run a tool directly, through the registry and
// its tiers like any other caller: ORANGE and RED come back as approval_required, to be approved with
// action/approve. Progress of a long action (a Proxmox task) streams as events while it runs.
import { z } from "zod";
import type { ToolRegistry } from "../../tools/registry.js";
import { caller, channelOf, command, relayedUser, viaHa, type CommandTable } from "./command.js";

export function toolCommands(registry: Pick<ToolRegistry, "execute">): CommandTable {
  return {
    "tool/run": command({
      schema: z.object({
        name: z.string().min(1).max(100),
        args: z.record(z.string(), z.unknown()).default({}),
        user: relayedUser.optional(),
        via: viaHa,
      }),
      handle: (session, msg, id) =>
        registry.execute(
          { name: msg.name, args: msg.args },
          {
            ...caller(session.principal, msg.user),
            channel: channelOf(msg.via),
            signal: session.signal,
            onProgress: (tool, update) => session.sendEvent(id, { type: "progress", tool, update }),
          },
        ),
    }),
  };
}
