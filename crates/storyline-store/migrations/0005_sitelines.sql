-- 5: corpus-aware chrome. For each site (an article's source as the pipeline
-- derives it: the stated source, else the URL's host, else the page's site
-- name), in how many stored documents each short line appears, keyed by a
-- hash of the line's folded form (storyline_pipeline::sitelines::line_key),
-- and how many documents of the site were counted. A stored article's lines
-- are added in the transaction that stores it, so each document counts once.
CREATE TABLE site_lines (
    site     TEXT NOT NULL,
    line_key INTEGER NOT NULL,
    docs     INTEGER NOT NULL,
    PRIMARY KEY (site, line_key)
) WITHOUT ROWID;
CREATE TABLE site_docs (
    site TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
) WITHOUT ROWID;
