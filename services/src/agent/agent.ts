// One turn: a person's message in, a streamed reply out. In order: actions the message approves run; the fast
// path answers plain requests without a model; otherwise the router picks a model and the tool loop runs,
// every tool call through the registry, every tool_use answered by a tool_result (held calls answer
// "awaiting approval"), so the stored history is always valid for the next turn.
import { randomUUID } from "node:crypto";
import type { Logger } from "../log.js";
import type { Store } from "../store/db.js";
import type { ApprovalWords } from "../tools/approval-words.js";
import { inputJsonSchema } from "../tools/format.js";
import { modelText, shownResult, type ToolOutcome } from "../tools/outcome.js";
import type { CallContext, ToolRegistry } from "../tools/registry.js";
import { estimateTokens, fitToBudget, repairToolPairs } from "./context.js";
import type { CostLedger } from "./costs.js";
import type { FastPath } from "./fastpath/fastpath.js";
import { recall, RECALL_BUDGET, rememberExplicit } from "./memory.js";
import { howToApprove } from "./approval-prompt.js";
import { STABLE_PROMPT, volatilePrompt } from "./prompt.js";
import { redactedEvents, redacting } from "./redaction.js";
import { ProviderUnavailable, type ChatMessage, type ContentBlock, type LlmProvider, type ProviderTool } from "./providers/types.js";
import { claudeLimit, route, type RouteDecision } from "./router.js";
import type { ConversationSummarizer } from "./summary.js";

export interface TurnInput {
  text: string;
  conversationId?: string;
  channel: "ha" | "card" | "ingress" | "voice" | "wyoming" | "mcp";
  actor: string;
  /**
   * The person is an admin (an HA admin, an ingress user, a login with the add-on's password): they may approve
   * RED actions and anyone's. Unset: not an admin (voice satellites, Wyoming, automations).
   */
  admin?: boolean;
  /** The reply shows an Approve button under what it holds (the card): the reply then names that button. */
  approveButton?: boolean;
  personName?: string;
  language?: string;
  extraSystemPrompt?: string;
  signal?: AbortSignal;
}

export type TurnEvent =
  | { type: "route"; route: RouteDecision["route"] | "fastpath"; reason: string }
  | { type: "delta"; text: string }
  /** The model asked for tools and they are about to run (a voice reply may say "One moment." now). */
  | { type: "tool_start"; tools: string[] }
  /** A call decided: `call_id` and `args` when the model made it, `result` as a person may see it (HA's chat log). */
  | { type: "tool_call"; tool: string; tier: string; status: ToolOutcome["status"]; action_id?: string; call_id?: string; args?: unknown; result?: unknown }
  | { type: "approval_required"; action_id: string; tool: string; tier: string; summary: string; needs: "keyword" | "override"; expires_at: string };

export interface TurnResult {
  conversationId: string;
  speech: string;
  /** Jarvis asked something (an approval, a question): the person's next words belong to this turn. */
  continueConversation: boolean;
  route: RouteDecision["route"] | "fastpath";
  tools: { tool: string; tier: string; status: string }[];
  pendingActionIds: string[];
}

export interface AgentDeps {
  store: Store;
  registry: ToolRegistry;
  words: ApprovalWords;
  fastPath: FastPath | null;
  providers: { claude: LlmProvider | null; local: LlmProvider | null };
  costs: CostLedger;
  dailyCostLimit: number;
  callsPerMinute: number;
  log: Logger;
  /** Folds long conversations into a summary after their turns; none: history is only trimmed. */
  summarizer?: ConversationSummarizer;
  maxIterations?: number;
  maxTokens?: number;
  /** How many stored messages of a conversation are considered before trimming to the context window. */
  historyLimit?: number;
  now?: () => Date;
}

const NO_MODEL = "I can only handle simple commands right now: no language model is configured.";

const HANDOVER = "Claude stopped answering, so my local model takes over.";

function unreachableSpeech(err: ProviderUnavailable): string {
  const who = err.provider === "anthropic" ? "Claude" : "the local model";
  const why = err.status ? ` (it answered ${err.status})` : "";
  return `I can't reach ${who} right now${why}, so I can only handle simple commands. Try again in a moment.`;
}

