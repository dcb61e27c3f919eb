// Opens the SQLite file (WAL, foreign keys on), applies the committed migrations and hands out the repos.
// Everything else reaches the database through those repos, never with raw SQL of its own.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";
import { ApprovalsRepo } from "./approvals.js";
import { ConversationsRepo } from "./conversations.js";
import { CostsRepo } from "./costs.js";
import { EventsRepo } from "./events.js";
import { MemoriesRepo } from "./memories.js";
import { PreferencesRepo } from "./preferences.js";
import { RunbookRunsRepo } from "./runbook-runs.js";
import { SnapshotsRepo } from "./snapshots.js";
import { TtsCacheRepo } from "./tts-cache.js";

export type Db = BetterSQLite3Database<typeof schema>;

// Beside this module in src/, copied beside the bundle in dist/ by the build.
const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations", import.meta.url));

export class Store {
  readonly events: EventsRepo;
  readonly memories: MemoriesRepo;
  readonly approvals: ApprovalsRepo;
  readonly conversations: ConversationsRepo;
  readonly costs: CostsRepo;
  readonly ttsCache: TtsCacheRepo;
  readonly snapshots: SnapshotsRepo;
  readonly preferences: PreferencesRepo;
  readonly runbookRuns: RunbookRunsRepo;

  private constructor(
    private readonly sqlite: Database.Database,
    readonly db: Db,
  ) {
    this.events = new EventsRepo(db);
    this.memories = new MemoriesRepo(db);
    this.approvals = new ApprovalsRepo(db);
    this.conversations = new ConversationsRepo(db);
    this.costs = new CostsRepo(db);
    this.ttsCache = new TtsCacheRepo(db);
    this.snapshots = new SnapshotsRepo(db);
    this.preferences = new PreferencesRepo(db);
    this.runbookRuns = new RunbookRunsRepo(db);
  }

  static open(file: string): Store {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    const sqlite = new Database(file);
    try {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = NORMAL");
      sqlite.pragma("foreign_keys = ON");
      sqlite.pragma("busy_timeout = 5000");
      const db = drizzle(sqlite, { schema });
      migrate(db, { migrationsFolder: MIGRATIONS_DIR });
      return new Store(sqlite, db);
    } catch (err) {
      sqlite.close();
      throw err;
    }
  }

  get open(): boolean {
    return this.sqlite.open;
  }

  /** Checkpoints the WAL into the main file and closes; safe to call twice. */
  close(): void {
    if (!this.sqlite.open) return;
    this.events.removeAllListeners();
    this.memories.flushAccess();
    this.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    this.sqlite.close();
  }
}
