// Reading what the looks found: tools answer in plain JSON; these pick out what a runbook decides on, and say
// "unknown" (null) when a look failed, so a runbook that cannot see never acts blind.
import type { Finding, Findings } from "../types.js";

/** A look's answer as a list, or null when the look failed or answered something else. */
export function rows<T>(found: Findings, step: string): T[] | null {
  const f: Finding | undefined = found[step];
  return f?.ok && Array.isArray(f.data) ? (f.data as T[]) : null;
}

/** A look's answer as an object, or null. */
export function record<T>(found: Findings, step: string): T | null {
  const f = found[step];
  return f?.ok && f.data && typeof f.data === "object" && !Array.isArray(f.data) ? (f.data as T) : null;
}

/** Why a look has no answer, for the run's reasoning. */
export const failure = (found: Findings, step: string) => found[step]?.error ?? "no answer";

export interface GuestRow {
  type?: string;
  vmid: number;
  name?: string;
  node?: string;
  status?: string;
  template?: boolean;
  cpu_pct?: number;
  mem_used_gib?: number;
}

export const guestLabel = (g: Pick<GuestRow, "type" | "vmid" | "name">) =>
  `${g.type === "lxc" ? "Container" : "VM"} ${g.vmid}${g.name ? ` (${g.name})` : ""}`;

export const gib = (n: number) => `${Math.round(n * 10) / 10} GiB`;
