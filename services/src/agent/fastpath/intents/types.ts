// What an intent is: the words that make it (any order, every word of the request accounted for), the slots
// it takes, and how it becomes tool calls through the registry, a question back, or a plain answer.
import type { ToolOutcome } from "../../../tools/outcome.js";
import type { Catalog, CatalogEntity, CatalogGuest } from "../catalog.js";
import type { Prep, Unit } from "../parse.js";
import type { Group } from "../resolve.js";

export type SlotNeed = "required" | "optional";

export interface Pattern {
  /** Each entry must be said: alternatives split by "|", a phrase's words by spaces ("turn on|switch on|activate"). */
  need?: readonly string[];
  /** Words that may be said as well. */
  may?: string;
  target?: SlotNeed;
  guest?: SlotNeed;
  node?: SlotNeed;
  storage?: SlotNeed;
  camera?: SlotNeed;
  number?: SlotNeed;
}

export interface Slots {
  /** The phrases that matched each `need`, in order. */
  said: string[];
  /** Optional words that were said. */
  also: Set<string>;
  /** HA targets, one group per "and"-separated part. */
  targets: Group[];
  guest?: { guests: CatalogGuest[]; text: string };
  node?: string;
  storage?: string;
  camera?: string;
  number?: { value: number; unit?: Unit; prep?: Prep };
  all: boolean;
  any: boolean;
}

export interface Call {
  tool: string;
  args: Record<string, unknown>;
}

/** What a turn remembers for the next one ("turn it off" after "turn on the porch light"). */
export interface Focus {
  entities?: CatalogEntity[];
  guest?: CatalogGuest;
}

export type Outcome =
  | { kind: "calls"; calls: Call[]; say: (results: ToolOutcome[]) => string; focus?: Focus }
  /** A short question back; `resume` carries on with what the person picks. */
  | { kind: "ask"; question: string; options: Choice[]; resume: (chosen: Choice[]) => Outcome }
  | { kind: "reply"; speech: string }
  /** The request was understood but cannot be done as said (an unknown name); the reason is for an honest answer. */
  | { kind: "none"; why: string };

export interface Choice {
  label: string;
  /** Words that pick this choice in an answer ("office", "ceiling"). */
  words: readonly string[];
  entity?: CatalogEntity;
  guest?: CatalogGuest;
  value?: string;
}

export interface Env {
  catalog: Catalog;
  /** What the conversation last acted on, if recent. */
  focus?: Focus;
  now: Date;
  /** A snapshot name taken out of the request before it was parsed ("... to before-upgrade"). */
  snapshotName?: string;
}

export interface Intent {
  id: string;
  /** Changes something (refused under any caution), rather than reads. */
  act: boolean;
  patterns: readonly Pattern[];
  build(slots: Slots, env: Env): Outcome | Promise<Outcome>;
}
