//! [`crate::WatchStore`] for [`PgStore`]: saved watches, their marks, the
//! alerts they raised and each alert's webhook delivery (the same tables as
//! SQLite's).

use super::PgStore;
use crate::{Alert, Delivery, StoreError, Watch, WatchStore, DELIVERY_DELIVERED};

const WATCH_COLUMNS: &str =
    "name, query, entity, story, speaker, min_sources, mark, webhook, secret_env";
const ALERT_COLUMNS: &str = "watch, item, kind, title, reason, raised_at, seq";
/// An alert's columns and its delivery's, from `watch_alerts a LEFT JOIN
/// watch_deliveries d`.
const ALERT_DELIVERY_COLUMNS: &str = "a.watch, a.item, a.kind, a.title, a.reason, a.raised_at, \
     a.seq, d.state, d.attempts, d.next_try, d.last_error, d.delivered_at";

fn watch_of(r: &postgres::Row) -> Result<Watch, postgres::Error> {
    Ok(Watch {
        name: r.try_get(0)?,
        query: r.try_get(1)?,
        entity: r.try_get(2)?,
        story: r.try_get::<_, Option<i64>>(3)?.map(|n| n as u64),
        speaker: r.try_get(4)?,
        min_sources: r.try_get::<_, Option<i64>>(5)?.map(|n| n as u32),
        mark: r.try_get(6)?,
        webhook: r.try_get(7)?,
        secret_env: r.try_get(8)?,
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
        delivery: match r.try_get::<_, Option<String>>(7)? {
            None => None,
            Some(state) => Some(Delivery {
                state,
                attempts: r.try_get::<_, i64>(8)? as u32,
                next_try: r.try_get(9)?,
                last_error: r.try_get(10)?,
                delivered_at: r.try_get(11)?,
            }),
        },
    })
}

impl WatchStore for PgStore {
    fn put_watch(&mut self, w: &Watch) -> Result<(), StoreError> {
        self.conn()?.execute(
            &format!(
                "INSERT INTO watches ({WATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (name) DO UPDATE SET query = excluded.query, \
                 entity = excluded.entity, story = excluded.story, speaker = excluded.speaker, \
                 min_sources = excluded.min_sources, mark = excluded.mark, \
                 webhook = excluded.webhook, secret_env = excluded.secret_env"
            ),
            &[
                &w.name,
                &w.query,
                &w.entity,
                &w.story.map(|n| n as i64),
                &w.speaker,
                &w.min_sources.map(i64::from),
                &w.mark,
                &w.webhook,
                &w.secret_env,
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
        self.in_transaction(|tx| {
            tx.execute("DELETE FROM watch_deliveries WHERE watch = $1", &[&name])?;
            tx.execute("DELETE FROM watch_alerts WHERE watch = $1", &[&name])?;
            let n = tx.execute("DELETE FROM watches WHERE name = $1", &[&name])?;
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
            let hooked: bool = tx
                .query_opt(
                    "SELECT webhook IS NOT NULL FROM watches WHERE name = $1",
                    &[&watch],
                )?
                .map(|r| r.try_get(0))
                .transpose()?
                .unwrap_or(false);
            for a in alerts {
                let n = tx.execute(
                    &format!(
                        "INSERT INTO watch_alerts ({ALERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (watch, item) DO NOTHING"
                    ),
                    &[&watch, &a.item, &a.kind, &a.title, &a.reason, &a.raised_at, &a.seq],
                )?;
                if n > 0 {
                    let delivery = hooked.then(Delivery::pending);
                    if let Some(d) = &delivery {
                        tx.execute(
                            "INSERT INTO watch_deliveries (watch, item, state, attempts) \
                             VALUES ($1, $2, $3, 0) ON CONFLICT (watch, item) DO NOTHING",
                            &[&watch, &a.item, &d.state],
                        )?;
                    }
                    new.push(Alert {
                        watch: watch.to_string(),
                        delivery,
                        ..a.clone()
                    });
                }
            }
            tx.execute(
                "UPDATE watches SET mark = GREATEST(mark, $2) WHERE name = $1",
                &[&watch, &mark],
            )?;
            Ok(new)
        })
    }

    fn alerts(&self, watch: &str, since: Option<&str>) -> Result<Vec<Alert>, StoreError> {
        let rows = self.conn()?.query(
            &format!(
                "SELECT {ALERT_DELIVERY_COLUMNS} FROM watch_alerts a \
                 LEFT JOIN watch_deliveries d ON d.watch = a.watch AND d.item = a.item \
                 WHERE a.watch = $1 AND ($2::TEXT IS NULL OR a.raised_at >= $2) \
                 ORDER BY a.seq DESC, a.item"
            ),
            &[&watch, &since],
        )?;
        Ok(rows.iter().map(alert_of).collect::<Result<_, _>>()?)
    }

    fn due_deliveries(&self, now: &str, limit: usize) -> Result<Vec<Alert>, StoreError> {
        let rows = self.conn()?.query(
            &format!(
                "SELECT {ALERT_DELIVERY_COLUMNS} FROM watch_deliveries d \
                 JOIN watch_alerts a ON a.watch = d.watch AND a.item = d.item \
                 WHERE d.state = 'pending' OR (d.state = 'failed' AND d.next_try <= $1) \
                 ORDER BY a.seq, a.watch, a.item LIMIT $2"
            ),
            &[&now, &(limit as i64)],
        )?;
        Ok(rows.iter().map(alert_of).collect::<Result<_, _>>()?)
    }

    fn set_delivery(&mut self, watch: &str, item: &str, d: &Delivery) -> Result<bool, StoreError> {
        let n = self.conn()?.execute(
            "UPDATE watch_deliveries SET state = $3, attempts = $4, next_try = $5, \
             last_error = $6, delivered_at = $7 \
             WHERE watch = $1 AND item = $2 AND state <> $8",
            &[
                &watch,
                &item,
                &d.state,
                &i64::from(d.attempts),
                &d.next_try,
                &d.last_error,
                &d.delivered_at,
                &DELIVERY_DELIVERED,
            ],
        )?;
        Ok(n > 0)
    }
}
