DROP INDEX `ideas_status_created_idx`;--> statement-breakpoint
CREATE INDEX `ideas_status_created_idx` ON `ideas` (`status`,`created_at`,`hidden`,`supports_count`,`district_id`,`goal_id`);