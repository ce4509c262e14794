//! [`crate::WatchStore`] for [`SqliteStore`]: saved watches, their marks,
//! the alerts they raised and each alert's webhook delivery.

use super::SqliteStore;
use crate::{Alert, Delivery, StoreError, Watch, WatchStore, DELIVERY_DELIVERED};
use rusqlite::{params, OptionalExtension, Row};

const WATCH_COLUMNS: &str =
    "name, query, entity, story, speaker, min_sources, mark, webhook, secret_env";
const ALERT_COLUMNS: &str = "watch, item, kind, title, reason, raised_at, seq";
/// An alert's columns and its delivery's, from `watch_alerts a LEFT JOIN
/// watch_deliveries d`.
const ALERT_DELIVERY_COLUMNS: &str = "a.watch, a.item, a.kind, a.title, a.reason, a.raised_at, \
     a.seq, d.state, d.attempts, d.next_try, d.last_error, d.delivered_at";

fn watch_of(r: &Row<'_>) -> rusqlite::Result<Watch> {
    Ok(Watch {
        name: r.get(0)?,
        query: r.get(1)?,
        entity: r.get(2)?,
        story: r.get::<_, Option<i64>>(3)?.map(|n| n as u64),
        speaker: r.get(4)?,
        min_sources: r.get::<_, Option<i64>>(5)?.map(|n| n as u32),
        mark: r.get(6)?,
        webhook: r.get(7)?,
        secret_env: r.get(8)?,
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
        delivery: match r.get::<_, Option<String>>(7)? {
            None => None,
            Some(state) => Some(Delivery {
                state,
                attempts: r.get::<_, i64>(8)? as u32,
                next_try: r.get(9)?,
                last_error: r.get(10)?,
                delivered_at: r.get(11)?,
            }),
        },
    })
}

impl WatchStore for SqliteStore {
    fn put_watch(&mut self, w: &Watch) -> Result<(), StoreError> {
        self.conn.execute(
            &format!(
                "INSERT INTO watches ({WATCH_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT (name) DO UPDATE SET query = excluded.query, \
                 entity = excluded.entity, story = excluded.story, speaker = excluded.speaker, \
                 min_sources = excluded.min_sources, mark = excluded.mark, \
                 webhook = excluded.webhook, secret_env = excluded.secret_env"
            ),
            params![
                w.name,
                w.query,
                w.entity,
                w.story.map(|n| n as i64),
                w.speaker,
                w.min_sources.map(i64::from),
                w.mark,
                w.webhook,
                w.secret_env
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
        self.in_transaction(|tx| {
            tx.execute("DELETE FROM watch_deliveries WHERE watch = ?1", [name])?;
            tx.execute("DELETE FROM watch_alerts WHERE watch = ?1", [name])?;
            let n = tx.execute("DELETE FROM watches WHERE name = ?1", [name])?;
            Ok(n > 0)
        })
    }

    fn record_alerts(
        &mut self,
        watch: &str,
        alerts: &[Alert],
        mark: i64,
    ) -> Result<Vec<Alert>, StoreError> {
        self.in_transaction(|tx| {
            let mut new = Vec::new();
            {
                let hooked: bool = tx
                    .query_row(
                        "SELECT webhook IS NOT NULL FROM watches WHERE name = ?1",
                        [watch],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or(false);
                let mut pend = tx.prepare_cached(
                    "INSERT OR IGNORE INTO watch_deliveries (watch, item, state, attempts) \
                     VALUES (?1, ?2, ?3, 0)",
                )?;
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
                        let delivery = hooked.then(Delivery::pending);
                        if let Some(d) = &delivery {
                            pend.execute(params![watch, a.item, d.state])?;
                        }
                        new.push(Alert {
                            watch: watch.to_string(),
                            delivery,
                            ..a.clone()
                        });
                    }
                }
                tx.execute(
                    "UPDATE watches SET mark = MAX(mark, ?2) WHERE name = ?1",
                    params![watch, mark],
                )?;
            }
            Ok(new)
        })
    }

    fn alerts(&self, watch: &str, since: Option<&str>) -> Result<Vec<Alert>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ALERT_DELIVERY_COLUMNS} FROM watch_alerts a \
             LEFT JOIN watch_deliveries d ON d.watch = a.watch AND d.item = a.item \
             WHERE a.watch = ?1 AND (?2 IS NULL OR a.raised_at >= ?2) \
             ORDER BY a.seq DESC, a.item"
        ))?;
        let rows = stmt.query_map(params![watch, since], alert_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn due_deliveries(&self, now: &str, limit: usize) -> Result<Vec<Alert>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ALERT_DELIVERY_COLUMNS} FROM watch_deliveries d \
             JOIN watch_alerts a ON a.watch = d.watch AND a.item = d.item \
             WHERE d.state = 'pending' OR (d.state = 'failed' AND d.next_try <= ?1) \
             ORDER BY a.seq, a.watch, a.item LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![now, limit as i64], alert_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn set_delivery(&mut self, watch: &str, item: &str, d: &Delivery) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE watch_deliveries SET state = ?3, attempts = ?4, next_try = ?5, \
             last_error = ?6, delivered_at = ?7 \
             WHERE watch = ?1 AND item = ?2 AND state <> ?8",
            params![
                watch,
                item,
                d.state,
                i64::from(d.attempts),
                d.next_try,
                d.last_error,
                d.delivered_at,
                DELIVERY_DELIVERED
            ],
        )?;
        Ok(n > 0)
    }
}
