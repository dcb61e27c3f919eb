// The fast path: a plain request ("how is the cluster", "turn on the kitchen light", "start VM 105") matched
// locally to one tool call, run through the same registry and tiers as the model's calls, and answered from
// a template in milliseconds. Anything it is not sure of (no match, an unknown or ambiguous name, two
// intents at once) returns null and goes to the router.
import type { ToolOutcome } from "../../tools/outcome.js";
import type { CallContext, ToolRegistry } from "../../tools/registry.js";
import { INTENTS, type Intent, type SlotSpec } from "./intents.js";
import { resolveEntity, resolveGuest, resolveNode, resolveTemperature, type Catalog, type Resolution } from "./slots.js";
import { compileTemplate, matchTemplate, normalise } from "./template.js";

export interface FastPathMatch {
  intent: string;
  tool: string;
  args: Record<string, unknown>;
  slots: Record<string, unknown>;
}

export type MatchResult = { matched: FastPathMatch; answer: (data: unknown) => string } | { matched: null; reason: string };

export interface FastPathReply {
  speech: string;
  match: FastPathMatch;
  outcome: ToolOutcome;
}

async function resolveSlot(spec: SlotSpec | undefined, text: string, catalog: Catalog): Promise<Resolution<unknown>> {
  switch (spec?.kind) {
    case "entity":
      return resolveEntity(text, catalog, spec.domains);
    case "guest":
      return resolveGuest(text, catalog);
    case "node":
      return resolveNode(text, catalog);
    case "temperature":
      return resolveTemperature(text);
    case "percent": {
      const n = Number(text.replace(/\s*(percent|%)$/, ""));
      return Number.isInteger(n) && n >= 0 && n <= 100 ? { ok: true, value: n } : { ok: false, why: "unknown" };
    }
    default:
      return { ok: false, why: "unknown" };
  }
}

export class FastPath {
  private readonly compiled: { intent: Intent; patterns: RegExp[] }[];

  constructor(
    private readonly registry: ToolRegistry,
    private readonly catalog: Catalog,
    intents: readonly Intent[] = INTENTS,
  ) {
    this.compiled = intents.map((intent) => ({ intent, patterns: intent.templates.map(compileTemplate) }));
  }

  async match(utterance: string): Promise<MatchResult> {
    const text = normalise(utterance);
    const found: { intent: Intent; slots: Record<string, unknown> }[] = [];
    let ambiguous: string | null = null;
    for (const { intent, patterns } of this.compiled) {
      for (const pattern of patterns) {
        const raw = matchTemplate(pattern, text);
        if (!raw) continue;
        const slots = await this.resolveAll(intent, raw);
        if ("ambiguous" in slots) ambiguous = slots.ambiguous;
        else if (slots.resolved) {
          found.push({ intent, slots: slots.resolved });
          break;
        }
      }
    }
    const usable = found.filter((f) => this.registry.get(toolOf(f.intent, f.slots)));
    if (usable.length !== 1) {
      const reason = usable.length > 1 ? `several intents match (${usable.map((f) => f.intent.id).join(", ")})` : ambiguous ?? "no intent matches";
      return { matched: null, reason };
    }
    const { intent, slots } = usable[0]!;
    return {
      matched: { intent: intent.id, tool: toolOf(intent, slots), args: intent.args(slots), slots },
      answer: (data) => intent.answer(data, slots),
    };
  }

  /** Runs a confident match through the registry and answers it; null when the model should take over. */
  async handle(utterance: string, ctx: CallContext): Promise<FastPathReply | null> {
    const result = await this.match(utterance);
    if (!result.matched) return null;
    const outcome = await this.registry.execute({ name: result.matched.tool, args: result.matched.args }, { ...ctx, channel: "fastpath" });
    return { speech: speak(outcome, result.answer), match: result.matched, outcome };
  }

  private async resolveAll(intent: Intent, raw: Record<string, string>): Promise<{ resolved: Record<string, unknown> | null } | { ambiguous: string }> {
    const resolved: Record<string, unknown> = {};
    const wanted = [
      ...Object.entries(raw).map(([name, text]) => [name, intent.slots?.[name], text] as const),
      ...Object.entries(intent.implicit ?? {}).map(([name, spec]) => [name, spec, ""] as const),
    ];
    for (const [name, spec, text] of wanted) {
      const r = spec?.kind === "entity" && text === "" ? await this.onlyOne(spec.domains) : await resolveSlot(spec, text, this.catalog);
      if (!r.ok) return r.why === "ambiguous" ? { ambiguous: `"${text || name}" could mean more than one thing` } : { resolved: null };
      resolved[name] = r.value;
    }
    return { resolved };
  }

  private async onlyOne(domains: readonly string[]): Promise<Resolution<unknown>> {
    const all = (await this.catalog.entities()).filter((e) => domains.includes(e.domain));
    return all.length === 1 ? { ok: true, value: all[0] } : { ok: false, why: all.length === 0 ? "unknown" : "ambiguous" };
  }
}

const toolOf = (intent: Intent, slots: Record<string, unknown>) => (typeof intent.tool === "string" ? intent.tool : intent.tool(slots));

function speak(outcome: ToolOutcome, answer: (data: unknown) => string): string {
  switch (outcome.status) {
    case "ok":
      return answer(outcome.data);
    case "approval_required":
      return outcome.needs === "keyword"
        ? `${outcome.summary}: that needs your approval. Say the approval keyword to go ahead.`
        : `${outcome.summary}: that is destructive and needs the override key.`;
    case "refused":
      return `I can't do that: ${outcome.reason}.`;
    case "error":
      return `That didn't work: ${outcome.error}`;
  }
}
