-- An optional webhook per watch, and each alert's delivery to it. The
-- webhook's secret is not stored: `secret_env` names the environment
-- variable holding it. A delivery row is written with its alert, in the
-- same transaction, so an alert is never recorded without one; `state` is
-- `pending` (never tried), `failed` (tried, retried at `next_try`) or
-- `delivered` (never sent again). The same file serves both backends
-- (`next_try` is compared as bytes).
ALTER TABLE watches ADD COLUMN webhook TEXT;
ALTER TABLE watches ADD COLUMN secret_env TEXT;

CREATE TABLE watch_deliveries (
    watch        TEXT NOT NULL,
    item         TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_try     TEXT COLLATE "C",
    last_error   TEXT,
    delivered_at TEXT,
    PRIMARY KEY (watch, item),
    FOREIGN KEY (watch, item) REFERENCES watch_alerts(watch, item) ON DELETE CASCADE
);

CREATE INDEX watch_deliveries_due ON watch_deliveries (state, next_try);
