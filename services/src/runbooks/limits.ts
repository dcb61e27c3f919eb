// A runbook's limits, decided from its options and the engine's clock: which guests and nodes it may act on,
// and its quiet hours (local time; a span may cross midnight) with when they end.
import type { RunbookOptions } from "../config/index.js";
import type { Trigger } from "./types.js";

const DAY_MIN = 24 * 60;
const minuteOfDay = (d: Date) => d.getHours() * 60 + d.getMinutes();

/** Whether the runbook may take up this trigger: no targets means all; else its guest, node or storage is listed. */
export function targeted(opts: Pick<RunbookOptions, "targets">, t: Trigger): boolean {
  if (opts.targets.length === 0) return true;
  const names = [t.vmid === undefined ? undefined : String(t.vmid), t.node ?? undefined, t.storage].filter((n): n is string => n !== undefined);
  return names.some((n) => opts.targets.includes(n));
}

/** Whether `at` falls in the quiet hours [from, to). */
export function inQuietHours(q: RunbookOptions["quietHours"], at: Date): boolean {
  if (!q || q.from === q.to) return false;
  const m = minuteOfDay(at);
  return q.from < q.to ? m >= q.from && m < q.to : m >= q.from || m < q.to;
}

/** The first moment after `at` that is outside the quiet hours (at itself when it already is). */
export function quietHoursEnd(q: RunbookOptions["quietHours"], at: Date): Date {
  if (!q || !inQuietHours(q, at)) return at;
  const wait = (q.to - minuteOfDay(at) + DAY_MIN) % DAY_MIN;
  const end = new Date(at);
  end.setSeconds(0, 0);
  end.setMinutes(end.getMinutes() + wait);
  return end;
}

/** "07:00" for the minutes after midnight a moment falls on, local time. */
export const clock = (d: Date) => `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
