DROP INDEX `survey_answers_question_idx`;--> statement-breakpoint
CREATE INDEX `survey_answers_question_idx` ON `survey_answers` (`question_id`,`option_id`,`row_id`,`num`,`response_id`);