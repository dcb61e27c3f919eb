// The events that can set a runbook off, read from the event stream: alerts the cluster monitor and the node
// watcher raise, Proxmox's own notifications (pushed to the webhook), and people seen by the cameras. Anything
// Jarvis itself wrote (source jarvis) is never a trigger, so a runbook cannot set itself off.
import type { EventRow } from "../store/events.js";
import type { Trigger, TriggerKind } from "./types.js";

/** Condition kinds (data.kind) and what they set off. */
const KINDS: Readonly<Record<string, TriggerKind>> = {
  guest_stopped: "guest_stopped",
  node_offline: "node_offline",
  storage_full: "storage_full",
  temperature_high: "node_hot",
  cpu_high: "node_hot",
  service_failed: "service_failed",
  backup_failed: "backup_failed",
  node_fenced: "node_fenced",
  replication_failed: "replication_failed",
  updates_available: "updates_available",
};

const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : undefined);
const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);

function subjectOf(kind: TriggerKind, e: EventRow, d: Record<string, unknown>): string | null {
  const node = e.node ?? str(d.hostname);
  switch (kind) {
    case "guest_stopped":
      return num(d.vmid) === undefined ? null : `guest/${d.vmid}`;
    case "storage_full": {
      const storage = str(d.storage);
      return storage === undefined ? null : e.node ? `storage/${e.node}/${storage}` : `storage/${storage}`;
    }
    case "service_failed":
      return node && str(d.service) ? `service/${node}/${d.service}` : null;
    case "backup_failed":
      return node ? `backup/${node}` : null;
    case "replication_failed":
      return `replication/${str(d.job_id) ?? node ?? "cluster"}`;
    case "person_seen":
      return str(d.camera) ? `camera/${d.camera}` : null;
    default:
      return node ? `node/${node}` : null;
  }
}

/** The trigger an event is, or null when it is none (resolved, informational, or Jarvis's own). */
export function triggerOf(e: EventRow): Trigger | null {
  if (e.source === "jarvis" || e.type !== "alert" || e.resolved) return null;
  const d = e.data ?? {};
  const kind: TriggerKind | undefined = typeof d.kind === "string" ? KINDS[d.kind] : str(d.camera) && d.label === "person" ? "person_seen" : undefined;
  if (!kind) return null;
  const subject = subjectOf(kind, e, d);
  if (!subject) return null;
  const vmids = Array.isArray(d.vmids) ? d.vmids.filter((v): v is number => num(v) !== undefined) : [];
  return {
    kind,
    subject,
    // A camera alert's node is the camera: no cluster node.
    node: kind === "person_seen" ? null : (e.node ?? str(d.hostname) ?? null),
    vmid: num(d.vmid) ?? (vmids.length === 1 ? vmids[0] : undefined),
    storage: str(d.storage),
    service: str(d.service),
    upid: str(d.upid),
    eventId: e.id,
    title: e.title,
    at: e.createdAt.getTime(),
    data: d,
  };
}