/** What approved actions did, each named as it was held ("Done: Stop VM 102 (docker-host)."), said without a model. */
function approvedSpeech(outcomes: ToolOutcome[]): string {
  return outcomes
    .map((o) => {
      const name = o.summary ?? o.tool.replaceAll("_", " ");
      if (o.status === "ok") return `Done: ${name}.`;
      if (o.status === "error") return `${name} failed: ${o.error}.`;
      return `${name} did not run: ${o.status === "refused" ? o.reason : "it needs another approval"}.`;
    })
    .join(" ");
}

/** A call as a person may see it beside the reply, without the approval words (tool output is outside text). */
function shownCall(words: ApprovalWords, o: ToolOutcome, call?: { id: string; input: unknown }): { call_id?: string; args?: unknown; result: unknown } {
  const clean = (value: unknown): unknown => {
    const text = JSON.stringify(value ?? null);
    const redacted = words.redact(text);
    if (redacted === text) return value ?? null;
    try {
      return JSON.parse(redacted);
    } catch {
      return redacted;
    }
  };
  return { ...(call ? { call_id: call.id, args: clean(call.input) } : {}), result: clean(shownResult(o)) };
}

export class Agent {
  /** The registry never changes after start, so its JSON schemas are built once. */
  private toolsForModel: ProviderTool[] | null = null;
  private toolTokens: number | undefined;
  /** The models, reached only through redaction: no request carries the approval words. */
  private readonly providers: { claude: LlmProvider | null; local: LlmProvider | null };

  constructor(private readonly deps: AgentDeps) {
    this.providers = { claude: redacting(deps.providers.claude, deps.words), local: redacting(deps.providers.local, deps.words) };
  }

  async turn(input: TurnInput, emit: (event: TurnEvent) => void = () => {}): Promise<TurnResult> {
    const conversationId = input.conversationId || randomUUID();
    // Whatever is streamed (the model's words, Jarvis's own, names of things from outside) is shown and
    // spoken without the approval words: a loudspeaker saying them would approve through a satellite.
    const events = redactedEvents(this.deps.words, emit);
    try {
      return await this.run(conversationId, input, events.emit);
    } finally {
      events.flush();
      this.deps.summarizer?.schedule(conversationId);
    }
  }

  /** Stops background work (a summary being made); the store stays open. */
  close(): Promise<void> {
    return this.deps.summarizer?.close() ?? Promise.resolve();
  }

