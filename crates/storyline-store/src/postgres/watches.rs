//! [`crate::WatchStore`] for [`PgStore`]: saved watches, their marks and the
//! alerts they raised (the same tables as SQLite's).

use super::PgStore;
use crate::{Alert, StoreError, Watch, WatchStore};

const WATCH_COLUMNS: &str = "name, query, entity, story, speaker, min_sources, mark";
const ALERT_COLUMNS: &str = "watch, item, kind, title, reason, raised_at, seq";

fn watch_of(r: &postgres::Row) -> Result<Watch, postgres::Error> {
    Ok(Watch {
        name: r.try_get(0)?,
        query: r.try_get(1)?,
        entity: r.try_get(2)?,
        story: r.try_get::<_, Option<i64>>(3)?.map(|n| n as u64),
        speaker: r.try_get(4)?,
        min_sources: r.try_get::<_, Option<i64>>(5)?.map(|n| n as u32),
        mark: r.try_get(6)?,
    })
}

fn alert_of(r: &postgres::Row) -> Result<Alert, postgres::Error> {
    Ok(Alert {
        watch: r.try_get(0)?,
        item: r.try_get(1)?,
        kind: r.try_get(2)?,
        title: r.try_get(3)?,
        reason: r.try_get(4)?,
        raised_at: r.try_get(5)?,
        seq: r.try_get(6)?,
    })
}

impl WatchStore for PgStore {
    fn put_watch(&mut self, w: &Watch) -> Result<(), StoreError> {
        self.conn()?.execute(
            &format!(
                "INSERT INTO watches ({WATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (name) DO UPDATE SET query = excluded.query, \
                 entity = excluded.entity, story = excluded.story, speaker = excluded.speaker, \
                 min_sources = excluded.min_sources, mark = excluded.mark"
            ),
            &[
                &w.name,
                &w.query,
                &w.entity,
                &w.story.map(|n| n as i64),
                &w.speaker,
                &w.min_sources.map(i64::from),
                &w.mark,
            ],
        )?;
        Ok(())
    }

    fn watches(&self) -> Result<Vec<Watch>, StoreError> {
        let rows = self.conn()?.query(
            &format!("SELECT {WATCH_COLUMNS} FROM watches ORDER BY name"),
            &[],
        )?;
        Ok(rows.iter().map(watch_of).collect::<Result<_, _>>()?)
    }

    fn watch(&self, name: &str) -> Result<Option<Watch>, StoreError> {
        let row = self.conn()?.query_opt(
            &format!("SELECT {WATCH_COLUMNS} FROM watches WHERE name = $1"),
            &[&name],
        )?;
        Ok(row.as_ref().map(watch_of).transpose()?)
    }

    fn remove_watch(&mut self, name: &str) -> Result<bool, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        tx.execute("DELETE FROM watch_alerts WHERE watch = $1", &[&name])?;
        let n = tx.execute("DELETE FROM watches WHERE name = $1", &[&name])?;
        tx.commit()?;
        Ok(n > 0)
    }

    fn record_alerts(
        &mut self,
        watch: &str,
        alerts: &[Alert],
        mark: i64,
    ) -> Result<Vec<Alert>, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let mut new = Vec::new();
        for a in alerts {
            let n = tx.execute(
                &format!(
                    "INSERT INTO watch_alerts ({ALERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (watch, item) DO NOTHING"
                ),
                &[&watch, &a.item, &a.kind, &a.title, &a.reason, &a.raised_at, &a.seq],
            )?;
            if n > 0 {
                new.push(Alert {
                    watch: watch.to_string(),
                    ..a.clone()
                });
            }
        }
        tx.execute(
            "UPDATE watches SET mark = GREATEST(mark, $2) WHERE name = $1",
            &[&watch, &mark],
        )?;
        tx.commit()?;
        Ok(new)
    }

    fn alerts(&self, watch: &str, since: Option<&str>) -> Result<Vec<Alert>, StoreError> {
        let rows = self.conn()?.query(
            &format!(
                "SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE watch = $1 \
                 AND ($2::TEXT IS NULL OR raised_at >= $2) ORDER BY seq DESC, item"
            ),
            &[&watch, &since],
        )?;
        Ok(rows.iter().map(alert_of).collect::<Result<_, _>>()?)
    }
}
