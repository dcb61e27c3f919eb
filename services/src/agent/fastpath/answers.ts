// Small helpers for the sentences the fast path answers with, and the one place an outcome that is not a
// plain success (held for approval, refused, failed) is put into words.
import type { ToolOutcome } from "../../tools/outcome.js";
import type { CatalogGuest } from "./catalog.js";

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const list = (items: readonly string[], and = "and") =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;

export const guestName = (g: { name?: string; vmid: number }) => (g.name ? `${g.name} (${g.vmid})` : `${g.vmid}`);

export const kindName = (g: Pick<CatalogGuest, "kind">) => (g.kind === "qemu" ? "VM" : "container");

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An outcome in words: `ok` says what happened; anything else says why it did not (yet). */
export function spoken<T>(outcome: ToolOutcome, ok: (data: T) => string): string {
  switch (outcome.status) {
    case "ok":
      // The shape is the tool's documented result; the caller names it.
      return ok(outcome.data as T);
    case "approval_required":
      // How to approve is said once, after the whole reply (approval-prompt.ts).
      return outcome.needs === "keyword" ? `${outcome.summary} needs your approval.` : `${outcome.summary} is destructive and needs the override key.`;
    case "refused":
      return `I can't do that: ${outcome.reason}.`;
    case "error":
      return `That didn't work: ${outcome.error}`;
  }
}
