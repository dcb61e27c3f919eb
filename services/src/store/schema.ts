// The SQLite schema. drizzle-kit generates migrations from this file (`npm run db:generate -w services`);
// the FTS5 index on memories is a hand-written migration because drizzle-kit does not model virtual tables.
import { sql } from "drizzle-orm";
import { check, index, integer, real, sqliteTable, text, uniqueIndex, type SQLiteColumn } from "drizzle-orm/sqlite-core";

export const EVENT_TYPES = ["alert", "action", "status", "metric"] as const;
export const SEVERITIES = ["info", "warning", "error", "critical"] as const;
export const EVENT_SOURCES = ["monitor", "user", "jarvis", "system"] as const;
export const MEMORY_KINDS = ["conversation", "episodic", "semantic", "preference"] as const;
export const MESSAGE_ROLES = ["user", "assistant", "system"] as const;
export const APPROVAL_STATUSES = ["pending", "approved", "denied", "expired", "executed", "failed"] as const;
/** Open: looking, acting, waiting (on a held action), deferred (quiet hours). The rest are how a run ended. */
export const RUNBOOK_RUN_STATUSES = [
  "looking",
  "acting",
  "waiting",
  "deferred",
  "done",
  "left_alone",
  "reported",
  "escalated",
  "declined",
  "expired",
  "failed",
  "interrupted",
] as const;

