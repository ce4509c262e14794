//! [`crate::FeedStubStore`] for [`PgStore`]: feed items waiting for the
//! page they link to (the same `feed_stubs` table as SQLite's).

use super::PgStore;
use crate::backend::{keep_stub_as, record_from_json, stub_state_and_record};
use crate::{stub_page_urls, FeedStubStore, StoreError, StubKept, STUB_FILLED, STUB_PENDING};
use storyline_model::FeedStub;

impl FeedStubStore for PgStore {
    fn keep_feed_stub(&mut self, stub: &FeedStub) -> Result<StubKept, StoreError> {
        let key = FeedStub::url_key(&stub.url);
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let known = tx
            .query_opt(
                "SELECT state, record FROM feed_stubs WHERE url_key = $1 FOR UPDATE",
                &[&key],
            )?
            .map(|r| Ok::<_, postgres::Error>((r.try_get(0)?, r.try_get(1)?)))
            .transpose()?;
        let kept = keep_stub_as(stub, known, || {
            let [a, b] = stub_page_urls(stub);
            let row = tx.query_one(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE url IN ($1, $2))",
                &[&a, &b],
            )?;
            Ok(row.try_get(0)?)
        })?;
        if let Some((state, record)) = stub_state_and_record(stub, kept)? {
            tx.execute(
                "INSERT INTO feed_stubs (url_key, state, record) VALUES ($1, $2, $3) \
                 ON CONFLICT (url_key) DO UPDATE SET state = excluded.state, \
                 record = excluded.record",
                &[&key, &state, &record],
            )?;
        }
        tx.commit()?;
        Ok(kept)
    }

    fn pending_feed_stub_count(&self) -> Result<u64, StoreError> {
        let row = self.conn()?.query_one(
            "SELECT COUNT(*) FROM feed_stubs WHERE state = $1",
            &[&STUB_PENDING],
        )?;
        Ok(row.try_get::<_, i64>(0)? as u64)
    }

    fn pending_feed_stub(&self, url_key: &str) -> Result<Option<FeedStub>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT record FROM feed_stubs WHERE url_key = $1 AND state = $2",
            &[&url_key, &STUB_PENDING],
        )?;
        row.map(|r| record_from_json(&r.try_get::<_, String>(0)?, "feed stub"))
            .transpose()
    }

    fn fill_feed_stubs(&mut self, url_keys: &[String]) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE feed_stubs SET state = $1 WHERE url_key = ANY($2)",
            &[&STUB_FILLED, &url_keys],
        )?;
        Ok(())
    }
}
