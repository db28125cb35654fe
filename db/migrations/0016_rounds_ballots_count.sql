ALTER TABLE `rounds` ADD `ballots_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `rounds` SET `ballots_count` = (SELECT count(*) FROM `ballots` b WHERE b.`round_id` = `rounds`.`id`);
--> statement-breakpoint
CREATE TRIGGER `ballots_count_insert` AFTER INSERT ON `ballots` BEGIN
  UPDATE `rounds` SET `ballots_count` = `ballots_count` + 1 WHERE `id` = NEW.`round_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ballots_count_delete` AFTER DELETE ON `ballots` BEGIN
  UPDATE `rounds` SET `ballots_count` = `ballots_count` - 1 WHERE `id` = OLD.`round_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ballots_count_move` AFTER UPDATE OF `round_id` ON `ballots` WHEN OLD.`round_id` IS NOT NEW.`round_id` BEGIN
  UPDATE `rounds` SET `ballots_count` = `ballots_count` - 1 WHERE `id` = OLD.`round_id`;
  UPDATE `rounds` SET `ballots_count` = `ballots_count` + 1 WHERE `id` = NEW.`round_id`;
END;
