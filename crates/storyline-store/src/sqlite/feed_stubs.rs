//! [`crate::FeedStubStore`] for [`SqliteStore`]: feed items waiting for the
//! page they link to (`feed_stubs`).

use super::SqliteStore;
use crate::backend::{keep_stub_as, record_from_json, stub_state_and_record};
use crate::{stub_page_urls, FeedStubStore, StoreError, StubKept, STUB_FILLED, STUB_PENDING};
use rusqlite::OptionalExtension;
use storyline_model::FeedStub;

impl FeedStubStore for SqliteStore {
    fn keep_feed_stub(&mut self, stub: &FeedStub) -> Result<StubKept, StoreError> {
        let key = FeedStub::url_key(&stub.url);
        let tx = self.conn.transaction()?;
        let known: Option<(String, String)> = tx
            .query_row(
                "SELECT state, record FROM feed_stubs WHERE url_key = ?1",
                [&key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let kept = keep_stub_as(stub, known, || {
            let [a, b] = stub_page_urls(stub);
            Ok(tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE url IN (?1, ?2))",
                [&a, &b],
                |r| r.get(0),
            )?)
        })?;
        if let Some((state, record)) = stub_state_and_record(stub, kept)? {
            tx.execute(
                "INSERT INTO feed_stubs (url_key, state, record) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (url_key) DO UPDATE SET state = excluded.state, \
                 record = excluded.record",
                [&key, state, &record],
            )?;
        }
        tx.commit()?;
        Ok(kept)
    }

    fn pending_feed_stub_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM feed_stubs WHERE state = ?1",
            [STUB_PENDING],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    fn pending_feed_stub(&self, url_key: &str) -> Result<Option<FeedStub>, StoreError> {
        let record: Option<String> = self
            .conn
            .query_row(
                "SELECT record FROM feed_stubs WHERE url_key = ?1 AND state = ?2",
                [url_key, STUB_PENDING],
                |r| r.get(0),
            )
            .optional()?;
        record
            .map(|r| record_from_json(&r, "feed stub"))
            .transpose()
    }

    fn fill_feed_stubs(&mut self, url_keys: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt =
                tx.prepare_cached("UPDATE feed_stubs SET state = ?1 WHERE url_key = ?2")?;
            for key in url_keys {
                stmt.execute([STUB_FILLED, key.as_str()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
