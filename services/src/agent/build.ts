// Builds the agent from config: the providers that are configured (each SDK imported only then), the fast path over the clients' caches,
// the cost ledger, the registry the tools run through and the summariser of long conversations.
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/db.js";
import type { ApprovalWords } from "../tools/approval-words.js";
import type { ToolRegistry } from "../tools/registry.js";
import { Agent } from "./agent.js";
import type { CostLedger } from "./costs.js";
import { FastPath } from "./fastpath/fastpath.js";
import type { Catalog } from "./fastpath/slots.js";
import { ConversationSummarizer } from "./summary.js";

export async function buildAgent(deps: {
  config: Config;
  store: Store;
  registry: ToolRegistry;
  catalog: Catalog;
  words: ApprovalWords;
  costs: CostLedger;
  log: Logger;
}): Promise<Agent> {
  const { config, store, registry, catalog, words, costs, log } = deps;
  const claude = config.anthropic ? new (await import("./providers/anthropic.js")).AnthropicProvider({ ...config.anthropic }) : null;
  const agentLog = log.child({ part: "agent" });
  const local = config.localLlm
    ? new (await import("./providers/openai.js")).OpenAICompatibleProvider({
        endpoint: config.localLlm.endpoint,
        model: config.localLlm.model,
        contextWindow: config.localLlm.contextWindow,
        supportsTools: config.localLlm.tools,
        log: agentLog,
      })
    : null;
  return new Agent({
    store,
    registry,
    words,
    fastPath: new FastPath(registry, catalog),
    providers: { claude, local },
    costs,
    dailyCostLimit: config.dailyCostLimit,
    callsPerMinute: config.llmCallsPerMinute,
    log: agentLog,
    summarizer: new ConversationSummarizer({ store, providers: { claude, local }, words, costs, dailyCostLimit: config.dailyCostLimit, log: agentLog }),
  });
}
