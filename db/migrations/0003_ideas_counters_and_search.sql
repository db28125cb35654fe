-- Counters move with the rows they count, inside the same write: concurrent clicks cannot drift them.
CREATE TRIGGER `supports_count_insert` AFTER INSERT ON `supports`
BEGIN UPDATE `ideas` SET `supports_count` = `supports_count` + 1 WHERE `id` = NEW.`idea_id`; END;
--> statement-breakpoint
CREATE TRIGGER `supports_count_delete` AFTER DELETE ON `supports`
BEGIN UPDATE `ideas` SET `supports_count` = `supports_count` - 1 WHERE `id` = OLD.`idea_id`; END;
--> statement-breakpoint
CREATE TRIGGER `comments_count_insert` AFTER INSERT ON `comments` WHEN NEW.`hidden` = 0
BEGIN UPDATE `ideas` SET `comments_count` = `comments_count` + 1 WHERE `id` = NEW.`idea_id`; END;
--> statement-breakpoint
CREATE TRIGGER `comments_count_delete` AFTER DELETE ON `comments` WHEN OLD.`hidden` = 0
BEGIN UPDATE `ideas` SET `comments_count` = `comments_count` - 1 WHERE `id` = OLD.`idea_id`; END;
--> statement-breakpoint
CREATE TRIGGER `comments_count_hidden` AFTER UPDATE OF `hidden`, `idea_id` ON `comments`
BEGIN
  UPDATE `ideas` SET `comments_count` = `comments_count` - 1 WHERE `id` = OLD.`idea_id` AND OLD.`hidden` = 0;
  UPDATE `ideas` SET `comments_count` = `comments_count` + 1 WHERE `id` = NEW.`idea_id` AND NEW.`hidden` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `reports_count_insert` AFTER INSERT ON `reports`
BEGIN
  UPDATE `ideas` SET `reports_count` = `reports_count` + 1 WHERE NEW.`target_type` = 'idea' AND `id` = NEW.`target_id`;
  UPDATE `comments` SET `reports_count` = `reports_count` + 1 WHERE NEW.`target_type` = 'comment' AND `id` = NEW.`target_id`;
END;
--> statement-breakpoint
-- Full-text search over titles and descriptions. The trigram tokenizer matches inside words, which
-- suits Georgian, Azerbaijani and Russian, where one word takes many endings ("პარკი", "პარკში").
CREATE VIRTUAL TABLE `ideas_fts` USING fts5(
  `title`, `description`, content='ideas', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_insert` AFTER INSERT ON `ideas`
BEGIN INSERT INTO `ideas_fts` (rowid, `title`, `description`) VALUES (NEW.`id`, NEW.`title`, NEW.`description`); END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_delete` AFTER DELETE ON `ideas`
BEGIN INSERT INTO `ideas_fts` (`ideas_fts`, rowid, `title`, `description`) VALUES ('delete', OLD.`id`, OLD.`title`, OLD.`description`); END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_update` AFTER UPDATE OF `title`, `description` ON `ideas`
BEGIN
  INSERT INTO `ideas_fts` (`ideas_fts`, rowid, `title`, `description`) VALUES ('delete', OLD.`id`, OLD.`title`, OLD.`description`);
  INSERT INTO `ideas_fts` (rowid, `title`, `description`) VALUES (NEW.`id`, NEW.`title`, NEW.`description`);
END;
