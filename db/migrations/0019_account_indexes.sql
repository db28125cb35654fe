CREATE INDEX `ballots_user_idx` ON `ballots` (`user_id`);--> statement-breakpoint
CREATE INDEX `comments_author_idx` ON `comments` (`author_id`);--> statement-breakpoint
CREATE INDEX `idea_events_actor_idx` ON `idea_events` (`actor_id`);--> statement-breakpoint
CREATE INDEX `outbox_recipient_idx` ON `outbox` (`recipient`);--> statement-breakpoint
CREATE INDEX `survey_respondents_who_idx` ON `survey_respondents` (`who`);--> statement-breakpoint
CREATE INDEX `survey_responses_user_idx` ON `survey_responses` (`user_id`);