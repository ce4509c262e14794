//! [`WatchStore`] for both backends, written once over [`crate::sql`]:
//! saved watches, their marks, the alerts they raised and each alert's
//! webhook delivery (the same tables on SQLite and PostgreSQL).

use crate::sql::{Param, Row, Sql, SqlStore};
use crate::{Alert, Delivery, StoreError, Watch, WatchStore, DELIVERY_DELIVERED};

const WATCH_COLUMNS: &str =
    "name, query, entity, story, speaker, min_sources, mark, webhook, secret_env";
const ALERT_COLUMNS: &str = "watch, item, kind, title, reason, raised_at, seq";
/// An alert's columns and its delivery's, from `watch_alerts a LEFT JOIN
/// watch_deliveries d`.
const ALERT_DELIVERY_COLUMNS: &str = "a.watch, a.item, a.kind, a.title, a.reason, a.raised_at, \
     a.seq, d.state, d.attempts, d.next_try, d.last_error, d.delivered_at";

fn watch_of(r: &Row) -> Result<Watch, StoreError> {
    Ok(Watch {
        name: r.text(0)?,
        query: r.opt_text(1)?,
        entity: r.opt_text(2)?,
        story: r.opt_int(3)?.map(|n| n as u64),
        speaker: r.opt_text(4)?,
        min_sources: r.opt_int(5)?.map(|n| n as u32),
        mark: r.int(6)?,
        webhook: r.opt_text(7)?,
        secret_env: r.opt_text(8)?,
    })
}

fn alert_of(r: &Row) -> Result<Alert, StoreError> {
    Ok(Alert {
        watch: r.text(0)?,
        item: r.text(1)?,
        kind: r.text(2)?,
        title: r.text(3)?,
        reason: r.text(4)?,
        raised_at: r.text(5)?,
        seq: r.int(6)?,
        delivery: match r.opt_text(7)? {
            None => None,
            Some(state) => Some(Delivery {
                state,
                attempts: r.int(8)? as u32,
                next_try: r.opt_text(9)?,
                last_error: r.opt_text(10)?,
                delivered_at: r.opt_text(11)?,
            }),
        },
    })
}

fn alerts_of(rows: Vec<Row>) -> Result<Vec<Alert>, StoreError> {
    rows.iter().map(alert_of).collect()
}

/// Records one watch's new alerts (and, when it has a webhook, their
/// pending deliveries) and moves its mark forward, inside the caller's
/// transaction; the alerts newly recorded.
fn record(
    sql: &mut dyn Sql,
    watch: &str,
    alerts: &[Alert],
    mark: i64,
) -> Result<Vec<Alert>, StoreError> {
    let hooked = match sql.query_opt(
        "SELECT webhook IS NOT NULL FROM watches WHERE name = $1",
        &[watch.into()],
    )? {
        Some(r) => r.flag(0)?,
        None => false,
    };
    let insert_alert = format!(
        "INSERT INTO watch_alerts ({ALERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (watch, item) DO NOTHING"
    );
    let mut new = Vec::new();
    for a in alerts {
        let params = [
            watch.into(),
            (&a.item).into(),
            (&a.kind).into(),
            (&a.title).into(),
            (&a.reason).into(),
            (&a.raised_at).into(),
            a.seq.into(),
        ];
        if sql.execute(&insert_alert, &params)? == 0 {
            continue;
        }
        let delivery = hooked.then(Delivery::pending);
        if let Some(d) = &delivery {
            sql.execute(
                "INSERT INTO watch_deliveries (watch, item, state, attempts) \
                 VALUES ($1, $2, $3, 0) ON CONFLICT (watch, item) DO NOTHING",
                &[watch.into(), (&a.item).into(), (&d.state).into()],
            )?;
        }
        new.push(Alert {
            watch: watch.to_string(),
            delivery,
            ..a.clone()
        });
    }
    // The mark only moves forward.
    sql.execute(
        "UPDATE watches SET mark = $2 WHERE name = $1 AND mark < $2",
        &[watch.into(), mark.into()],
    )?;
    Ok(new)
}

