//! [`FeedStubStore`] for both backends, written once over [`crate::sql`]:
//! feed items waiting for the page they link to (`feed_stubs`, each stub a
//! JSON record under its URL key).

use crate::backend::{record_from_json, to_json};
use crate::sql::{Sql, SqlStore};
use crate::{FeedStubStore, StoreError, StubKept};
use storyline_model::FeedStub;

/// `feed_stubs.state` of a stub waiting for its page.
const STUB_PENDING: &str = "pending";
/// `feed_stubs.state` of a stub whose page came.
const STUB_FILLED: &str = "filled";

/// The spellings of a stub's URL an article may be stored under: as the
/// feed gave it, and with and without its trailing slash.
fn stub_page_urls(stub: &FeedStub) -> [String; 2] {
    let url = stub.url.trim();
    let other = match url.strip_suffix('/') {
        Some(bare) => bare.to_string(),
        None => format!("{url}/"),
    };
    [url.to_string(), other]
}

/// What keeping `stub` does, inside the caller's transaction: nothing for
/// a stub filled before or pending unchanged; else it is written, pending,
/// or filled at once when an article with its URL is stored.
fn keep(sql: &mut dyn Sql, stub: &FeedStub) -> Result<StubKept, StoreError> {
    let key = FeedStub::url_key(&stub.url);
    let known = sql.query_opt(
        "SELECT state, record FROM feed_stubs WHERE url_key = $1",
        &[(&key).into()],
    )?;
    if let Some(row) = known {
        let unchanged = || -> Result<bool, StoreError> {
            Ok(record_from_json::<FeedStub>(&row.text(1)?, "feed stub")? == *stub)
        };
        if row.text(0)? == STUB_FILLED || unchanged()? {
            return Ok(StubKept::Known);
        }
    }
    let [a, b] = stub_page_urls(stub);
    let stored = sql
        .query_opt(
            "SELECT 1 FROM articles WHERE url = $1 OR url = $2 LIMIT 1",
            &[(&a).into(), (&b).into()],
        )?
        .is_some();
    let (state, kept) = if stored {
        (STUB_FILLED, StubKept::PageStored)
    } else {
        (STUB_PENDING, StubKept::Pending)
    };
    let record = to_json(stub)?;
    sql.execute(
        "INSERT INTO feed_stubs (url_key, state, record) VALUES ($1, $2, $3) \
         ON CONFLICT (url_key) DO UPDATE SET state = excluded.state, record = excluded.record",
        &[(&key).into(), state.into(), (&record).into()],
    )?;
    Ok(kept)
}

impl<S: SqlStore> FeedStubStore for S {
    fn keep_feed_stub(&mut self, stub: &FeedStub) -> Result<StubKept, StoreError> {
        self.with_sql_transaction(|c| keep(c, stub))
    }

    fn pending_feed_stub_count(&self) -> Result<u64, StoreError> {
        self.with_sql(|c| {
            let row = c.query_opt(
                "SELECT COUNT(*) FROM feed_stubs WHERE state = $1",
                &[STUB_PENDING.into()],
            )?;
            Ok(row.map_or(Ok(0), |r| r.int(0))? as u64)
        })
    }

    fn pending_feed_stub(&self, url_key: &str) -> Result<Option<FeedStub>, StoreError> {
        self.with_sql(|c| {
            let row = c.query_opt(
                "SELECT record FROM feed_stubs WHERE url_key = $1 AND state = $2",
                &[url_key.into(), STUB_PENDING.into()],
            )?;
            row.map(|r| record_from_json(&r.text(0)?, "feed stub"))
                .transpose()
        })
    }

    fn fill_feed_stubs(&mut self, url_keys: &[String]) -> Result<(), StoreError> {
        self.with_sql_transaction(|c| {
            for key in url_keys {
                c.execute(
                    "UPDATE feed_stubs SET state = $1 WHERE url_key = $2",
                    &[STUB_FILLED.into(), key.into()],
                )?;
            }
            Ok(())
        })
    }
}
