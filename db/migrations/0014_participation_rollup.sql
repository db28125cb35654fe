CREATE TABLE `participation_clock` (
	`id` integer PRIMARY KEY NOT NULL,
	`offset_ms` integer
);
--> statement-breakpoint
CREATE TABLE `participation_days` (
	`series` text NOT NULL,
	`day` integer NOT NULL,
	`district` integer DEFAULT 0 NOT NULL,
	`goal` integer DEFAULT 0 NOT NULL,
	`channel` text DEFAULT '' NOT NULL,
	`age_band` text DEFAULT '' NOT NULL,
	`gender` text DEFAULT '' NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The counts are built by the app (app/models/participation.server.ts) on its first start with a
-- municipality; until then offset_ms is NULL and the triggers below do nothing.
INSERT INTO `participation_clock` (`id`, `offset_ms`) VALUES (1, NULL);
--> statement-breakpoint
CREATE TRIGGER `pd_ideas_insert` AFTER INSERT ON `ideas` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), coalesce(NEW.`goal_id`, 0), '', '', '', 1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_ideas_update` AFTER UPDATE OF `district_id`, `goal_id`, `created_at` ON `ideas` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), coalesce(OLD.`goal_id`, 0), '', '', '', -1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), coalesce(NEW.`goal_id`, 0), '', '', '', 1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(u.`district_id`, 0), coalesce(OLD.`goal_id`, 0), '', '', '', -count(*)
    FROM `supports` s JOIN `users` u ON u.`id` = s.`user_id` WHERE s.`idea_id` = OLD.`id` GROUP BY 2, 3 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), coalesce(OLD.`goal_id`, 0), '', '', '', -count(*)
    FROM `supports` s WHERE s.`idea_id` = OLD.`id` GROUP BY 2 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(u.`district_id`, 0), coalesce(NEW.`goal_id`, 0), '', '', '', count(*)
    FROM `supports` s JOIN `users` u ON u.`id` = s.`user_id` WHERE s.`idea_id` = NEW.`id` GROUP BY 2, 3 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), coalesce(NEW.`goal_id`, 0), '', '', '', count(*)
    FROM `supports` s WHERE s.`idea_id` = NEW.`id` GROUP BY 2 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_ideas_before_delete` BEFORE DELETE ON `ideas` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(u.`district_id`, 0), coalesce(OLD.`goal_id`, 0), '', '', '', -count(*)
    FROM `supports` s JOIN `users` u ON u.`id` = s.`user_id` WHERE s.`idea_id` = OLD.`id` GROUP BY 2, 3 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), coalesce(OLD.`goal_id`, 0), '', '', '', -count(*)
    FROM `supports` s WHERE s.`idea_id` = OLD.`id` GROUP BY 2 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_ideas_delete` AFTER DELETE ON `ideas` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), coalesce(OLD.`goal_id`, 0), '', '', '', -1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_supports_insert` AFTER INSERT ON `supports` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(u.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', 1
    FROM `ideas` i, `users` u WHERE i.`id` = NEW.`idea_id` AND u.`id` = NEW.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(i.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', 1
    FROM `ideas` i, `users` u WHERE i.`id` = NEW.`idea_id` AND u.`id` = NEW.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_supports_update` AFTER UPDATE OF `created_at`, `idea_id`, `user_id` ON `supports` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(u.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', -1
    FROM `ideas` i, `users` u WHERE i.`id` = OLD.`idea_id` AND u.`id` = OLD.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(i.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', -1
    FROM `ideas` i, `users` u WHERE i.`id` = OLD.`idea_id` AND u.`id` = OLD.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(u.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', 1
    FROM `ideas` i, `users` u WHERE i.`id` = NEW.`idea_id` AND u.`id` = NEW.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(i.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', 1
    FROM `ideas` i, `users` u WHERE i.`id` = NEW.`idea_id` AND u.`id` = NEW.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_supports_delete` AFTER DELETE ON `supports` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(u.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', -1
    FROM `ideas` i, `users` u WHERE i.`id` = OLD.`idea_id` AND u.`id` = OLD.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(i.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', -1
    FROM `ideas` i, `users` u WHERE i.`id` = OLD.`idea_id` AND u.`id` = OLD.`user_id` ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_users_insert` AFTER INSERT ON `users` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'account', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), 0, '', '', '', 1 WHERE NEW.`role` = 'resident' ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_users_update` AFTER UPDATE OF `role`, `district_id`, `created_at` ON `users` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'account', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), 0, '', '', '', -1 WHERE OLD.`role` = 'resident' ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'account', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), 0, '', '', '', 1 WHERE NEW.`role` = 'resident' ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_users_move_supports` AFTER UPDATE OF `district_id` ON `users` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL AND OLD.`district_id` IS NOT NEW.`district_id` BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', -count(*)
    FROM `supports` s JOIN `ideas` i ON i.`id` = s.`idea_id` WHERE s.`user_id` = OLD.`id` GROUP BY 2, 4 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', count(*)
    FROM `supports` s JOIN `ideas` i ON i.`id` = s.`idea_id` WHERE s.`user_id` = NEW.`id` GROUP BY 2, 4 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_users_before_delete` BEFORE DELETE ON `users` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', -count(*)
    FROM `supports` s JOIN `ideas` i ON i.`id` = s.`idea_id` WHERE s.`user_id` = OLD.`id` GROUP BY 2, 4 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'idea_support', (s.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(i.`district_id`, 0), coalesce(i.`goal_id`, 0), '', '', '', -count(*)
    FROM `supports` s JOIN `ideas` i ON i.`id` = s.`idea_id` WHERE s.`user_id` = OLD.`id` GROUP BY 2, 3, 4 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_users_delete` AFTER DELETE ON `users` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'account', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), 0, '', '', '', -1 WHERE OLD.`role` = 'resident' ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_ballots_insert` AFTER INSERT ON `ballots` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), 0, NEW.`channel`, '', '', 1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_ballots_update` AFTER UPDATE OF `created_at`, `district_id`, `channel` ON `ballots` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), 0, OLD.`channel`, '', '', -1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), 0, NEW.`channel`, '', '', 1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), g.`goal_id`, OLD.`channel`, '', '', -1
    FROM (SELECT DISTINCT o.`goal_id` FROM `ballot_choices` c JOIN `round_options` o ON o.`id` = c.`option_id` WHERE c.`ballot_id` = OLD.`id` AND o.`goal_id` IS NOT NULL) g WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (NEW.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(NEW.`district_id`, 0), g.`goal_id`, NEW.`channel`, '', '', 1
    FROM (SELECT DISTINCT o.`goal_id` FROM `ballot_choices` c JOIN `round_options` o ON o.`id` = c.`option_id` WHERE c.`ballot_id` = NEW.`id` AND o.`goal_id` IS NOT NULL) g WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_ballots_before_delete` BEFORE DELETE ON `ballots` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), g.`goal_id`, OLD.`channel`, '', '', -1
    FROM (SELECT DISTINCT o.`goal_id` FROM `ballot_choices` c JOIN `round_options` o ON o.`id` = c.`option_id` WHERE c.`ballot_id` = OLD.`id` AND o.`goal_id` IS NOT NULL) g WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_ballots_delete` AFTER DELETE ON `ballots` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot', (OLD.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(OLD.`district_id`, 0), 0, OLD.`channel`, '', '', -1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_choices_insert` AFTER INSERT ON `ballot_choices` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (b.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(b.`district_id`, 0), o.`goal_id`, b.`channel`, '', '', 1
    FROM `ballots` b, `round_options` o WHERE b.`id` = NEW.`ballot_id` AND o.`id` = NEW.`option_id` AND o.`goal_id` IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM `ballot_choices` c JOIN `round_options` co ON co.`id` = c.`option_id` WHERE c.`ballot_id` = NEW.`ballot_id` AND c.`option_id` != NEW.`option_id` AND co.`goal_id` = o.`goal_id`) ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_choices_update` AFTER UPDATE OF `ballot_id`, `option_id` ON `ballot_choices` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (b.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(b.`district_id`, 0), o.`goal_id`, b.`channel`, '', '', -1
    FROM `ballots` b, `round_options` o WHERE b.`id` = OLD.`ballot_id` AND o.`id` = OLD.`option_id` AND o.`goal_id` IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM `ballot_choices` c JOIN `round_options` co ON co.`id` = c.`option_id` WHERE c.`ballot_id` = OLD.`ballot_id` AND c.`option_id` != OLD.`option_id` AND co.`goal_id` = o.`goal_id`) ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (b.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(b.`district_id`, 0), o.`goal_id`, b.`channel`, '', '', 1
    FROM `ballots` b, `round_options` o WHERE b.`id` = NEW.`ballot_id` AND o.`id` = NEW.`option_id` AND o.`goal_id` IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM `ballot_choices` c JOIN `round_options` co ON co.`id` = c.`option_id` WHERE c.`ballot_id` = NEW.`ballot_id` AND c.`option_id` != NEW.`option_id` AND co.`goal_id` = o.`goal_id`) ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_choices_delete` AFTER DELETE ON `ballot_choices` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (b.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(b.`district_id`, 0), o.`goal_id`, b.`channel`, '', '', -1
    FROM `ballots` b, `round_options` o WHERE b.`id` = OLD.`ballot_id` AND o.`id` = OLD.`option_id` AND o.`goal_id` IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM `ballot_choices` c JOIN `round_options` co ON co.`id` = c.`option_id` WHERE c.`ballot_id` = OLD.`ballot_id` AND c.`option_id` != OLD.`option_id` AND co.`goal_id` = o.`goal_id`) ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_options_update` AFTER UPDATE OF `goal_id` ON `round_options` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL AND OLD.`goal_id` IS NOT NEW.`goal_id` BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (b.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(b.`district_id`, 0), OLD.`goal_id`, b.`channel`, '', '', -count(*)
    FROM `ballot_choices` c JOIN `ballots` b ON b.`id` = c.`ballot_id` WHERE c.`option_id` = OLD.`id` AND OLD.`goal_id` IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM `ballot_choices` c2 JOIN `round_options` o2 ON o2.`id` = c2.`option_id` WHERE c2.`ballot_id` = c.`ballot_id` AND c2.`option_id` != OLD.`id` AND o2.`goal_id` = OLD.`goal_id`)
    GROUP BY 2, 3, 5 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (b.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(b.`district_id`, 0), NEW.`goal_id`, b.`channel`, '', '', count(*)
    FROM `ballot_choices` c JOIN `ballots` b ON b.`id` = c.`ballot_id` WHERE c.`option_id` = OLD.`id` AND NEW.`goal_id` IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM `ballot_choices` c2 JOIN `round_options` o2 ON o2.`id` = c2.`option_id` WHERE c2.`ballot_id` = c.`ballot_id` AND c2.`option_id` != OLD.`id` AND o2.`goal_id` = NEW.`goal_id`)
    GROUP BY 2, 3, 5 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_options_before_delete` BEFORE DELETE ON `round_options` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL AND OLD.`goal_id` IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'ballot_goal', (b.`created_at` + (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1)) / 86400000, coalesce(b.`district_id`, 0), OLD.`goal_id`, b.`channel`, '', '', -count(*)
    FROM `ballot_choices` c JOIN `ballots` b ON b.`id` = c.`ballot_id` WHERE c.`option_id` = OLD.`id` AND OLD.`goal_id` IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM `ballot_choices` c2 JOIN `round_options` o2 ON o2.`id` = c2.`option_id` WHERE c2.`ballot_id` = c.`ballot_id` AND c2.`option_id` != OLD.`id` AND o2.`goal_id` = OLD.`goal_id`)
    GROUP BY 2, 3, 5 ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_responses_insert` AFTER INSERT ON `survey_responses` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'response', CAST(julianday(NEW.`day`) - 2440587.5 AS INTEGER), coalesce(NEW.`district_id`, 0), 0, NEW.`channel`, coalesce(NEW.`age_band`, ''), coalesce(NEW.`gender`, ''), 1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_responses_update` AFTER UPDATE OF `day`, `district_id`, `channel`, `age_band`, `gender` ON `survey_responses` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'response', CAST(julianday(OLD.`day`) - 2440587.5 AS INTEGER), coalesce(OLD.`district_id`, 0), 0, OLD.`channel`, coalesce(OLD.`age_band`, ''), coalesce(OLD.`gender`, ''), -1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'response', CAST(julianday(NEW.`day`) - 2440587.5 AS INTEGER), coalesce(NEW.`district_id`, 0), 0, NEW.`channel`, coalesce(NEW.`age_band`, ''), coalesce(NEW.`gender`, ''), 1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `pd_responses_delete` AFTER DELETE ON `survey_responses` WHEN (SELECT `offset_ms` FROM `participation_clock` WHERE `id` = 1) IS NOT NULL BEGIN
  INSERT INTO `participation_days` (`series`, `day`, `district`, `goal`, `channel`, `age_band`, `gender`, `n`)
    SELECT 'response', CAST(julianday(OLD.`day`) - 2440587.5 AS INTEGER), coalesce(OLD.`district_id`, 0), 0, OLD.`channel`, coalesce(OLD.`age_band`, ''), coalesce(OLD.`gender`, ''), -1 WHERE true ON CONFLICT DO UPDATE SET `n` = `n` + excluded.`n`;
END;
