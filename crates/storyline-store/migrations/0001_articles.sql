-- 1: articles and the chrome removed from them. The same file serves both
-- backends (see `backend::Migration`); `migrations-postgres/0001` adds what
-- only PostgreSQL has.
CREATE TABLE articles (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT COLLATE "C" NOT NULL UNIQUE,
    path           TEXT,
    url            TEXT,
    source         TEXT COLLATE "C",
    external_id    TEXT,
    title          TEXT,
    text           TEXT NOT NULL,
    published_date DATE,
    published_rule TEXT,
    published_conf REAL,
    published_span_start INTEGER,
    published_span_end   INTEGER,
    language       TEXT COLLATE "C",
    format         TEXT NOT NULL,
    raw_sha256     TEXT NOT NULL,
    dateline       TEXT,
    wire_credit    TEXT,
    word_count     INTEGER NOT NULL
);
CREATE INDEX articles_source ON articles(lower(source));
CREATE INDEX articles_published ON articles(published_date);
CREATE TABLE removed_blocks (
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reason      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX removed_blocks_reason ON removed_blocks(reason);
