//! [`crate::FeedStubStore`] for [`SqliteStore`]: feed items waiting for the
//! page they link to (`feed_stubs`).

use super::SqliteStore;
use crate::{stub_page_urls, FeedStubStore, StoreError, StubKept};
use rusqlite::{params, OptionalExtension, Row};
use storyline_model::FeedStub;

const STUB_COLUMNS: &str = "url, title, published, published_rule, author, source, locator";

fn stub_of(r: &Row<'_>) -> rusqlite::Result<FeedStub> {
    Ok(FeedStub {
        url: r.get(0)?,
        title: r.get(1)?,
        published: r.get(2)?,
        published_rule: r.get(3)?,
        author: r.get(4)?,
        source: r.get(5)?,
        locator: r.get(6)?,
    })
}

impl FeedStubStore for SqliteStore {
    fn keep_feed_stub(&mut self, stub: &FeedStub) -> Result<StubKept, StoreError> {
        let key = FeedStub::url_key(&stub.url);
        let tx = self.conn.transaction()?;
        let known: Option<(FeedStub, String)> = tx
            .query_row(
                &format!("SELECT {STUB_COLUMNS}, state FROM feed_stubs WHERE url_key = ?1"),
                [&key],
                |r| Ok((stub_of(r)?, r.get(7)?)),
            )
            .optional()?;
        let kept = match known {
            Some((_, state)) if state == crate::STUB_FILLED => StubKept::Known,
            Some((old, _)) if &old == stub => StubKept::Known,
            _ => {
                let [a, b] = stub_page_urls(stub);
                let stored: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM articles WHERE url IN (?1, ?2))",
                    [&a, &b],
                    |r| r.get(0),
                )?;
                let (state, kept) = if stored {
                    (crate::STUB_FILLED, StubKept::PageStored)
                } else {
                    (crate::STUB_PENDING, StubKept::Pending)
                };
                tx.execute(
                    &format!(
                        "INSERT INTO feed_stubs (url_key, state, {STUB_COLUMNS}) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                         ON CONFLICT (url_key) DO UPDATE SET state = excluded.state, \
                         url = excluded.url, title = excluded.title, \
                         published = excluded.published, \
                         published_rule = excluded.published_rule, \
                         author = excluded.author, source = excluded.source, \
                         locator = excluded.locator"
                    ),
                    params![
                        key,
                        state,
                        stub.url,
                        stub.title,
                        stub.published,
                        stub.published_rule,
                        stub.author,
                        stub.source,
                        stub.locator
                    ],
                )?;
                kept
            }
        };
        tx.commit()?;
        Ok(kept)
    }

    fn pending_feed_stub_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM feed_stubs WHERE state = ?1",
            [crate::STUB_PENDING],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    fn pending_feed_stub(&self, url_key: &str) -> Result<Option<FeedStub>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {STUB_COLUMNS} FROM feed_stubs WHERE url_key = ?1 AND state = ?2"),
                [url_key, crate::STUB_PENDING],
                stub_of,
            )
            .optional()?)
    }

    fn fill_feed_stubs(&mut self, url_keys: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt =
                tx.prepare_cached("UPDATE feed_stubs SET state = ?1 WHERE url_key = ?2")?;
            for key in url_keys {
                stmt.execute([crate::STUB_FILLED, key.as_str()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
