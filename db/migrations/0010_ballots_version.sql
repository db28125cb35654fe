ALTER TABLE `rounds` ADD `ballots_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TRIGGER `ballots_version_insert` AFTER INSERT ON `ballots` BEGIN
  UPDATE `rounds` SET `ballots_version` = `ballots_version` + 1 WHERE `id` = NEW.`round_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ballots_version_update` AFTER UPDATE ON `ballots` BEGIN
  UPDATE `rounds` SET `ballots_version` = `ballots_version` + 1 WHERE `id` = NEW.`round_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ballots_version_delete` AFTER DELETE ON `ballots` BEGIN
  UPDATE `rounds` SET `ballots_version` = `ballots_version` + 1 WHERE `id` = OLD.`round_id`;
END;
