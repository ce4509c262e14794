-- 1: articles and the chrome removed from them (as SQLite's 0001).
-- Text that is sorted or compared by range uses the "C" collation, so the
-- order is byte order whatever the server's locale, as in SQLite.
--
-- seq is assigned by put_articles from article_seq_counter while it holds a
-- transaction-level advisory lock, so sequence numbers follow commit order:
-- a reader catching up with `seq > last_seen` never misses a row committed
-- later with a lower number.
CREATE TABLE article_seq_counter (
    id   integer PRIMARY KEY CHECK (id = 1),
    last bigint NOT NULL
);
INSERT INTO article_seq_counter (id, last) VALUES (1, 0);
CREATE TABLE articles (
    seq            bigint PRIMARY KEY,
    id             text COLLATE "C" NOT NULL UNIQUE,
    path           text,
    url            text,
    source         text COLLATE "C",
    external_id    text,
    title          text,
    text           text NOT NULL,
    published_date date,
    published_rule text,
    published_conf double precision,
    published_span_start bigint,
    published_span_end   bigint,
    language       text COLLATE "C",
    format         text NOT NULL,
    raw_sha256     text NOT NULL,
    dateline       text,
    wire_credit    text,
    word_count     bigint NOT NULL,
    stored_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_source ON articles (lower(source));
CREATE INDEX articles_published ON articles (published_date);
CREATE TABLE removed_blocks (
    article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         bigint NOT NULL,
    span_start  bigint NOT NULL,
    span_end    bigint NOT NULL,
    text        text NOT NULL,
    reason      text COLLATE "C" NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX removed_blocks_reason ON removed_blocks (reason);
