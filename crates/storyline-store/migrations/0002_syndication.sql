-- 2: syndication. The LSH index (band keys of each article's MinHash
-- signature), verified duplicate/containment links, and syndication groups.
-- Keys are article ids, not sequence numbers, so that what is stored does not
-- depend on the order articles were ingested in.
CREATE TABLE dedup_fingerprints (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    text_hash  INTEGER NOT NULL,
    shingles   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX dedup_fingerprints_text_hash ON dedup_fingerprints(text_hash);
CREATE TABLE lsh_bands (
    band_key   INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);
CREATE TABLE dedup_links (
    a_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    jaccard REAL NOT NULL,
    a_in_b  REAL NOT NULL,
    b_in_a  REAL NOT NULL,
    PRIMARY KEY (a_id, b_id)
) WITHOUT ROWID;
CREATE INDEX dedup_links_b ON dedup_links(b_id);
CREATE TABLE syndication_groups (
    group_key    TEXT PRIMARY KEY,
    canonical_id TEXT NOT NULL,
    origin       TEXT,
    size         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE syndication_members (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    group_key  TEXT NOT NULL REFERENCES syndication_groups(group_key) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    contained  REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX syndication_members_group ON syndication_members(group_key);
