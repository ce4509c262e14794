-- 1: what only PostgreSQL has, after the tables of `migrations/0001`.
-- Text that is sorted or compared by range uses the "C" collation there, so
-- the order is byte order whatever the server's locale, as in SQLite.
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
ALTER TABLE articles ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();
