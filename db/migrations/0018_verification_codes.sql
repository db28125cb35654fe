CREATE TABLE `verification_codes` (
	`id` integer PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`batch` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verification_codes_hash_unique` ON `verification_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `verification_codes_batch_idx` ON `verification_codes` (`batch`);