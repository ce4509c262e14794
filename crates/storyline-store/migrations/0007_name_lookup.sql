-- 7: lookups by name go through indexes and small tables, not through every
-- mention or event. An entity is found by the key of a name its mentions
-- were written as (`mentions.key`, now indexed); a name in another spelling
-- is compared with each entity's distinct written names, kept in
-- `entity_names` (rebuilt with the entities, from their mentions).
CREATE INDEX mentions_key ON mentions(key);
CREATE TABLE entity_names (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    text      TEXT NOT NULL,
    PRIMARY KEY (entity_id, text)
) WITHOUT ROWID;
INSERT INTO entity_names (entity_id, text)
SELECT DISTINCT k.entity_id, m.text FROM entity_keys k JOIN mentions m ON m.node_key = k.key;