  private async run(conversationId: string, input: TurnInput, emit: (event: TurnEvent) => void): Promise<TurnResult> {
    const { store, words, log } = this.deps;
    const conversation = store.conversations.ensure(conversationId, input.channel, input.actor);
    const extraSystemPrompt = this.extraSystemPrompt(conversationId, conversation.extraSystemPrompt, input.extraSystemPrompt);
    const messageAt = this.deps.now?.() ?? new Date();
    const signal = input.signal ?? new AbortController().signal;
    const ctx: CallContext & { conversationId: string; personMessage: string } = {
      actor: input.actor,
      ...(input.personName ? { actorName: input.personName } : {}),
      channel: "agent",
      conversationId,
      personMessage: input.text,
      messageAt,
      admin: input.admin === true,
      signal,
    };
    const tools: TurnResult["tools"] = [];
    const pending = new Set<string>();
    const announced = new Set<string>();
    const waiting: string[] = [];
    const needs = new Set<"keyword" | "override">();
    /** Tells the caller about a call the moment it is decided (parallel calls finish in any order). */
    const announce = (o: ToolOutcome, call?: { id: string; input: unknown }) => {
      emit({ type: "tool_call", tool: o.tool, tier: o.tier, status: o.status, ...(o.status === "approval_required" ? { action_id: o.actionId } : {}), ...shownCall(words, o, call) });
      if (o.status === "approval_required" && !announced.has(o.actionId)) {
        announced.add(o.actionId);
        emit({ type: "approval_required", action_id: o.actionId, tool: o.tool, tier: o.tier, summary: o.summary, needs: o.needs, expires_at: o.expiresAt });
      }
    };
    /** Records a call in the turn's result, in the order the model made the calls. */
    const keep = (o: ToolOutcome) => {
      tools.push({ tool: o.tool, tier: o.tier, status: o.status });
      if (o.status === "approval_required" && !pending.has(o.actionId)) {
        pending.add(o.actionId);
        needs.add(o.needs);
        waiting.push(`${o.summary}${o.needs === "override" ? " (needs the override key)" : ""}`);
      }
    };
    const note = (o: ToolOutcome) => {
      announce(o);
      keep(o);
    };

    // The approval words never reach the model or the stored history.
    const shown = words.redact(input.text);
    const approved = await this.deps.registry.approveFromMessage(ctx);
    approved.forEach(note);

    const userBlocks: ContentBlock[] = [{ type: "text", text: shown }];
    for (const o of approved) {
      userBlocks.push({
        type: "text",
        text: o.status === "refused" ? `[The person's approval of ${o.tool} was refused: ${o.reason}]` : `[Approved by the person and run: ${o.tool} -> ${modelText(o)}]`,
      });
    }

    const fast = approved.length === 0 && this.deps.fastPath ? await this.deps.fastPath.handle(input.text, ctx) : null;
    /** Said after a reply that holds actions: how this person approves them, here. */
    const how = () => howToApprove(needs, { approveButton: input.approveButton === true, admin: ctx.admin === true });
    if (fast) {
      fast.outcomes.forEach(note);
      const speech = needs.size > 0 ? `${fast.speech} ${how()}` : fast.speech;
      emit({ type: "route", route: "fastpath", reason: `matched "${fast.match.intent}"` });
      emit({ type: "delta", text: speech });
      this.save(conversationId, { role: "user", content: userBlocks });
      this.save(conversationId, { role: "assistant", content: [{ type: "text", text: speech }] }, "fastpath");
      return this.result(conversationId, speech, "fastpath", tools, pending);
    }
    // A note the fast path did not already take ("I prefer ...") is stored without asking the model.
    const remembered = rememberExplicit(store.memories, shown, input.personName ?? input.actor, conversationId);

    const history = this.history(conversationId, conversation.summarizedThrough ?? 0);
    const decision = this.route(shown, history, approved.length > 0);
    emit({ type: "route", route: decision.route, reason: decision.reason });
    log.info({ conversationId, route: decision.route, reason: decision.reason, features: decision.features }, "turn routed");
    this.save(conversationId, { role: "user", content: userBlocks });
    if (decision.route === "none") {
      // Without a model Jarvis can still say what it did: ran approved actions, or noted what it was told.
      const speech =
        approved.length > 0
          ? approvedSpeech(approved)
          : remembered
            ? `I'll remember that ${remembered.content}.`
            : ((await this.deps.fastPath?.withoutModel(input.text)) ?? NO_MODEL);
      emit({ type: "delta", text: speech });
      this.save(conversationId, { role: "assistant", content: [{ type: "text", text: speech }] });
      return this.result(conversationId, speech, "none", tools, pending);
    }

    let provider = (decision.route === "claude" ? this.providers.claude : this.providers.local)!;
    const messages: ChatMessage[] = [...history, { role: "user", content: userBlocks }];
    // Recalled within the budget of the model that reads it; made again if the turn moves to the other one.
    const systems = new Map<string, { stable: string; volatile: string }>();
    const systemFor = (p: LlmProvider) => {
      let system = systems.get(p.name);
      if (!system) {
        const memories = recall(store.memories, shown, p.name === "anthropic" ? RECALL_BUDGET.claude : RECALL_BUDGET.local);
        const volatile = volatilePrompt({ now: messageAt, language: input.language, personName: input.personName, memories, summary: conversation.summary, extra: extraSystemPrompt });
        systems.set(p.name, (system = { stable: STABLE_PROMPT, volatile }));
      }
      return system;
    };
    const maxIterations = this.deps.maxIterations ?? 10;
    let speech = "";
    /** Words of Jarvis's own after the model's: streamed, spoken and stored like the model's. */
    const sayOwn = (said: string) => {
      emit({ type: "delta", text: `${speech ? " " : ""}${said}` });
      speech = speech ? `${speech} ${said}` : said;
      this.save(conversationId, { role: "assistant", content: [{ type: "text", text: said }] });
    };

    for (let iteration = 1; iteration <= maxIterations && !signal.aborted; iteration++) {
      // The spend and the call rate are checked before every Claude call, not only when the turn starts.
      const limit = iteration > 1 && provider.name === "anthropic" ? this.claudeLimit() : null;
      if (limit) {
        const fallback = this.providers.local;
        log.info({ conversationId, reason: limit }, "Claude limit reached mid-turn");
        if (!fallback) {
          sayOwn(`I stopped here: ${limit}.`);
          break;
        }
        emit({ type: "route", route: "local", reason: `${limit}: continuing on the local model` });
        provider = fallback;
      }
      // On the last round the model must answer: tools stay listed (the cached prefix holds) but cannot be called.
      const offered = provider.supportsTools ? this.providerTools() : [];
      const system = systemFor(provider);
      let reply;
      let streamed = false;
      try {
        reply = await provider.run(
          {
            system,
            messages: this.fit(provider, messages, system, offered),
            tools: offered,
            mustAnswer: iteration === maxIterations,
            maxTokens: this.deps.maxTokens ?? 1024,
            signal,
          },
          (text) => {
            streamed = true;
            emit({ type: "delta", text });
          },
        );
      } catch (err) {
        const fallback = this.providers.local;
        if (err instanceof ProviderUnavailable && provider.name === "anthropic" && fallback) {
          log.warn({ status: err.status, err: err.message }, "Claude unavailable: continuing on the local model");
          emit({ type: "route", route: "local", reason: `Claude unavailable (${err.status ?? err.message}): falling back to the local model` });
          // Part of Claude's answer was already shown (or spoken): say why another answer follows it.
          if (streamed) emit({ type: "delta", text: ` ${HANDOVER} ` });
          provider = fallback;
          iteration--;
          continue;
        }
        if (signal.aborted) break;
        if (!(err instanceof ProviderUnavailable)) throw err;
        // No model left to ask: the person hears why, and the conversation stays usable.
        log.warn({ provider: err.provider, status: err.status, err: err.message }, "no language model reachable for this turn");
        sayOwn(unreachableSpeech(err));
        break;
      }
      this.deps.costs.record(provider.name, reply.model, reply.usage, conversationId);
      messages.push({ role: "assistant", content: reply.content });
      this.save(conversationId, { role: "assistant", content: reply.content }, provider.name, reply.model);
      speech = reply.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");

      const calls = reply.content.filter((b): b is Extract<ContentBlock, { type: "tool_use" }> => b.type === "tool_use");
      if (calls.length === 0) break;
      emit({ type: "tool_start", tools: calls.map((c) => c.name) });
      // Parallel calls run together; each gets its result, held ones included.
      const outcomes = await Promise.all(calls.map((c) => this.deps.registry.execute({ name: c.name, args: c.input }, ctx).then((o) => (announce(o, c), o))));
      outcomes.forEach(keep);
      const results: ContentBlock[] = outcomes.map((o, i) => ({
        type: "tool_result",
        tool_use_id: calls[i]!.id,
        content: modelText(o),
        ...(o.status === "error" || o.status === "refused" ? { is_error: true } : {}),
        ...(o.status === "ok" && o.images ? { images: o.images } : {}),
      }));
      messages.push({ role: "user", content: results });
      this.save(conversationId, { role: "user", content: results });
    }
    // The person approves what Jarvis says is waiting, not what the model chose to mention: every held
    // action is named by the server itself, so nothing slips in next to the one they asked for.
    if (waiting.length > 0) sayOwn(`Waiting for your approval: ${waiting.join("; ")}. ${how()}`);
    return this.result(conversationId, speech, provider.name === "anthropic" ? "claude" : "local", tools, pending);
  }

