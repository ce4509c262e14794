-- 5: corpus-aware chrome (as SQLite's 0005): per site, in how many stored
-- documents each short line appears (keyed by a hash of its folded form), and
-- how many documents of the site were counted. Added in the transaction that
-- stores the articles, so each document counts once.
CREATE TABLE site_lines (
    site     text COLLATE "C" NOT NULL,
    line_key bigint NOT NULL,
    docs     bigint NOT NULL,
    PRIMARY KEY (site, line_key)
);
CREATE TABLE site_docs (
    site text COLLATE "C" PRIMARY KEY,
    docs bigint NOT NULL
);
