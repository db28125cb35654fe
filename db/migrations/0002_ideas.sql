CREATE TABLE `comments` (
	`id` integer PRIMARY KEY NOT NULL,
	`idea_id` integer NOT NULL,
	`author_id` integer,
	`parent_id` integer,
	`body` text NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`hidden_reason` text,
	`reports_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `comments_idea_idx` ON `comments` (`idea_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `idea_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`idea_id` integer NOT NULL,
	`actor_id` integer,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`reason_code` text,
	`answer` text,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_events_idea_idx` ON `idea_events` (`idea_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ideas` (
	`id` integer PRIMARY KEY NOT NULL,
	`author_id` integer,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`goal_id` integer NOT NULL,
	`district_id` integer NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`hidden_reason` text,
	`reject_reason` text,
	`duplicate_of` integer,
	`photo_id` integer,
	`supports_count` integer DEFAULT 0 NOT NULL,
	`comments_count` integer DEFAULT 0 NOT NULL,
	`reports_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`published_at` integer,
	`updated_at` integer,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ideas_public_new_idx` ON `ideas` (`hidden`,`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `ideas_public_supported_idx` ON `ideas` (`hidden`,`status`,`supports_count`);--> statement-breakpoint
CREATE INDEX `ideas_public_discussed_idx` ON `ideas` (`hidden`,`status`,`comments_count`);--> statement-breakpoint
CREATE INDEX `ideas_district_idx` ON `ideas` (`district_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `ideas_goal_idx` ON `ideas` (`goal_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `ideas_author_idx` ON `ideas` (`author_id`);--> statement-breakpoint
CREATE INDEX `ideas_status_created_idx` ON `ideas` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`idea_id` integer,
	`data` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `photos` (
	`id` integer PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`data` blob NOT NULL,
	`thumbnail` blob NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY NOT NULL,
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`reporter_id` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_once_idx` ON `reports` (`target_type`,`target_id`,`reporter_id`);--> statement-breakpoint
CREATE INDEX `reports_open_idx` ON `reports` (`resolved_at`,`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `supports` (
	`idea_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`idea_id`, `user_id`),
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `supports_user_idx` ON `supports` (`user_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `notify_by_email` integer DEFAULT true NOT NULL;