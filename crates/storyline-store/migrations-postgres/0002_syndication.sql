-- 2: syndication (as SQLite's 0002): the LSH index, verified links, groups.
-- Keys are article ids, not sequence numbers, so what is stored does not
-- depend on the order articles were ingested in. lsh_bands' primary key
-- (band_key, article_id) is the index near-duplicate look-ups use from every
-- worker: band key -> articles.
CREATE TABLE dedup_fingerprints (
    article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    text_hash  bigint NOT NULL,
    shingles   bigint NOT NULL
);
CREATE INDEX dedup_fingerprints_text_hash ON dedup_fingerprints (text_hash);
CREATE TABLE lsh_bands (
    band_key   bigint NOT NULL,
    article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
);
CREATE INDEX lsh_bands_article ON lsh_bands (article_id);
CREATE TABLE dedup_links (
    a_id    text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b_id    text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind    text NOT NULL,
    jaccard double precision NOT NULL,
    a_in_b  double precision NOT NULL,
    b_in_a  double precision NOT NULL,
    PRIMARY KEY (a_id, b_id)
);
CREATE INDEX dedup_links_b ON dedup_links (b_id);
CREATE TABLE syndication_groups (
    group_key    text COLLATE "C" PRIMARY KEY,
    canonical_id text COLLATE "C" NOT NULL,
    origin       text,
    size         bigint NOT NULL
);
CREATE TABLE syndication_members (
    article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    group_key  text COLLATE "C" NOT NULL REFERENCES syndication_groups(group_key) ON DELETE CASCADE,
    similarity double precision NOT NULL,
    contained  double precision NOT NULL
);
CREATE INDEX syndication_members_group ON syndication_members (group_key);
