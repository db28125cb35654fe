CREATE TABLE `round_option_ideas` (
	`option_id` integer NOT NULL,
	`idea_id` integer NOT NULL,
	PRIMARY KEY(`option_id`, `idea_id`),
	FOREIGN KEY (`option_id`) REFERENCES `round_options`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_option_ideas_idea_idx` ON `round_option_ideas` (`idea_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_ballots` (
	`id` integer PRIMARY KEY NOT NULL,
	`round_id` integer NOT NULL,
	`user_id` integer,
	`channel` text DEFAULT 'online' NOT NULL,
	`entered_by` integer,
	`district_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ballots_channel_check" CHECK("__new_ballots"."channel" = 'online' or ("__new_ballots"."channel" in ('paper', 'import') and "__new_ballots"."user_id" is null and "__new_ballots"."entered_by" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_ballots`("id", "round_id", "user_id", "channel", "entered_by", "district_id", "created_at", "updated_at") SELECT "id", "round_id", "user_id", "channel", "entered_by", "district_id", "created_at", "updated_at" FROM `ballots`;--> statement-breakpoint
DROP TABLE `ballots`;--> statement-breakpoint
ALTER TABLE `__new_ballots` RENAME TO `ballots`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_one_per_account_idx` ON `ballots` (`round_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `ballots_round_district_idx` ON `ballots` (`round_id`,`district_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `verified_at` integer;