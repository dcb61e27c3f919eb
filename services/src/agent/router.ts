// Which model takes a turn, and why. Hard rules first (no key, spend limit, call rate); then a scored
// classifier over the message and the conversation so far decides whether the turn needs tools or
// reasoning (Claude) or is chit-chat (the local model). Every decision carries its reasons.
export type Route = "claude" | "local" | "none";

export interface RouteDecision {
  route: Route;
  reason: string;
  score: number;
  features: string[];
}

export interface RouterFacts {
  claudeAvailable: boolean;
  localAvailable: boolean;
  spentToday: number;
  dailyLimit: number;
  callsLastMinute: number;
  callsPerMinute: number;
  /** The previous assistant turn used tools or left an action pending: stay with the model that did. */
  inToolThread: boolean;
  /** The person's previous message in this conversation, if any: a follow-up inherits its weight. */
  previousMessage?: string;
}

interface Feature {
  name: string;
  weight: number;
  test: (text: string, words: string[], previous: string) => boolean;
}

const TOOL_WORDS =
  /\b(vms?|virtual machines?|containers?|lxc|nodes?|cluster|proxmox|pve\w*|storage|disks?|cpu|memory|ram|backups?|snapshots?|tasks?|services?|logs?|uptime|temperature|camera|cameras|door|doors|lights?|lamp|thermostat|heating|lock|locks|garage|frigate|home assistant|sensor|who is home|files?|folder|project|ssh|command|network|devices?|ip|search|web|remember|recall|forget)\b/;
const ACTION_WORDS =
  /\b(start|stop|restart|reboot|shut ?down|boot|turn|switch|set|dim|lock|unlock|check|show|list|find|look up|search|read|open|run|execute|install|update|upgrade|migrate|snapshot|roll ?back|delete|remove|copy|download|transfer|wake|scan|remember|forget)\b/;
const REASONING_WORDS =
  /\b(why|how do i|how can i|how should|explain|compare|analy[sz]e|diagnose|troubleshoot|investigate|figure out|plan|what if|should i|recommend|best way|difference between|debug|fix|optimi[sz]e|summari[sz]e|write|draft)\b/;
const CHITCHAT = /^(hi|hello|hey|yo|thanks|thank you|cheers|good (morning|afternoon|evening|night)|how are you|what'?s up|ok|okay|cool|nice|great|lol|haha)\b/;

const FEATURES: readonly Feature[] = [
  { name: "mentions home-lab things", weight: 2, test: (t) => TOOL_WORDS.test(t) },
  { name: "asks for an action", weight: 2, test: (t) => ACTION_WORDS.test(t) },
  { name: "needs reasoning", weight: 3, test: (t) => REASONING_WORDS.test(t) },
  { name: "names a guest id", weight: 2, test: (t) => /\b\d{3,9}\b/.test(t) },
  { name: "long request", weight: 1, test: (_t, w) => w.length > 25 },
  { name: "code or a log", weight: 2, test: (t) => /```|\b(error|exception|traceback|stack trace)\b/.test(t) },
  { name: "chit-chat", weight: -3, test: (t) => CHITCHAT.test(t) },
  { name: "short and plain", weight: -1, test: (t, w) => w.length <= 4 && !TOOL_WORDS.test(t) && !ACTION_WORDS.test(t) },
  // "And the other one?" after "why is VM 105 slow?" is about VM 105 too; "thanks" after it is not.
  { name: "follows up a request that needed tools", weight: 3, test: (t, _w, p) => p !== "" && !CHITCHAT.test(t) && ownScore(p) >= CLAUDE_THRESHOLD },
];

/** Score at or above which a turn goes to Claude. */
export const CLAUDE_THRESHOLD = 2;

/** The score of a message on its own (a follow-up's own words, or the message it follows). */
function ownScore(message: string): number {
  const text = message.toLowerCase();
  const words = text.split(/\s+/).filter(Boolean);
  return FEATURES.filter((f) => f.name !== FOLLOW_UP && f.test(text, words, "")).reduce((n, f) => n + f.weight, 0);
}

const FOLLOW_UP = "follows up a request that needed tools";

export function scoreMessage(message: string, previous = ""): { score: number; features: string[] } {
  const text = message.toLowerCase();
  const words = text.split(/\s+/).filter(Boolean);
  const hits = FEATURES.filter((f) => f.test(text, words, previous.toLowerCase()));
  return { score: hits.reduce((s, f) => s + f.weight, 0), features: hits.map((f) => `${f.name} (${f.weight > 0 ? "+" : ""}${f.weight})`) };
}

/** Why Claude may not take another call now (the day's spend or the call rate), or null. Checked before every call. */
export function claudeLimit(facts: Pick<RouterFacts, "spentToday" | "dailyLimit" | "callsLastMinute" | "callsPerMinute">): string | null {
  if (facts.spentToday >= facts.dailyLimit) {
    return `today's Claude spend $${facts.spentToday.toFixed(2)} reached the daily limit of $${facts.dailyLimit.toFixed(2)}`;
  }
  if (facts.callsLastMinute >= facts.callsPerMinute) return `${facts.callsLastMinute} Claude calls in the last minute reached the limit of ${facts.callsPerMinute}`;
  return null;
}

export function route(message: string, facts: RouterFacts): RouteDecision {
  const { score, features } = scoreMessage(message, facts.previousMessage);
  const decide = (r: Route, reason: string): RouteDecision => ({ route: r, reason, score, features });
  const fallback = (reason: string) => decide(facts.localAvailable ? "local" : "none", reason);

  if (!facts.claudeAvailable) return fallback("no Anthropic API key is configured");
  const limit = claudeLimit(facts);
  if (limit) return fallback(limit);
  if (facts.inToolThread) return decide("claude", "continuing a conversation that is using tools");
  if (score >= CLAUDE_THRESHOLD || !facts.localAvailable) {
    return decide("claude", score >= CLAUDE_THRESHOLD ? `needs tools or reasoning (score ${score})` : "no local model is configured");
  }
  return decide("local", `chit-chat (score ${score})`);
}
