-- 3: annotations (entity mentions, quotes, date expressions), entities and
-- the user's alias rules.
CREATE TABLE annotated (
    article_seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    pub_not_before TEXT,
    pub_bound_rule TEXT,
    pub_bound_span_start INTEGER,
    pub_bound_span_end INTEGER,
    pub_bound_conf REAL
);
CREATE TABLE mentions (
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    key         TEXT NOT NULL,
    -- the name this mention counts for (a surname mention: its full name's key)
    node_key    TEXT NOT NULL,
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
    a           TEXT NOT NULL,
    b           TEXT NOT NULL,
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    PRIMARY KEY (a, b, article_seq)
);
CREATE TABLE quotes (
    article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    quote_key   TEXT NOT NULL,
    speaker     TEXT,
    speaker_key TEXT,
    speaker_text TEXT,
    speaker_span_start INTEGER,
    speaker_span_end   INTEGER,
    cue         TEXT,
    partial     INTEGER NOT NULL,
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
    date        TEXT,
    not_before  TEXT,
    not_after   TEXT,
    inferred    INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    confidence  REAL NOT NULL,
    PRIMARY KEY (article_seq, ord)
);
CREATE INDEX date_expressions_date ON date_expressions(date);
-- Derived from the above and alias_rules by alias resolution; rebuilt whole.
CREATE TABLE entities (
    id            TEXT PRIMARY KEY,
    canonical     TEXT NOT NULL,
    canonical_key TEXT NOT NULL,
    kind          TEXT NOT NULL
);
CREATE TABLE entity_keys (
    key       TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE
);
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
-- The user's decisions, keyed by normalised names: they survive re-ingest.
CREATE TABLE alias_rules (
    action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    a      TEXT NOT NULL,
    b      TEXT NOT NULL,
    PRIMARY KEY (action, a, b)
);