const now = sql`(CAST(unixepoch('subsecond') * 1000 AS INTEGER))`;
/** A CHECK that keeps an enum column honest even for writes that bypass the typed repos. */
const oneOf = (name: string, column: SQLiteColumn, values: readonly string[]) =>
  check(name, sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`);

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull().default(now);

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    type: text("type", { enum: EVENT_TYPES }).notNull(),
    severity: text("severity", { enum: SEVERITIES }).notNull().default("info"),
    source: text("source", { enum: EVENT_SOURCES }).notNull(),
    title: text("title").notNull(),
    message: text("message"),
    /** Cluster node or device the event is about, when there is one. */
    node: text("node"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    resolved: integer("resolved", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("events_created_at_idx").on(t.createdAt),
    index("events_type_idx").on(t.type, t.createdAt),
    oneOf("events_type_check", t.type, EVENT_TYPES),
    oneOf("events_severity_check", t.severity, SEVERITIES),
    oneOf("events_source_check", t.source, EVENT_SOURCES),
  ],
);

export const conversations = sqliteTable("conversations", {
  id: text("id").primaryKey(),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  title: text("title"),
  /** Where the conversation happens: ha, card, ingress, voice, mcp. */
  channel: text("channel").notNull(),
  /** The HA user (id) or "jarvis" for a password login. */
  userId: text("user_id"),
  /** What was said before summarizedThrough, kept so the model sees old turns without their full text. */
  summary: text("summary"),
  /** The id of the last message the summary covers; later messages are given to the model verbatim. */
  summarizedThrough: integer("summarized_through"),
  /** HA's extra_system_prompt: HA sends it on a conversation's first turn only, so later turns read it here. */
  extraSystemPrompt: text("extra_system_prompt"),
});

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    role: text("role", { enum: MESSAGE_ROLES }).notNull(),
    /** Provider-neutral content blocks (text, tool_use, tool_result) as JSON. */
    content: text("content", { mode: "json" }).notNull().$type<unknown>(),
    provider: text("provider"),
    model: text("model"),
  },
  (t) => [index("messages_conversation_idx").on(t.conversationId, t.id), oneOf("messages_role_check", t.role, MESSAGE_ROLES)],
);

export const clusterSnapshots = sqliteTable(
  "cluster_snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    data: text("data", { mode: "json" }).notNull().$type<unknown>(),
  },
  (t) => [index("cluster_snapshots_created_at_idx").on(t.createdAt)],
);

export const preferences = sqliteTable("preferences", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull().$type<unknown>(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
});

export const memories = sqliteTable(
  "memories",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    kind: text("kind", { enum: MEMORY_KINDS }).notNull(),
    content: text("content").notNull(),
    /** Space-separated words that help recall (names of guests, rooms, people). */
    tags: text("tags").notNull().default(""),
    /** 0..1: how much it matters when the prompt budget is tight. */
    importance: real("importance").notNull().default(0.5),
    source: text("source").notNull().default("jarvis"),
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    lastAccessedAt: integer("last_accessed_at", { mode: "timestamp_ms" }),
    accessCount: integer("access_count").notNull().default(0),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("memories_kind_idx").on(t.kind, t.createdAt),
    oneOf("memories_kind_check", t.kind, MEMORY_KINDS),
    check("memories_importance_check", sql`${t.importance} BETWEEN 0 AND 1`),
  ],
);

export const costLedger = sqliteTable(
  "cost_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    cacheReadTokens: integer("cache_read_tokens").notNull().default(0),
    cacheWriteTokens: integer("cache_write_tokens").notNull().default(0),
    costUsd: real("cost_usd").notNull(),
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
  },
  (t) => [index("cost_ledger_created_at_idx").on(t.createdAt)],
);

export const approvals = sqliteTable(
  "approvals",
  {
    id: text("id").primaryKey(),
    createdAt: createdAt(),
    tool: text("tool").notNull(),
    args: text("args", { mode: "json" }).notNull().$type<unknown>(),
    /** Hash of tool + exact arguments: approval runs this call and no other. */
    argsHash: text("args_hash").notNull(),
    tier: text("tier").notNull(),
    status: text("status", { enum: APPROVAL_STATUSES }).notNull().default("pending"),
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    requestedBy: text("requested_by"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    decidedBy: text("decided_by"),
    result: text("result", { mode: "json" }).$type<unknown>(),
    /**
     * Named in Jarvis's latest reply in its conversation: only these can the person's next message approve
     * with the approval keyword (set when a reply ends, cleared when the next message arrives).
     */
    offered: integer("offered", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("approvals_status_idx").on(t.status, t.expiresAt), oneOf("approvals_status_check", t.status, APPROVAL_STATUSES)],
);

/**
 * One run of a runbook on one subject ("guest/101", "node/pve2"): what set it off, what it found, decided and
 * did, step by step, written before each step runs so a restart neither repeats an action nor forgets a held
 * one. At most one open run per runbook and subject. Times come from the engine's clock.
 */
export const runbookRuns = sqliteTable(
  "runbook_runs",
  {
    id: text("id").primaryKey(),
    runbook: text("runbook").notNull(),
    subject: text("subject").notNull(),
    status: text("status", { enum: RUNBOOK_RUN_STATUSES }).notNull(),
    trigger: text("trigger", { mode: "json" }).notNull().$type<unknown>(),
    state: text("state", { mode: "json" }).notNull().$type<unknown>(),
    /** The held (ORANGE) action the run waits on. */
    actionId: text("action_id"),
    /** A deferred run looks again from then on (the end of its quiet hours). */
    notBefore: integer("not_before", { mode: "timestamp_ms" }),
    /** When it first acted on its own: such runs count toward the runbook's hourly limit. */
    actedAt: integer("acted_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("runbook_runs_open_idx").on(t.runbook, t.subject).where(sql`${t.finishedAt} IS NULL`),
    index("runbook_runs_subject_idx").on(t.runbook, t.subject, t.createdAt),
    index("runbook_runs_created_idx").on(t.createdAt),
    oneOf("runbook_runs_status_check", t.status, RUNBOOK_RUN_STATUSES),
  ],
);

/** Index of the TTS disk cache: one WAV file per row; the least recently used rows go first past the cap. */
export const ttsCache = sqliteTable(
  "tts_cache",
  {
    /** hash(engine, voice, settings, text); also the file's base name. */
    key: text("key").primaryKey(),
    engine: text("engine").notNull(),
    voice: text("voice").notNull(),
    text: text("text").notNull(),
    /** File name inside the cache directory. */
    file: text("file").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }).notNull().default(now),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [index("tts_cache_last_used_idx").on(t.lastUsedAt)],
);
