-- 3: annotations (entity mentions, quotes, date expressions), entities and
-- the user's alias rules (as SQLite's 0003).
CREATE TABLE annotated (
    article_seq bigint PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    pub_not_before date,
    pub_bound_rule text,
    pub_bound_span_start bigint,
    pub_bound_span_end bigint,
    pub_bound_conf double precision
);
CREATE TABLE mentions (
    article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         bigint NOT NULL,
    text        text COLLATE "C" NOT NULL,
    key         text COLLATE "C" NOT NULL,
    -- the name this mention counts for (a surname mention: its full name's key)
    node_key    text COLLATE "C" NOT NULL,
    kind        text NOT NULL,
    role        text,
    alias_of    bigint,
    span_start  bigint NOT NULL,
    span_end    bigint NOT NULL,
    rule        text NOT NULL,
    confidence  double precision NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX mentions_node ON mentions (node_key);
CREATE INDEX mentions_key ON mentions (key);
CREATE TABLE name_links (
    a           text COLLATE "C" NOT NULL,
    b           text COLLATE "C" NOT NULL,
    article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    PRIMARY KEY (a, b, article_seq)
);
CREATE INDEX name_links_article ON name_links (article_seq);
CREATE TABLE quotes (
    article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         bigint NOT NULL,
    text        text NOT NULL,
    quote_key   text COLLATE "C" NOT NULL,
    speaker     text COLLATE "C",
    speaker_key text COLLATE "C",
    speaker_text text,
    speaker_span_start bigint,
    speaker_span_end   bigint,
    cue         text,
    partial     boolean NOT NULL,
    span_start  bigint NOT NULL,
    span_end    bigint NOT NULL,
    rule        text NOT NULL,
    confidence  double precision NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX quotes_key ON quotes (quote_key);
CREATE INDEX quotes_speaker ON quotes (speaker_key);
CREATE TABLE date_expressions (
    article_seq bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         bigint NOT NULL,
    text        text NOT NULL,
    kind        text NOT NULL,
    date        date,
    not_before  date,
    not_after   date,
    inferred    boolean NOT NULL,
    span_start  bigint NOT NULL,
    span_end    bigint NOT NULL,
    rule        text NOT NULL,
    confidence  double precision NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX date_expressions_date ON date_expressions (date);
-- Derived from the above and alias_rules by alias resolution; rebuilt whole.
CREATE TABLE entities (
    id            text COLLATE "C" PRIMARY KEY,
    canonical     text COLLATE "C" NOT NULL,
    canonical_key text COLLATE "C" NOT NULL,
    kind          text NOT NULL
);
CREATE TABLE entity_keys (
    key       text COLLATE "C" PRIMARY KEY,
    entity_id text COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE
);
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);
-- The user's decisions, keyed by normalised names: they survive re-ingest.
CREATE TABLE alias_rules (
    action text COLLATE "C" NOT NULL CHECK (action IN ('merge', 'split')),
    a      text COLLATE "C" NOT NULL,
    b      text COLLATE "C" NOT NULL,
    PRIMARY KEY (action, a, b)
);
