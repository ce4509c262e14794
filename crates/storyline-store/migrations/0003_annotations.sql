-- 3: annotations (entity mentions, quotes, date expressions), entities and
-- the user's alias rules. The same file serves both backends (see
-- `backend::Migration`); `migrations-postgres/0003` adds what only
-- PostgreSQL has.
CREATE TABLE annotated (
    article_seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    pub_not_before DATE,
    pub_bound_rule TEXT,
    pub_bound_span_start INTEGER,
    pub_bound_span_end INTEGER,
    pub_bound_conf REAL
);
CREATE TABLE mentions (
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    text        TEXT COLLATE "C" NOT NULL,
    key         TEXT COLLATE "C" NOT NULL,
    -- the name this mention counts for (a surname mention: its full name's key)
    node_key    TEXT COLLATE "C" NOT NULL,
    kind        TEXT NOT NULL,
    role        TEXT,
    alias_of    INTEGER,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    confidence  REAL NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX mentions_node ON mentions(node_key);
CREATE TABLE name_links (
    a           TEXT COLLATE "C" NOT NULL,
    b           TEXT COLLATE "C" NOT NULL,
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    PRIMARY KEY (a, b, article_seq)
);
CREATE TABLE quotes (
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    quote_key   TEXT COLLATE "C" NOT NULL,
    speaker     TEXT COLLATE "C",
    speaker_key TEXT COLLATE "C",
    speaker_text TEXT,
    speaker_span_start INTEGER,
    speaker_span_end   INTEGER,
    cue         TEXT,
    partial     BOOLEAN NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    confidence  REAL NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX quotes_key ON quotes(quote_key);
CREATE INDEX quotes_speaker ON quotes(speaker_key);
CREATE TABLE date_expressions (
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    date        DATE,
    not_before  DATE,
    not_after   DATE,
    inferred    BOOLEAN NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    confidence  REAL NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX date_expressions_date ON date_expressions(date);
-- Derived from the above and alias_rules by alias resolution; rebuilt whole.
CREATE TABLE entities (
    id            TEXT COLLATE "C" PRIMARY KEY,
    canonical     TEXT COLLATE "C" NOT NULL,
    canonical_key TEXT COLLATE "C" NOT NULL,
    kind          TEXT NOT NULL
);
CREATE TABLE entity_keys (
    key       TEXT COLLATE "C" PRIMARY KEY,
    entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE
);
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
-- The user's decisions, keyed by normalised names: they survive re-ingest.
CREATE TABLE alias_rules (
    action TEXT COLLATE "C" NOT NULL CHECK (action IN ('merge', 'split')),
    a      TEXT COLLATE "C" NOT NULL,
    b      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (action, a, b)
);
