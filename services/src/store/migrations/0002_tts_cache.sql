CREATE TABLE `tts_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`engine` text NOT NULL,
	`voice` text NOT NULL,
	`text` text NOT NULL,
	`file` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsecond') * 1000 AS INTEGER)) NOT NULL,
	`last_used_at` integer DEFAULT (CAST(unixepoch('subsecond') * 1000 AS INTEGER)) NOT NULL,
	`hits` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tts_cache_last_used_idx` ON `tts_cache` (`last_used_at`);