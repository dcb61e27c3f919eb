-- The conversation memory tier (7 days) changes the kind CHECK, so drizzle-kit rebuilds memories; dropping the
-- old table drops its FTS triggers, which are made again at the end (the index rows keep their rowids).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_memories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsecond') * 1000 AS INTEGER)) NOT NULL,
	`kind` text NOT NULL,
	`content` text NOT NULL,
	`tags` text DEFAULT '' NOT NULL,
	`importance` real DEFAULT 0.5 NOT NULL,
	`source` text DEFAULT 'jarvis' NOT NULL,
	`conversation_id` text,
	`last_accessed_at` integer,
	`access_count` integer DEFAULT 0 NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "memories_kind_check" CHECK("__new_memories"."kind" IN ('conversation', 'episodic', 'semantic', 'preference')),
	CONSTRAINT "memories_importance_check" CHECK("__new_memories"."importance" BETWEEN 0 AND 1)
);
--> statement-breakpoint
INSERT INTO `__new_memories`("id", "created_at", "kind", "content", "tags", "importance", "source", "conversation_id", "last_accessed_at", "access_count", "expires_at") SELECT "id", "created_at", "kind", "content", "tags", "importance", "source", "conversation_id", "last_accessed_at", "access_count", "expires_at" FROM `memories`;--> statement-breakpoint
DROP TABLE `memories`;--> statement-breakpoint
ALTER TABLE `__new_memories` RENAME TO `memories`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `memories_kind_idx` ON `memories` (`kind`,`created_at`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `summary` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `summarized_through` integer;--> statement-breakpoint
CREATE TRIGGER `memories_fts_insert` AFTER INSERT ON `memories` BEGIN
  INSERT INTO memories_fts(rowid, content, tags) VALUES (new.id, new.content, new.tags);
END;
--> statement-breakpoint
CREATE TRIGGER `memories_fts_delete` AFTER DELETE ON `memories` BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, content, tags) VALUES ('delete', old.id, old.content, old.tags);
END;
--> statement-breakpoint
CREATE TRIGGER `memories_fts_update` AFTER UPDATE OF content, tags ON `memories` BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, content, tags) VALUES ('delete', old.id, old.content, old.tags);
  INSERT INTO memories_fts(rowid, content, tags) VALUES (new.id, new.content, new.tags);
END;
