CREATE TABLE `ballot_choices` (
	`ballot_id` integer NOT NULL,
	`option_id` integer NOT NULL,
	`rank` integer,
	`points` integer,
	PRIMARY KEY(`ballot_id`, `option_id`),
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`option_id`) REFERENCES `round_options`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ballot_choices_option_idx` ON `ballot_choices` (`option_id`);--> statement-breakpoint
CREATE TABLE `ballots` (
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
	CONSTRAINT "ballots_channel_check" CHECK(("ballots"."channel" = 'online' and "ballots"."user_id" is not null) or ("ballots"."channel" = 'paper' and "ballots"."entered_by" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_one_per_account_idx` ON `ballots` (`round_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `ballots_round_district_idx` ON `ballots` (`round_id`,`district_id`);--> statement-breakpoint
CREATE TABLE `round_options` (
	`id` integer PRIMARY KEY NOT NULL,
	`round_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`cost` integer,
	`goal_id` integer,
	`photo_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "round_options_cost_check" CHECK("round_options"."cost" is null or "round_options"."cost" >= 0)
);
--> statement-breakpoint
CREATE INDEX `round_options_round_idx` ON `round_options` (`round_id`,`position`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`method` text NOT NULL,
	`max_choices` integer,
	`points_total` integer,
	`points_per_option` integer,
	`budget` integer,
	`budget_rule` text,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`eligibility` text DEFAULT 'residents' NOT NULL,
	`eligible_districts` text,
	`results_shown` text DEFAULT 'after' NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "rounds_method_check" CHECK("rounds"."method" in ('approval', 'ranked', 'points', 'budget')),
	CONSTRAINT "rounds_period_check" CHECK("rounds"."closes_at" > "rounds"."opens_at")
);
--> statement-breakpoint
CREATE INDEX `rounds_open_idx` ON `rounds` (`published`,`closes_at`);