-- 8 (as SQLite's 0008): an entity's page and timeline read what they show, not every mention
-- of the entity. Kept with the entities (rebuilt whole, from mentions) and,
-- for `event_entities`, also with each event saved (from its members):
-- `entity_names.mentions` counts each written name, `entity_articles` holds
-- one row per article an entity is in (its date copied, for paging in date
-- order) and `event_entities` one row per event an entity is in.
ALTER TABLE entity_names ADD COLUMN mentions bigint NOT NULL DEFAULT 0;
UPDATE entity_names SET mentions = (SELECT COUNT(*) FROM entity_keys k
    JOIN mentions m ON m.node_key = k.key
    WHERE k.entity_id = entity_names.entity_id AND m.text = entity_names.text);
CREATE TABLE entity_articles (
    entity_id      text COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    article_seq    bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    mentions       bigint NOT NULL,
    published_date date,
    PRIMARY KEY (entity_id, article_seq)
);
CREATE INDEX entity_articles_article ON entity_articles(article_seq);
CREATE INDEX entity_articles_date
    ON entity_articles(entity_id, (published_date IS NULL), published_date, article_seq);
INSERT INTO entity_articles (entity_id, article_seq, mentions, published_date)
SELECT k.entity_id, m.article_seq, COUNT(*), a.published_date FROM entity_keys k
JOIN mentions m ON m.node_key = k.key JOIN articles a ON a.seq = m.article_seq
GROUP BY k.entity_id, m.article_seq, a.published_date;
CREATE TABLE event_entities (
    entity_id text COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    event_id  bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    mentions  bigint NOT NULL,
    sort_day  date,
    PRIMARY KEY (entity_id, event_id)
);
CREATE INDEX event_entities_event ON event_entities(event_id);
CREATE INDEX event_entities_day
    ON event_entities(entity_id, (sort_day IS NULL), sort_day, event_id);
INSERT INTO event_entities (entity_id, event_id, mentions, sort_day)
SELECT ea.entity_id, em.event, SUM(ea.mentions), ev.sort_day FROM event_members em
JOIN articles a ON a.id = em.article JOIN entity_articles ea ON ea.article_seq = a.seq
JOIN events ev ON ev.id = em.event
GROUP BY ea.entity_id, em.event, ev.sort_day;
