CREATE TABLE `runbook_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`runbook` text NOT NULL,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`trigger` text NOT NULL,
	`state` text NOT NULL,
	`action_id` text,
	`not_before` integer,
	`acted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	CONSTRAINT "runbook_runs_status_check" CHECK("runbook_runs"."status" IN ('looking', 'acting', 'waiting', 'deferred', 'done', 'left_alone', 'reported', 'escalated', 'declined', 'expired', 'failed', 'interrupted'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runbook_runs_open_idx` ON `runbook_runs` (`runbook`,`subject`) WHERE "runbook_runs"."finished_at" IS NULL;--> statement-breakpoint
CREATE INDEX `runbook_runs_subject_idx` ON `runbook_runs` (`runbook`,`subject`,`created_at`);--> statement-breakpoint
CREATE INDEX `runbook_runs_created_idx` ON `runbook_runs` (`created_at`);