impl<S: SqlStore> WatchStore for S {
    fn put_watch(&mut self, w: &Watch) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO watches ({WATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (name) DO UPDATE SET query = excluded.query, \
             entity = excluded.entity, story = excluded.story, speaker = excluded.speaker, \
             min_sources = excluded.min_sources, mark = excluded.mark, \
             webhook = excluded.webhook, secret_env = excluded.secret_env"
        );
        let params = [
            (&w.name).into(),
            (&w.query).into(),
            (&w.entity).into(),
            w.story.map(|n| n as i64).into(),
            (&w.speaker).into(),
            w.min_sources.map(i64::from).into(),
            w.mark.into(),
            (&w.webhook).into(),
            (&w.secret_env).into(),
        ];
        self.with_sql(|c| c.execute(&sql, &params).map(|_| ()))
    }

    fn watches(&self) -> Result<Vec<Watch>, StoreError> {
        let sql = format!("SELECT {WATCH_COLUMNS} FROM watches ORDER BY name");
        self.with_sql(|c| c.query(&sql, &[])?.iter().map(watch_of).collect())
    }

    fn watch(&self, name: &str) -> Result<Option<Watch>, StoreError> {
        let sql = format!("SELECT {WATCH_COLUMNS} FROM watches WHERE name = $1");
        self.with_sql(|c| {
            c.query_opt(&sql, &[name.into()])?
                .as_ref()
                .map(watch_of)
                .transpose()
        })
    }

    fn remove_watch(&mut self, name: &str) -> Result<bool, StoreError> {
        self.with_sql_transaction(|c| {
            c.execute(
                "DELETE FROM watch_deliveries WHERE watch = $1",
                &[name.into()],
            )?;
            c.execute("DELETE FROM watch_alerts WHERE watch = $1", &[name.into()])?;
            Ok(c.execute("DELETE FROM watches WHERE name = $1", &[name.into()])? > 0)
        })
    }

    fn record_alerts(
        &mut self,
        watch: &str,
        alerts: &[Alert],
        mark: i64,
    ) -> Result<Vec<Alert>, StoreError> {
        self.with_sql_transaction(|c| record(c, watch, alerts, mark))
    }

    fn alerts(&self, watch: &str, since: Option<&str>) -> Result<Vec<Alert>, StoreError> {
        let sql = format!(
            "SELECT {ALERT_DELIVERY_COLUMNS} FROM watch_alerts a \
             LEFT JOIN watch_deliveries d ON d.watch = a.watch AND d.item = a.item \
             WHERE a.watch = $1 AND (CAST($2 AS TEXT) IS NULL OR a.raised_at >= $2) \
             ORDER BY a.seq DESC, a.item"
        );
        self.with_sql(|c| alerts_of(c.query(&sql, &[watch.into(), Param::Text(since)])?))
    }

    fn due_deliveries(&self, now: &str, limit: usize) -> Result<Vec<Alert>, StoreError> {
        let sql = format!(
            "SELECT {ALERT_DELIVERY_COLUMNS} FROM watch_deliveries d \
             JOIN watch_alerts a ON a.watch = d.watch AND a.item = d.item \
             WHERE d.state = 'pending' OR (d.state = 'failed' AND d.next_try <= $1) \
             ORDER BY a.seq, a.watch, a.item LIMIT $2"
        );
        let limit = limit.min(i64::MAX as usize) as i64;
        self.with_sql(|c| alerts_of(c.query(&sql, &[now.into(), limit.into()])?))
    }

    fn set_delivery(&mut self, watch: &str, item: &str, d: &Delivery) -> Result<bool, StoreError> {
        let params = [
            watch.into(),
            item.into(),
            (&d.state).into(),
            i64::from(d.attempts).into(),
            (&d.next_try).into(),
            (&d.last_error).into(),
            (&d.delivered_at).into(),
            DELIVERY_DELIVERED.into(),
        ];
        self.with_sql(|c| {
            let n = c.execute(
                "UPDATE watch_deliveries SET state = $3, attempts = $4, next_try = $5, \
                 last_error = $6, delivered_at = $7 \
                 WHERE watch = $1 AND item = $2 AND state <> $8",
                &params,
            )?;
            Ok(n > 0)
        })
    }
}
