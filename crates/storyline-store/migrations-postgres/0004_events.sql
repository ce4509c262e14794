-- 4: events and stories (as SQLite's 0004). Derived from articles by the
-- event engine; the engine's state is kept so the next ingest continues
-- incrementally. Records are jsonb; the engine state is the engine's own
-- JSON text, kept byte for byte.
CREATE TABLE events (
    id          bigint PRIMARY KEY,
    story       bigint NOT NULL,
    sort_day    date,            -- the event date or bound used for ordering; NULL = undated
    date_kind   text NOT NULL,
    record      jsonb NOT NULL   -- EventRecord
);
CREATE INDEX events_story ON events (story);
CREATE TABLE event_members (
    article     text COLLATE "C" PRIMARY KEY,
    event       bigint NOT NULL REFERENCES events(id)
);
CREATE INDEX event_members_event ON event_members (event);
CREATE TABLE stories (
    id          bigint PRIMARY KEY,
    record      jsonb NOT NULL   -- StoryRecord
);
CREATE TABLE event_state (
    id          integer PRIMARY KEY CHECK (id = 1),
    through_seq bigint NOT NULL, -- articles up to this sequence number are clustered
    state       text NOT NULL,   -- the engine's state as JSON
    saved_at    timestamptz NOT NULL DEFAULT now()
);
