-- 3: what only PostgreSQL has, after the tables of `migrations/0003`.
CREATE INDEX mentions_key ON mentions (key);
CREATE INDEX name_links_article ON name_links (article_seq);
