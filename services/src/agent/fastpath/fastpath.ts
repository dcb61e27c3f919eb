// The fast path: a plain request ("how is the cluster", "kitchen light off", "start vm 105") understood without
// a model and carried out through the same registry and tiers as the model's calls, answered in milliseconds.
// Anything it is not sure of (no match, two meanings, a question, a negation, something for later) is left to
// the model, or without one answered honestly (noModelAnswer). Two things named alike get a short question
// back; the answer to it, and "it" in the next request, are understood within the conversation.
import type { ToolOutcome } from "../../tools/outcome.js";
import type { CallContext, ToolRegistry } from "../../tools/registry.js";
import type { Catalog } from "./catalog.js";
import { readChoice } from "./choice.js";
import { matchFreeText } from "./freetext.js";
import { noModelAnswer } from "./help.js";
import { INTENTS } from "./intents/index.js";
import type { Call, Choice, Env, Focus, Intent, Outcome } from "./intents/types.js";
import { matchIntent } from "./match.js";
import { parse } from "./parse.js";
import { cautions, readAllowed, type Caution } from "./text/caution.js";
import { normalise } from "./text/normalise.js";
import { takeSnapshotName } from "./text/snapshot-name.js";
import { knownWords } from "./typos.js";
import { Vocabulary, type Snapshot } from "./vocabulary.js";

export type MatchResult =
  | { kind: "calls"; intent: string; calls: Call[]; say: (results: ToolOutcome[]) => string; focus?: Focus }
  | { kind: "ask"; intent: string; question: string; options: Choice[]; resume: (chosen: Choice[]) => Outcome }
  | { kind: "reply"; intent: string; speech: string }
  | { kind: "none"; reason: string; cautions: Caution[] };

export interface FastPathReply {
  speech: string;
  match: { intent: string; calls: Call[] };
  /** What each call did; empty when Jarvis asked a question back. */
  outcomes: ToolOutcome[];
}

const FOCUS_TTL_MS = 10 * 60_000;
const QUESTION_TTL_MS = 5 * 60_000;
const MAX_CONVERSATIONS = 1000;

interface Candidate {
  intent: string;
  act: boolean;
  /** How many of the intent's required words were said. */
  cues: number;
  outcome: Outcome;
}

interface Pending {
  intent: string;
  options: Choice[];
  resume: (chosen: Choice[]) => Outcome;
}

/** A per-conversation memory that forgets after a while and never grows without bound. */
class Recent<T> {
  private readonly items = new Map<string, { value: T; at: number }>();
  constructor(private readonly ttlMs: number) {}
  get(key: string | undefined, now: number): T | undefined {
    const item = key === undefined ? undefined : this.items.get(key);
    return item && now - item.at <= this.ttlMs ? item.value : undefined;
  }
  set(key: string | undefined, value: T, now: number): void {
    if (key === undefined) return;
    this.items.delete(key);
    this.items.set(key, { value, at: now });
    if (this.items.size > MAX_CONVERSATIONS) this.items.delete(this.items.keys().next().value!);
  }
  delete(key: string | undefined): void {
    if (key !== undefined) this.items.delete(key);
  }
}

export class FastPath {
  private vocab: { key: unknown[]; value: Vocabulary } | null = null;
  private readonly pending = new Recent<Pending>(QUESTION_TTL_MS);
  private readonly focus = new Recent<Focus>(FOCUS_TTL_MS);

