CREATE TABLE `survey_answers` (
	`id` integer PRIMARY KEY NOT NULL,
	`response_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`option_id` integer,
	`row_id` integer,
	`num` real,
	`text` text,
	`published` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `survey_responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`option_id`) REFERENCES `survey_options`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`row_id`) REFERENCES `survey_options`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `survey_answers_question_idx` ON `survey_answers` (`question_id`,`option_id`,`row_id`,`num`);--> statement-breakpoint
CREATE INDEX `survey_answers_response_idx` ON `survey_answers` (`response_id`);--> statement-breakpoint
CREATE TABLE `survey_drafts` (
	`survey_id` integer NOT NULL,
	`who` text NOT NULL,
	`answers` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`survey_id`, `who`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `survey_options` (
	`id` integer PRIMARY KEY NOT NULL,
	`question_id` integer NOT NULL,
	`label` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `survey_options_question_idx` ON `survey_options` (`question_id`,`position`);--> statement-breakpoint
CREATE TABLE `survey_questions` (
	`id` integer PRIMARY KEY NOT NULL,
	`survey_id` integer NOT NULL,
	`section_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`type` text NOT NULL,
	`text` text NOT NULL,
	`help` text NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`settings` text NOT NULL,
	`condition` text,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`section_id`) REFERENCES `survey_sections`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "survey_questions_type_check" CHECK("survey_questions"."type" in ('single', 'multiple', 'dropdown', 'scale', 'short', 'long', 'number', 'date', 'ranking', 'matrix'))
);
--> statement-breakpoint
CREATE INDEX `survey_questions_section_idx` ON `survey_questions` (`section_id`,`position`);--> statement-breakpoint
CREATE TABLE `survey_respondents` (
	`survey_id` integer NOT NULL,
	`who` text NOT NULL,
	`day` text NOT NULL,
	PRIMARY KEY(`survey_id`, `who`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` integer PRIMARY KEY NOT NULL,
	`survey_id` integer NOT NULL,
	`user_id` integer,
	`channel` text DEFAULT 'online' NOT NULL,
	`entered_by` integer,
	`day` text NOT NULL,
	`submitted_at` integer,
	`age_band` text,
	`gender` text,
	`district_id` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "survey_responses_channel_check" CHECK("survey_responses"."channel" = 'online' or ("survey_responses"."channel" in ('paper', 'import') and "survey_responses"."entered_by" is not null))
);
--> statement-breakpoint
CREATE INDEX `survey_responses_survey_idx` ON `survey_responses` (`survey_id`,`day`);--> statement-breakpoint
CREATE TABLE `survey_sections` (
	`id` integer PRIMARY KEY NOT NULL,
	`survey_id` integer NOT NULL,
	`title` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `survey_sections_survey_idx` ON `survey_sections` (`survey_id`,`position`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`audience` text DEFAULT 'residents' NOT NULL,
	`anonymous` integer DEFAULT true NOT NULL,
	`one_per_person` integer DEFAULT true NOT NULL,
	`demographics` integer DEFAULT false NOT NULL,
	`public_crosstabs` integer DEFAULT false NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "surveys_period_check" CHECK("surveys"."closes_at" > "surveys"."opens_at")
);
--> statement-breakpoint
CREATE INDEX `surveys_open_idx` ON `surveys` (`published`,`closes_at`);