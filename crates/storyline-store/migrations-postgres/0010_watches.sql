-- Saved questions and the alerts they raised. `mark` is the last article
-- sequence a watch has been matched against, so each ingest matches only
-- what is new; an alert is unique per watch and item, so a re-ingest or a
-- restart never raises it twice.
CREATE TABLE watches (
    name        TEXT PRIMARY KEY,
    query       TEXT,
    entity      TEXT,
    story       BIGINT,
    speaker     TEXT,
    min_sources BIGINT,
    mark        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE watch_alerts (
    watch      TEXT NOT NULL REFERENCES watches(name) ON DELETE CASCADE,
    item       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    raised_at  TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    PRIMARY KEY (watch, item)
);
