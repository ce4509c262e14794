//! [`crate::FeedStubStore`] for [`PgStore`]: feed items waiting for the
//! page they link to (the same `feed_stubs` table as SQLite's).

use super::PgStore;
use crate::{stub_page_urls, FeedStubStore, StoreError, StubKept, STUB_FILLED, STUB_PENDING};
use storyline_model::FeedStub;

const STUB_COLUMNS: &str = "url, title, published, published_rule, author, source, locator";

fn stub_of(r: &postgres::Row) -> Result<FeedStub, postgres::Error> {
    Ok(FeedStub {
        url: r.try_get(0)?,
        title: r.try_get(1)?,
        published: r.try_get(2)?,
        published_rule: r.try_get(3)?,
        author: r.try_get(4)?,
        source: r.try_get(5)?,
        locator: r.try_get(6)?,
    })
}

impl FeedStubStore for PgStore {
    fn keep_feed_stub(&mut self, stub: &FeedStub) -> Result<StubKept, StoreError> {
        let key = FeedStub::url_key(&stub.url);
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let known = tx
            .query_opt(
                &format!(
                    "SELECT {STUB_COLUMNS}, state FROM feed_stubs WHERE url_key = $1 FOR UPDATE"
                ),
                &[&key],
            )?
            .map(|r| Ok::<_, postgres::Error>((stub_of(&r)?, r.try_get::<_, String>(7)?)))
            .transpose()?;
        let kept = match known {
            Some((_, state)) if state == STUB_FILLED => StubKept::Known,
            Some((old, _)) if &old == stub => StubKept::Known,
            _ => {
                let [a, b] = stub_page_urls(stub);
                let stored: bool = tx
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM articles WHERE url IN ($1, $2))",
                        &[&a, &b],
                    )?
                    .try_get(0)?;
                let (state, kept) = if stored {
                    (STUB_FILLED, StubKept::PageStored)
                } else {
                    (STUB_PENDING, StubKept::Pending)
                };
                tx.execute(
                    &format!(
                        "INSERT INTO feed_stubs (url_key, state, {STUB_COLUMNS}) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                         ON CONFLICT (url_key) DO UPDATE SET state = excluded.state, \
                         url = excluded.url, title = excluded.title, \
                         published = excluded.published, \
                         published_rule = excluded.published_rule, \
                         author = excluded.author, source = excluded.source, \
                         locator = excluded.locator"
                    ),
                    &[
                        &key,
                        &state,
                        &stub.url,
                        &stub.title,
                        &stub.published,
                        &stub.published_rule,
                        &stub.author,
                        &stub.source,
                        &stub.locator,
                    ],
                )?;
                kept
            }
        };
        tx.commit()?;
        Ok(kept)
    }

    fn pending_feed_stub_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .query_one(
                "SELECT COUNT(*) FROM feed_stubs WHERE state = $1",
                &[&STUB_PENDING],
            )?
            .try_get(0)?;
        Ok(n as u64)
    }

    fn pending_feed_stub(&self, url_key: &str) -> Result<Option<FeedStub>, StoreError> {
        Ok(self
            .conn()?
            .query_opt(
                &format!("SELECT {STUB_COLUMNS} FROM feed_stubs WHERE url_key = $1 AND state = $2"),
                &[&url_key, &STUB_PENDING],
            )?
            .map(|r| stub_of(&r))
            .transpose()?)
    }

    fn fill_feed_stubs(&mut self, url_keys: &[String]) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE feed_stubs SET state = $1 WHERE url_key = ANY($2)",
            &[&STUB_FILLED, &url_keys],
        )?;
        Ok(())
    }
}
