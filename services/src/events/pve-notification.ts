// A notification from Proxmox VE's notification system (webhook target, PVE 8.3+) as an event. The body is
// whatever the target's template renders; the documented template (addon/DOCS.md) sends title, message,
// severity, timestamp and the metadata fields as JSON, and flat "type"/"hostname" are taken too. Backups,
// replication, fencing and package updates become events the runbooks can take up; anything else is kept as
// a status event, so nothing Proxmox says is lost.
import { z } from "zod";
import type { NewEvent } from "../store/events.js";

const text = (max: number) => z.string().max(max);
export const notificationBody = z.object({
  title: text(1_000).default(""),
  message: text(1_000_000).default(""),
  severity: text(20).optional(),
  timestamp: z.union([z.number(), text(40)]).optional(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  type: text(100).optional(),
  hostname: text(255).optional(),
});
export type NotificationBody = z.infer<typeof notificationBody>;

type Severity = NonNullable<NewEvent["severity"]>;
/** Proxmox's severities (info, notice, warning, error, unknown) as ours. */
const SEVERITY: Readonly<Record<string, Severity>> = { info: "info", notice: "info", warning: "warning", error: "error", unknown: "warning" };

/** Characters of Proxmox's message kept in the event (a backup's message carries every guest's log). */
const MESSAGE_CHARS = 8_000;
const DIGEST_LINES = 12;

const field = (b: NotificationBody, name: string): string | undefined => {
  const v = b.fields?.[name] ?? (b as Record<string, unknown>)[name];
  return v === undefined || v === null || v === "" ? undefined : String(v);
};

/** The guests a vzdump message says failed: "ERROR: Backup of VM 108 failed - ..." lines. */
export function failedGuests(message: string): number[] {
  return [...new Set([...message.matchAll(/ERROR: Backup of VM (\d+) failed/g)].map((m) => Number(m[1])))];
}

/** The lines worth reading first: errors, else the start of the message. */
function gist(message: string): string {
  const lines = message.split("\n").map((l) => l.trimEnd());
  const errors = lines.filter((l) => /\bERROR\b|\bfailed\b|error:/i.test(l));
  return (errors.length > 0 ? errors : lines.filter(Boolean)).slice(0, DIGEST_LINES).join("\n");
}

export function notificationEvent(b: NotificationBody): NewEvent {
  const type = field(b, "type");
  const host = field(b, "hostname") ?? null;
  const severity = SEVERITY[b.severity ?? "info"] ?? "warning";
  const on = host ? ` on ${host}` : "";
  const pve = { type: type ?? null, severity: b.severity ?? null, title: b.title, fields: b.fields ?? {}, timestamp: b.timestamp ?? null };
  const base = { source: "monitor" as const, node: host, message: [b.title, gist(b.message)].filter(Boolean).join("\n") };
  const data = (kind: string, extra: Record<string, unknown> = {}) => ({ kind, origin: "proxmox_notification", pve, message: b.message.slice(0, MESSAGE_CHARS), ...extra });
  const job = field(b, "job-id");

  switch (type) {
    case "vzdump": {
      if (severity !== "error") return { ...base, type: "status", severity: "info", title: `Backup finished${on}`, data: data("backup_finished", { job_id: job }) };
      const vmids = failedGuests(b.message);
      const which = vmids.length > 0 ? ` (guest${vmids.length > 1 ? "s" : ""} ${vmids.join(", ")})` : "";
      return { ...base, type: "alert", severity: "error", title: `Backup failed${on}${which}`, data: data("backup_failed", { job_id: job, vmids }) };
    }
    case "replication":
      return { ...base, type: "alert", severity: "error", title: `${job ? `Replication job ${job}` : "Replication"} failed${on}`, data: data("replication_failed", { job_id: job }) };
    case "fencing":
      return { ...base, type: "alert", severity: "critical", title: `Node ${host ?? "?"} was fenced`, data: data("node_fenced") };
    case "package-updates":
      // An alert (of severity info) so a runbook can take it up; nothing is wrong.
      return { ...base, type: "alert", severity: "info", title: `Updates available${on}`, data: data("updates_available") };
    case "system-mail":
      return { ...base, type: "status", severity: "warning", title: `Mail for root${on}: ${b.title}`, data: data("system_mail") };
    default:
      return { ...base, type: severity === "error" ? "alert" : "status", severity, title: `Proxmox${on}: ${b.title || "notification"}`, data: data("pve_notification") };
  }
}
