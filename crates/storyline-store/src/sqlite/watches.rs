//! [`crate::WatchStore`] for [`SqliteStore`]: saved watches, their marks and
//! the alerts they raised.

use super::SqliteStore;
use crate::{Alert, StoreError, Watch, WatchStore};
use rusqlite::{params, OptionalExtension, Row};

const WATCH_COLUMNS: &str = "name, query, entity, story, speaker, min_sources, mark";
const ALERT_COLUMNS: &str = "watch, item, kind, title, reason, raised_at, seq";

fn watch_of(r: &Row<'_>) -> rusqlite::Result<Watch> {
    Ok(Watch {
        name: r.get(0)?,
        query: r.get(1)?,
        entity: r.get(2)?,
        story: r.get::<_, Option<i64>>(3)?.map(|n| n as u64),
        speaker: r.get(4)?,
        min_sources: r.get::<_, Option<i64>>(5)?.map(|n| n as u32),
        mark: r.get(6)?,
    })
}

fn alert_of(r: &Row<'_>) -> rusqlite::Result<Alert> {
    Ok(Alert {
        watch: r.get(0)?,
        item: r.get(1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        reason: r.get(4)?,
        raised_at: r.get(5)?,
        seq: r.get(6)?,
    })
}

impl WatchStore for SqliteStore {
    fn put_watch(&mut self, w: &Watch) -> Result<(), StoreError> {
        self.conn.execute(
            &format!(
                "INSERT INTO watches ({WATCH_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (name) DO UPDATE SET query = excluded.query, \
                 entity = excluded.entity, story = excluded.story, speaker = excluded.speaker, \
                 min_sources = excluded.min_sources, mark = excluded.mark"
            ),
            params![
                w.name,
                w.query,
                w.entity,
                w.story.map(|n| n as i64),
                w.speaker,
                w.min_sources.map(i64::from),
                w.mark
            ],
        )?;
        Ok(())
    }

    fn watches(&self) -> Result<Vec<Watch>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {WATCH_COLUMNS} FROM watches ORDER BY name"
        ))?;
        let rows = stmt.query_map([], watch_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn watch(&self, name: &str) -> Result<Option<Watch>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {WATCH_COLUMNS} FROM watches WHERE name = ?1"),
                [name],
                watch_of,
            )
            .optional()?)
    }

    fn remove_watch(&mut self, name: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM watch_alerts WHERE watch = ?1", [name])?;
        let n = tx.execute("DELETE FROM watches WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok(n > 0)
    }

    fn record_alerts(
        &mut self,
        watch: &str,
        alerts: &[Alert],
        mark: i64,
    ) -> Result<Vec<Alert>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut new = Vec::new();
        {
            let mut ins = tx.prepare_cached(&format!(
                "INSERT OR IGNORE INTO watch_alerts ({ALERT_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            ))?;
            for a in alerts {
                let n = ins.execute(params![
                    watch,
                    a.item,
                    a.kind,
                    a.title,
                    a.reason,
                    a.raised_at,
                    a.seq
                ])?;
                if n > 0 {
                    new.push(Alert {
                        watch: watch.to_string(),
                        ..a.clone()
                    });
                }
            }
            tx.execute(
                "UPDATE watches SET mark = MAX(mark, ?2) WHERE name = ?1",
                params![watch, mark],
            )?;
        }
        tx.commit()?;
        Ok(new)
    }

    fn alerts(&self, watch: &str, since: Option<&str>) -> Result<Vec<Alert>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE watch = ?1 \
             AND (?2 IS NULL OR raised_at >= ?2) ORDER BY seq DESC, item"
        ))?;
        let rows = stmt.query_map(params![watch, since], alert_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
