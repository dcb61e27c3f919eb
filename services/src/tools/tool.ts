// A tool is declared once, here-shaped: name, category, description, zod input, tier, handler. Validation,
// the JSON schema the model sees, the MCP listing and the UI list all derive from this one record.
import type { z } from "zod";
import type { Tier } from "./tiers.js";

export const CATEGORIES = [
  "cluster",
  "lifecycle",
  "system",
  "files",
  "transfer",
  "projects",
  "voice",
  "smarthome",
  "web",
  "memory",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What tier functions may consult: household facts from config, never the model's say-so. */
export interface TierFacts {
  protectedGuests: ReadonlySet<number>;
  protectedServices: ReadonlySet<string>;
}

/** What a handler gets besides its arguments. */
export interface ToolRunContext {
  signal: AbortSignal;
  /** Who the call runs for (HA user id, "jarvis" for a password login, "mcp"). */
  actor: string;
  conversationId: string | undefined;
  /** Reports progress of a long action (a Proxmox task) to whoever watches the call. */
  progress: (update: Record<string, unknown>) => void;
  /** What the tier check established that the run must use (Assessment.pin). */
  pin?: unknown;
}

/** A tier check that found more than a tier (see ToolDef.raise). */
export interface Assessment {
  tier: Tier;
  /** Why the tier rose, in words: added to the approval summary, or the reason a BLACK call is refused. */
  why?: string;
  /**
   * What an approval is bound to besides the arguments (the home addresses a URL resolved to, the hash of a
   * file about to be replaced): a held call whose check finds something else when it comes to run, does not.
   */
  binding?: string;
  /** Handed to the handler as ctx.pin: what the run must act on, exactly as checked (the address to connect to). */
  pin?: unknown;
}

export interface ToolDef<S extends z.ZodObject = z.ZodObject> {
  name: string;
  category: Category;
  description: string;
  input: S;
  /** The tool's own tier; a household policy may replace it. */
  tier: Tier;
  /**
   * Raises the tier for particular arguments (a protected guest, a destructive command); never lowers it. It
   * may look things up (a URL's addresses, a file it would replace): it runs again right before an approved
   * call runs, and a throw makes the call an error.
   */
  raise?: (args: z.infer<S>, facts: TierFacts) => Tier | Assessment | Promise<Tier | Assessment>;
  /** Output comes from outside (web, files, command output, camera labels, HA state): mark it untrusted. */
  untrusted?: boolean;
  timeoutMs?: number;
  /** What the call will do, in words, for approval prompts ("Stop VM 101 on pve"). */
  summarize?: (args: z.infer<S>) => string;
  handler: (args: z.infer<S>, ctx: ToolRunContext) => Promise<unknown>;
}

/** Keeps the argument type of handler/raise tied to the input schema. */
export const defineTool = <S extends z.ZodObject>(def: ToolDef<S>): ToolDef => def as unknown as ToolDef;

export interface ToolImage {
  mediaType: "image/jpeg" | "image/png" | "image/webp";
  base64: string;
}

/** A handler's result that carries pictures (camera frames) beside its data; the model sees both. */
export class WithImages {
  constructor(
    readonly data: unknown,
    readonly images: ToolImage[],
  ) {}
}
