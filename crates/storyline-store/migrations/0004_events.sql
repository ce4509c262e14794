-- Events and stories (issue 6). Derived from articles by the event engine;
-- the engine's state is kept so the next ingest continues incrementally.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    story       INTEGER NOT NULL,
    sort_day    TEXT,            -- the event date or bound used for ordering; NULL = undated
    date_kind   TEXT NOT NULL,
    record      TEXT NOT NULL    -- EventRecord as JSON
);
CREATE INDEX events_story ON events(story);

CREATE TABLE event_members (
    article     TEXT PRIMARY KEY,
    event       INTEGER NOT NULL REFERENCES events(id)
);
CREATE INDEX event_members_event ON event_members(event);

CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    record      TEXT NOT NULL    -- StoryRecord as JSON
);

CREATE TABLE event_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    through_seq INTEGER NOT NULL, -- articles up to this sequence number are clustered
    state       TEXT NOT NULL     -- the engine's state as JSON
);
