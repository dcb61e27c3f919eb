// Precision before recall: what in a request means it must not be carried out as said. A question about
// whether or why ("should I restart ...", "why did ... stop"), a negation ("don't ..."), a hypothetical ("what
// if ..."), a how-to question, or something for later ("tomorrow", "in ten minutes", "when I get home") is
// never acted on by the fast path; it goes to a model, or with none gets an honest answer. Negation alone
// does not stop a read ("which vms are not running").

export type CautionKind = "negation" | "reasoning" | "hypothetical" | "howto" | "later" | "timed" | "exception";

export interface Caution {
  kind: CautionKind;
  /** The words that raised it. */
  words: string;
}

const DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|weekends|weekday|weekdays";
const SPAN = "second|seconds|sec|secs|minute|minutes|min|mins|hour|hours|hr|hrs|day|days|week|weeks|month|months";

const RULES: [CautionKind, RegExp][] = [
  ["howto", /\b(how (do|can|could|should|would|does|did) (i|you|we|one|it)|how to|teach me|explain|walk me through|instructions|tutorial|steps to|best way|what does .+ mean|show me how|help me (with|to|figure|understand|fix|set))\b/],
  ["reasoning", /\b(why|should (i|we|you)|shall (i|we)|is it (safe|ok|okay|wise|a good idea|bad|smart)|do (i|we) need|would you recommend|recommend|what (caused|happened|went wrong)|compare|analy[sz]e|diagnose|troubleshoot|investigate|figure out|debug|fix|optimi[sz]e|summari[sz]e|write|draft|plan|may (i|we)|am i allowed|what would happen)\b/],
  ["hypothetical", /\b(if|unless|suppose|supposing|imagine|pretend|hypothetically|in case|let us say|what if|would it|would that|what happens)\b/],
  [
    "later",
    new RegExp(
      [
        `tomorrow|tonight|later|afterwards|soon|eventually|schedule|scheduled|remind|reminder|timer|alarm|until|till|whenever|as soon as`,
        `next (week|month|time|${DAYS})|in (a|an|1|2|3|4|5|6|7|8|9|10|15|20|30|45|60|90|\\d+|a few|few|a couple|a couple of|couple|half an?) (${SPAN}|moment|bit|while|sec)`,
        `in (a|an) (${SPAN}|moment|bit|while)|in half an hour|for (\\d+|a|an|a few|a couple of) (${SPAN})|after (\\d+ )?(${SPAN})`,
        `after (sunset|sunrise|dark|dinner|lunch)|when (i|we|you|someone|somebody|anyone|it|he|she|they|the)|once (i|we|it|the)|before (i|we|bed|bedtime)|after (i|we)`,
      ]
        .map((p) => `(${p})`)
        .join("|")
        .replace(/^(.*)$/, "\\b($1)\\b"),
    ),
  ],
  [
    // A time of day or a repeat: for a change it is a schedule; for a question it may well be the past.
    "timed",
    new RegExp(
      [
        `everyday|daily|nightly|weekly|hourly|every (day|night|morning|evening|afternoon|week|month|hour|minute|other|${DAYS})|each (day|night|morning|evening|week)`,
        `this (morning|afternoon|evening|weekend|week)|on (${DAYS})|in the (morning|evening|afternoon|night)`,
        `at ([01]?\\d|2[0-4])( [0-5]\\d)?\\b(?! (percent|degrees|degree))( ?(am|pm|o clock|oclock|h))?|at (noon|midnight|sunset|sunrise|dawn|dusk|night|bedtime)`,
      ]
        .map((p) => `(${p})`)
        .join("|")
        .replace(/^(.*)$/, "\\b($1)\\b"),
    ),
  ],
  ["negation", /\b(not|never|no|nothing|nobody|none|cancel|nevermind|never mind|stop asking|forget it|forget about|neither|nor)\b/],
  ["exception", /\b(except|but|other than|apart from|besides|excluding|instead of|rather than|only if)\b/],
];

/** Every caution the tokens raise, in the order above. */
export function cautions(words: readonly string[]): Caution[] {
  const text = ` ${words.join(" ")} `;
  const out: Caution[] = [];
  for (const [kind, pattern] of RULES) {
    const m = pattern.exec(text);
    if (m) out.push({ kind, words: m[0].trim() });
  }
  return out;
}

/** Whether a read may still answer despite these cautions: negations, exceptions and times of day leave it alone. */
export const readAllowed = (found: readonly Caution[]) => found.every((c) => c.kind === "negation" || c.kind === "exception" || c.kind === "timed");
