CREATE INDEX `ballots_created_idx` ON `ballots` (`created_at`);--> statement-breakpoint
CREATE INDEX `supports_created_idx` ON `supports` (`created_at`,`idea_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_day_idx` ON `survey_responses` (`day`);--> statement-breakpoint
CREATE INDEX `users_role_created_idx` ON `users` (`role`,`created_at`,`district_id`);