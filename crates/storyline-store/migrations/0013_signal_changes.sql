-- The articles whose event-clustering signals (syndication group, mentions,
-- whole quotes, relative dates) were written since event clustering last
-- saved: it checks only these against what it placed instead of reading
-- every article's signals. Filled by triggers, so no write path can miss
-- it; emptied by each save of events. Mentions, quotes and date
-- expressions are only ever written with the article's `annotated` row
-- (put_annotations replaces all four), so that row's triggers stand for
-- them: one per article rather than one per mention. Annotations first
-- written for an article not placed yet (after the saved state's sequence
-- number: every new article) need no mark: clustering reads them when it
-- places it. (PostgreSQL checks every article: its workers write
-- annotations while clustering runs.)
CREATE TABLE signal_changes (
    article_seq INTEGER PRIMARY KEY
);
CREATE TRIGGER signal_changes_annotated_insert AFTER INSERT ON annotated
WHEN NEW.article_seq <= (SELECT through_seq FROM event_state WHERE id = 1) BEGIN
    INSERT OR IGNORE INTO signal_changes (article_seq) VALUES (NEW.article_seq);
END;
CREATE TRIGGER signal_changes_annotated_delete AFTER DELETE ON annotated
WHEN OLD.article_seq <= (SELECT through_seq FROM event_state WHERE id = 1) BEGIN
    INSERT OR IGNORE INTO signal_changes (article_seq) VALUES (OLD.article_seq);
END;
CREATE TRIGGER signal_changes_mention_update
AFTER UPDATE OF article_seq, ord, key, kind, alias_of ON mentions BEGIN
    INSERT OR IGNORE INTO signal_changes (article_seq) VALUES (OLD.article_seq);
    INSERT OR IGNORE INTO signal_changes (article_seq) VALUES (NEW.article_seq);
END;
CREATE TRIGGER signal_changes_group_insert AFTER INSERT ON syndication_members BEGIN
    INSERT OR IGNORE INTO signal_changes (article_seq)
    SELECT seq FROM articles WHERE id = NEW.article_id;
END;
CREATE TRIGGER signal_changes_group_delete AFTER DELETE ON syndication_members BEGIN
    INSERT OR IGNORE INTO signal_changes (article_seq)
    SELECT seq FROM articles WHERE id = OLD.article_id;
END;
CREATE TRIGGER signal_changes_group_update AFTER UPDATE ON syndication_members BEGIN
    INSERT OR IGNORE INTO signal_changes (article_seq)
    SELECT seq FROM articles WHERE id IN (OLD.article_id, NEW.article_id);
END;
-- Signals written before this table existed may not have been checked yet.
INSERT INTO signal_changes (article_seq) SELECT seq FROM articles;
