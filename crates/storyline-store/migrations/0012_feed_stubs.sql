-- Feed items that only link to their page ("stubs"), kept until the page
-- is ingested: a page whose URL has a pending stub takes the title, date,
-- author and outlet the feed gave where the page states none. `url_key` is
-- the URL without fragment, trailing slash or upper-case host; `state` is
-- `pending` (no page yet) or `filled` (the page came: a feed read again
-- does not bring the stub back); `record` is the stub as JSON. The same
-- file serves both backends.
CREATE TABLE feed_stubs (
    url_key TEXT PRIMARY KEY,
    state   TEXT NOT NULL,
    record  TEXT NOT NULL
);

CREATE INDEX feed_stubs_state ON feed_stubs (state);

-- A stub that arrives after its page finds the page by its URL.
CREATE INDEX articles_url ON articles (url);