  /** The previous turn used tools, or this message approved some: the model that started it carries on. */
  private route(text: string, history: ChatMessage[], approvedNow: boolean): RouteDecision {
    const { providers } = this;
    const { costs } = this.deps;
    const turnStart = history.findLastIndex((m) => m.role === "user" && m.content.every((b) => b.type !== "tool_result"));
    const lastTurnUsedTools = history.slice(Math.max(0, turnStart)).some((m) => m.content.some((b) => b.type === "tool_use"));
    const previousMessage = history[turnStart]?.content.flatMap((b) => (b.type === "text" ? [b.text] : []))[0];
    return route(text, {
      claudeAvailable: providers.claude !== null,
      localAvailable: providers.local !== null,
      spentToday: costs.spentToday(),
      dailyLimit: this.deps.dailyCostLimit,
      callsLastMinute: costs.callsLastMinute(),
      callsPerMinute: this.deps.callsPerMinute,
      inToolThread: approvedNow || lastTurnUsedTools,
      previousMessage,
    });
  }

  /**
   * HA passes extra_system_prompt on a conversation's first turn only: a turn that carries one stores it (a
   * blank one forgets it), a turn without one uses what is stored.
   */
  private extraSystemPrompt(conversationId: string, stored: string | null, given: string | undefined): string | undefined {
    if (given === undefined) return stored ?? undefined;
    const prompt = given.trim() === "" ? null : given;
    if (prompt !== stored) this.deps.store.conversations.setExtraSystemPrompt(conversationId, prompt);
    return prompt ?? undefined;
  }