  constructor(
    private readonly registry: ToolRegistry,
    private readonly catalog: Catalog,
    private readonly intents: readonly Intent[] = INTENTS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The vocabulary of what the catalog holds now; built again only when a list changed. */
  async vocabulary(): Promise<Vocabulary> {
    const c = this.catalog;
    const [entities, areas, guests, nodes, storages, cameras] = await Promise.all([c.entities(), c.areas(), c.guests(), c.nodes(), c.storages(), c.cameras()]);
    const key = [entities, areas, guests, nodes.join(","), storages, cameras.join(",")];
    if (!this.vocab || key.some((k, i) => k !== this.vocab!.key[i])) {
      const snapshot: Snapshot = { entities, areas, guests, nodes, storages, cameras };
      this.vocab = { key, value: new Vocabulary(snapshot, knownWords(this.intents)) };
    }
    return this.vocab.value;
  }

  /** What the utterance asks for, without running anything. `conversationId` brings in the conversation's context. */
  async match(utterance: string, conversationId?: string): Promise<MatchResult> {
    const now = this.now();
    const vocab = await this.vocabulary();
    const pending = this.pending.get(conversationId, now.getTime());
    if (pending) {
      this.pending.delete(conversationId);
      const choice = readChoice(normalise(utterance), pending.options);
      if (choice === "cancel") return { kind: "reply", intent: pending.intent, speech: "OK, I left it." };
      if (choice) return this.result(pending.intent, pending.resume(choice));
    }
    const free = await matchFreeText(utterance, this.catalog, vocab, (tool) => this.registry.get(tool) !== undefined);
    if (free) return this.result(free.intent, free.outcome);

    const { text, name } = takeSnapshotName(utterance);
    const words = normalise(text);
    const found = cautions(words);
    if (words.length === 0) return { kind: "none", reason: "nothing was said", cautions: found };
    const parsed = parse(words, vocab);
    const env: Env = { catalog: this.catalog, focus: this.focus.get(conversationId, now.getTime()), now, ...(name ? { snapshotName: name } : {}) };
    const results: Candidate[] = [];
    let heldBack = false;
    for (const intent of this.intents) {
      const slots = matchIntent(parsed, intent, vocab);
      if (!slots) continue;
      if (found.length > 0 && (intent.act || !readAllowed(found))) {
        heldBack = true;
        continue;
      }
      results.push({ intent: intent.id, act: intent.act, cues: slots.said.length, outcome: await intent.build(slots, env) });
    }
    return this.decide(results, found, heldBack);
  }

  /** Runs a match through the registry and answers it; null when the model (or the honest answer) should take over. */
  async handle(utterance: string, ctx: CallContext): Promise<FastPathReply | null> {
    const result = await this.match(utterance, ctx.conversationId);
    const now = this.now().getTime();
    switch (result.kind) {
      case "none":
        return null;
      case "reply":
        return { speech: result.speech, match: { intent: result.intent, calls: [] }, outcomes: [] };
      case "ask":
        this.pending.set(ctx.conversationId, { intent: result.intent, options: result.options, resume: result.resume }, now);
        return { speech: result.question, match: { intent: result.intent, calls: [] }, outcomes: [] };
      case "calls": {
        const outcomes: ToolOutcome[] = [];
        for (const call of result.calls) outcomes.push(await this.registry.execute({ name: call.tool, args: call.args }, { ...ctx, channel: "fastpath" }));
        if (result.focus) this.focus.set(ctx.conversationId, result.focus, now);
        return { speech: result.say(outcomes), match: { intent: result.intent, calls: result.calls }, outcomes };
      }
    }
  }

  /** The answer for a turn no model can take: what Jarvis can do, or why it did not act, and how to add a model. */
  async withoutModel(utterance: string): Promise<string> {
    const words = normalise(takeSnapshotName(utterance).text);
    const result = await this.match(utterance).catch(() => null);
    const why = result?.kind === "none" && !/^(no intent matches|nothing was said|held back)/.test(result.reason) ? result.reason : null;
    return noModelAnswer(this.catalog, words, cautions(words), why);
  }

  private result(intent: string, outcome: Outcome): MatchResult {
    switch (outcome.kind) {
      case "calls":
        return { kind: "calls", intent, calls: outcome.calls, say: outcome.say, ...(outcome.focus ? { focus: outcome.focus } : {}) };
      case "ask":
        return { kind: "ask", intent, question: outcome.question, options: outcome.options, resume: outcome.resume };
      case "reply":
        return { kind: "reply", intent, speech: outcome.speech };
      case "none":
        return { kind: "none", reason: outcome.why, cautions: [] };
    }
  }

  /**
   * One clear meaning acts; two different ones step aside, except that among questions the one said with more
   * of its own words wins ("what is running on pve1" lists guests rather than the node's status); a question
   * back only when nothing else fits.
   */
  private decide(results: Candidate[], found: Caution[], heldBack: boolean): MatchResult {
    const usable = results.filter(({ outcome: o }) => o.kind !== "calls" || o.calls.every((c) => this.registry.get(c.tool) !== undefined));
    const acting = usable.filter((r) => r.outcome.kind === "calls" || r.outcome.kind === "reply");
    const distinct = [...new Map(acting.map((r) => [JSON.stringify(r.outcome.kind === "calls" ? r.outcome.calls : r.intent), r])).values()];
    const best = Math.max(...distinct.map((r) => r.cues));
    const strongest = distinct.filter((r) => r.cues === best);
    const pick = distinct.length === 1 ? distinct[0] : distinct.every((r) => !r.act) && strongest.length === 1 ? strongest[0] : undefined;
    if (pick) return this.result(pick.intent, pick.outcome);
    if (distinct.length > 1) return { kind: "none", reason: `several meanings fit (${[...distinct.values()].map((r) => r.intent).join(", ")})`, cautions: found };
    const question = usable.find((r) => r.outcome.kind === "ask");
    if (question) return this.result(question.intent, question.outcome);
    const none = usable.find((r) => r.outcome.kind === "none");
    if (none && none.outcome.kind === "none") return { kind: "none", reason: none.outcome.why, cautions: found };
    return { kind: "none", reason: heldBack ? `held back: ${found.map((c) => c.kind).join(", ")}` : "no intent matches", cautions: found };
  }
}
