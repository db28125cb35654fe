-- Azerbaijani typed on a phone without its keyboard writes ə as e and ı as i. SQLite's
-- diacritic folding does not cover these two letters, so the index stores the text with them
-- folded (the same folding is applied to queries in searchTerms()). The index no longer reads
-- from the ideas table (contentless), since its text differs from the stored text.
DROP TRIGGER `ideas_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `ideas_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `ideas_fts_update`;
--> statement-breakpoint
DROP TABLE `ideas_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `ideas_fts` USING fts5(
  `title`, `description`, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_insert` AFTER INSERT ON `ideas`
BEGIN
  INSERT INTO `ideas_fts` (rowid, `title`, `description`) VALUES (
    NEW.`id`,
    replace(replace(replace(NEW.`title`, 'ə', 'e'), 'Ə', 'E'), 'ı', 'i'),
    replace(replace(replace(NEW.`description`, 'ə', 'e'), 'Ə', 'E'), 'ı', 'i'));
END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_delete` AFTER DELETE ON `ideas`
BEGIN DELETE FROM `ideas_fts` WHERE rowid = OLD.`id`; END;
--> statement-breakpoint
CREATE TRIGGER `ideas_fts_update` AFTER UPDATE OF `title`, `description` ON `ideas`
BEGIN
  DELETE FROM `ideas_fts` WHERE rowid = OLD.`id`;
  INSERT INTO `ideas_fts` (rowid, `title`, `description`) VALUES (
    NEW.`id`,
    replace(replace(replace(NEW.`title`, 'ə', 'e'), 'Ə', 'E'), 'ı', 'i'),
    replace(replace(replace(NEW.`description`, 'ə', 'e'), 'Ə', 'E'), 'ı', 'i'));
END;
--> statement-breakpoint
INSERT INTO `ideas_fts` (rowid, `title`, `description`)
SELECT `id`,
  replace(replace(replace(`title`, 'ə', 'e'), 'Ə', 'E'), 'ı', 'i'),
  replace(replace(replace(`description`, 'ə', 'e'), 'Ə', 'E'), 'ı', 'i')
FROM `ideas`;