  private providerTools(): ProviderTool[] {
    this.toolsForModel ??= this.deps.registry.list().map((t) => ({ name: t.name, description: t.description, inputSchema: inputJsonSchema(t) }));
    return this.toolsForModel;
  }

  /**
   * The conversation so far, as stored after what its summary covers, starting at a turn boundary.
   * Back-to-back messages of one role (a turn cancelled before the model answered) are merged, as the APIs
   * expect roles to alternate.
   */
  private history(conversationId: string, summarizedThrough: number): ChatMessage[] {
    const rows = this.deps.store.conversations.messages(conversationId, summarizedThrough).slice(-(this.deps.historyLimit ?? 60));
    const merged: ChatMessage[] = [];
    for (const r of rows) {
      const m = { role: r.role as ChatMessage["role"], content: r.content as ContentBlock[] };
      const last = merged.at(-1);
      if (last?.role === m.role) last.content = [...last.content, ...m.content];
      else merged.push(m);
    }
    const start = merged.findIndex((m) => m.role === "user" && m.content.every((b) => b.type !== "tool_result"));
    return start < 0 ? [] : repairToolPairs(merged.slice(start));
  }

  private fit(provider: LlmProvider, messages: ChatMessage[], system: { stable: string; volatile: string }, tools: ProviderTool[]): ChatMessage[] {
    if (!Number.isFinite(provider.contextWindow)) return messages;
    // The tool list is sent with every request: its size, not a guess, is kept free. Schemas are dense JSON,
    // which tokenizers cut finer than prose: three characters a token rather than four.
    this.toolTokens ??= Math.ceil(JSON.stringify(this.providerTools()).length / 3);
    const reserved = estimateTokens(system.stable + system.volatile) + (this.deps.maxTokens ?? 1024) + (tools.length > 0 ? this.toolTokens : 0);
    return fitToBudget(messages, Math.max(256, provider.contextWindow - reserved));
  }

  private claudeLimit(): string | null {
    const { costs } = this.deps;
    return claudeLimit({ spentToday: costs.spentToday(), dailyLimit: this.deps.dailyCostLimit, callsLastMinute: costs.callsLastMinute(), callsPerMinute: this.deps.callsPerMinute });
  }

  private save(conversationId: string, message: ChatMessage, provider?: string, model?: string): void {
    this.deps.store.conversations.addMessage(conversationId, { role: message.role, content: message.content, provider, model });
  }

  /**
   * The turn's result. The actions held in this turn are the ones its reply named (the server names each
   * itself), so they, and no others, are what the person's next message can approve with a keyword.
   */
  private result(conversationId: string, speech: string, routeTaken: TurnResult["route"], tools: TurnResult["tools"], pending: Set<string>): TurnResult {
    this.deps.registry.offer(conversationId, [...pending]);
    return {
      conversationId,
      speech: this.deps.words.redact(speech),
      continueConversation: pending.size > 0 || /\?\s*$/.test(speech),
      route: routeTaken,
      tools,
      pendingActionIds: [...pending],
    };
  }
}
