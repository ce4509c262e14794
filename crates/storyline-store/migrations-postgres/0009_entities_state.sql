-- How far alias resolution has come: the entities cover every article up to
-- this sequence number, so an ingest resolves again only the names of the
-- articles stored after it (and none when there are none).
CREATE TABLE entities_state (
    id          integer PRIMARY KEY CHECK (id = 1),
    through_seq bigint NOT NULL
);
