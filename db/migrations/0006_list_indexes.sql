DROP INDEX `ideas_public_new_idx`;--> statement-breakpoint
DROP INDEX `ideas_public_supported_idx`;--> statement-breakpoint
DROP INDEX `ideas_public_discussed_idx`;--> statement-breakpoint
DROP INDEX `ideas_district_idx`;--> statement-breakpoint
DROP INDEX `ideas_goal_idx`;--> statement-breakpoint
ALTER TABLE `ideas` ADD `listed` integer GENERATED ALWAYS AS (hidden = 0 and status in ('published', 'under_review', 'accepted', 'not_feasible', 'not_municipal', 'in_progress', 'implemented')) VIRTUAL;--> statement-breakpoint
CREATE INDEX `ideas_listed_new_idx` ON `ideas` (`listed`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_supported_idx` ON `ideas` (`listed`,`supports_count`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_discussed_idx` ON `ideas` (`listed`,`comments_count`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_district_new_idx` ON `ideas` (`listed`,`district_id`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_district_supported_idx` ON `ideas` (`listed`,`district_id`,`supports_count`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_district_discussed_idx` ON `ideas` (`listed`,`district_id`,`comments_count`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_goal_new_idx` ON `ideas` (`listed`,`goal_id`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_goal_supported_idx` ON `ideas` (`listed`,`goal_id`,`supports_count`,`id`);--> statement-breakpoint
CREATE INDEX `ideas_listed_goal_discussed_idx` ON `ideas` (`listed`,`goal_id`,`comments_count`,`id`);