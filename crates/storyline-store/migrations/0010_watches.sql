-- Saved questions and the alerts they raised. `mark` is the last article
-- sequence a watch has been matched against, so each ingest matches only
-- what is new; an alert is unique per watch and item, so a re-ingest or a
-- restart never raises it twice. The same file serves both backends.
CREATE TABLE watches (
    name        TEXT PRIMARY KEY,
    query       TEXT,
    entity      TEXT,
    story       INTEGER,
    speaker     TEXT,
    min_sources INTEGER,
    mark        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE watch_alerts (
    watch      TEXT NOT NULL REFERENCES watches(name) ON DELETE CASCADE,
    item       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    raised_at  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (watch, item)
);
