CREATE TABLE `measure_updates` (
	`id` integer PRIMARY KEY NOT NULL,
	`measure_id` integer NOT NULL,
	`author_id` integer,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`progress` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `measure_updates_measure_idx` ON `measure_updates` (`measure_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `measures` (
	`id` integer PRIMARY KEY NOT NULL,
	`goal_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`department` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`starts_on` text,
	`ends_on` text,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "measures_progress_check" CHECK("measures"."progress" between 0 and 100),
	CONSTRAINT "measures_status_check" CHECK("measures"."status" in ('planned', 'in_progress', 'done', 'paused', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `measures_goal_idx` ON `measures` (`goal_id`,`position`);--> statement-breakpoint
CREATE TABLE `plan_links` (
	`id` integer PRIMARY KEY NOT NULL,
	`goal_id` integer NOT NULL,
	`measure_id` integer,
	`kind` text NOT NULL,
	`target_id` integer NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "plan_links_kind_check" CHECK("plan_links"."kind" in ('idea', 'option', 'question'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_links_unique` ON `plan_links` (`kind`,`target_id`,`goal_id`,coalesce(`measure_id`, 0));--> statement-breakpoint
CREATE INDEX `plan_links_goal_idx` ON `plan_links` (`goal_id`);