// subscribe_cluster: the cluster as the card draws it. The result carries the current view and the sparkline
// history; every change the monitor sees then streams as an event. All subscribers hang off the one monitor
// (nobody polls Proxmox for themselves), and each view is serialised once however many clients get it.
import { z } from "zod";
import type { ClusterMonitor } from "../../events/cluster-monitor.js";
import type { ClusterView } from "../../events/cluster-view.js";
import { ApiError } from "../errors.js";
import { command, JsonText, type CommandTable } from "./command.js";

const NOT_CONFIGURED = "Proxmox is not configured: set PVE_NODES, PVE_TOKEN_ID and PVE_TOKEN_SECRET (proxmox_* options in the add-on)";

export function clusterCommands(monitor: ClusterMonitor | null, now: () => number = Date.now): CommandTable {
  // One serialisation per view, shared by every subscriber; the views themselves are the keys, so a view
  // nobody holds any more takes its text with it.
  const serialised = new WeakMap<ClusterView, JsonText>();
  const eventOf = (snapshot: ClusterView) => {
    let text = serialised.get(snapshot);
    if (!text) serialised.set(snapshot, (text = new JsonText(JSON.stringify({ type: "cluster", snapshot }))));
    return text;
  };

  return {
    subscribe_cluster: command({
      schema: z.object({ history_minutes: z.int().min(1).max(180).default(30) }),
      async handle(session, msg, id) {
        if (!monitor) throw new ApiError("not_found", NOT_CONFIGURED);
        let snapshot: ClusterView;
        try {
          snapshot = await monitor.current();
        } catch (err) {
          throw new ApiError("internal_error", `no cluster data yet: Proxmox did not answer (${(err as Error).message})`);
        }
        session.addSubscription(id, monitor.subscribe((view) => session.sendEvent(id, eventOf(view))));
        return { snapshot, history: monitor.historySince(now() - msg.history_minutes * 60_000) };
      },
    }),
  };
}
