//! [`crate::EventStore`] for [`PgStore`]: events, stories and the event
//! engine's state.

use super::{bigint, PgStore};
use crate::backend::{self, event_sort_day, record_from_json, to_json};
use crate::sql::SqlStore;
use crate::{EventOrder, EventQuery, EventSignals, EventStore, EventUpdate, StoreError};
use postgres::types::ToSql;
use postgres::Row;
use storyline_model::{ArticleId, EventRecord, StoryRecord};

fn events_from_rows(rows: Vec<Row>) -> Result<Vec<EventRecord>, StoreError> {
    rows.iter()
        .map(|r| record_from_json(r.try_get::<_, &str>(0)?, "event"))
        .collect()
}

/// Event ordering: by date (undated last), then id.
const EVENT_ORDER: &str = "sort_day IS NULL, sort_day, id";

impl PgStore {
    fn event_query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<EventRecord>, StoreError> {
        let rows = self.conn()?.query(sql, params)?;
        events_from_rows(rows)
    }
}

impl EventStore for PgStore {
    fn put_events(&mut self, u: &EventUpdate) -> Result<(), StoreError> {
        self.in_transaction(|tx| {
            let ev = tx.prepare(
                "INSERT INTO events (id, story, sort_day, date_kind, record) \
                 VALUES ($1, $2, $3, $4, $5::text::jsonb) ON CONFLICT (id) DO UPDATE SET \
                 story = excluded.story, sort_day = excluded.sort_day, \
                 date_kind = excluded.date_kind, record = excluded.record",
            )?;
            let mem = tx.prepare(
                "INSERT INTO event_members (article, event) VALUES ($1, $2) \
                 ON CONFLICT (article) DO UPDATE SET event = excluded.event",
            )?;
            for e in &u.events {
                let json = to_json(e)?;
                let day = event_sort_day(e);
                tx.execute(
                    &ev,
                    &[
                        &(e.id as i64),
                        &(e.story as i64),
                        &day,
                        &e.date.kind.as_str(),
                        &json,
                    ],
                )?;
                for m in &e.members {
                    tx.execute(&mem, &[&m.article.as_str(), &(e.id as i64)])?;
                }
            }
            let forget = tx.prepare("DELETE FROM event_entities WHERE event_id = $1")?;
            let derive = tx.prepare(crate::annotations::EVENT_ENTITIES_OF_EVENT)?;
            for e in &u.events {
                tx.execute(&forget, &[&(e.id as i64)])?;
                tx.execute(&derive, &[&(e.id as i64)])?;
            }
            tx.execute("DELETE FROM stories", &[])?;
            let st = tx.prepare(
                "INSERT INTO stories (id, record) VALUES ($1, $2::text::jsonb) \
                 ON CONFLICT (id) DO UPDATE SET record = excluded.record",
            )?;
            for s in &u.stories {
                tx.execute(&st, &[&(s.id as i64), &to_json(s)?])?;
            }
            tx.execute(
                "INSERT INTO event_state (id, through_seq, state) VALUES (1, $1, $2) \
                 ON CONFLICT (id) DO UPDATE SET through_seq = excluded.through_seq, \
                 state = excluded.state, saved_at = now()",
                &[&u.through_seq, &u.state],
            )?;
            Ok(())
        })
    }

    fn event_state(&self) -> Result<Option<(i64, String)>, StoreError> {
        self.conn()?
            .query_opt(
                "SELECT through_seq, state FROM event_state WHERE id = 1",
                &[],
            )?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .transpose()
    }

    fn event_seq(&self) -> Result<Option<i64>, StoreError> {
        self.conn()?
            .query_opt("SELECT through_seq FROM event_state WHERE id = 1", &[])?
            .map(|r| Ok(r.try_get(0)?))
            .transpose()
    }

    fn list_events(&self) -> Result<Vec<EventRecord>, StoreError> {
        self.event_query(
            &format!("SELECT record::text FROM events ORDER BY {EVENT_ORDER}"),
            &[],
        )
    }

    fn list_stories(&self) -> Result<Vec<StoryRecord>, StoreError> {
        let rows = self
            .conn()?
            .query("SELECT record::text FROM stories ORDER BY id", &[])?;
        rows.iter()
            .map(|r| record_from_json(r.try_get::<_, &str>(0)?, "story"))
            .collect()
    }

    fn event_of(&self, article: &ArticleId) -> Result<Option<u64>, StoreError> {
        self.conn()?
            .query_opt(
                "SELECT event FROM event_members WHERE article = $1",
                &[&article.as_str()],
            )?
            .map(|r| Ok(r.try_get::<_, i64>(0)? as u64))
            .transpose()
    }

    fn clear_events(&mut self) -> Result<(), StoreError> {
        self.in_transaction(|tx| {
            tx.batch_execute(
                "DELETE FROM event_entities; DELETE FROM event_members; DELETE FROM events; \
                 DELETE FROM stories; DELETE FROM event_state;",
            )?;
            Ok(())
        })
    }

    fn get_event(&self, id: u64) -> Result<Option<EventRecord>, StoreError> {
        Ok(self
            .event_query(
                "SELECT record::text FROM events WHERE id = $1",
                &[&(id as i64)],
            )?
            .pop())
    }

    fn events_page(&self, offset: usize, limit: usize) -> Result<Vec<EventRecord>, StoreError> {
        self.event_query(
            "SELECT record::text FROM events ORDER BY id LIMIT $1 OFFSET $2",
            &[&bigint(limit), &bigint(offset)],
        )
    }

    fn query_events(&self, q: &EventQuery) -> Result<(Vec<EventRecord>, u64), StoreError> {
        let source = q.source.as_ref().map(|s| s.to_lowercase());
        let lang = q.lang.as_ref().map(|l| l.to_lowercase());
        let min = q.min_sources.map(bigint);
        let filter = "FROM events ev \
             WHERE ($1::date IS NULL OR ev.sort_day >= $1) \
               AND ($2::date IS NULL OR ev.sort_day <= $2) \
               AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM event_entities ee \
                    WHERE ee.event_id = ev.id AND ee.entity_id = $3)) \
               AND (($4::text IS NULL AND $5::text IS NULL) OR EXISTS (SELECT 1 FROM event_members em \
                    JOIN articles a ON a.id = em.article WHERE em.event = ev.id \
                    AND ($4::text IS NULL OR lower(a.source) = $4) \
                    AND ($5::text IS NULL OR a.language = $5))) \
               AND ($6::bigint IS NULL OR (ev.record->>'independent_sources')::bigint >= $6)";
        let args: [&(dyn ToSql + Sync); 6] = [&q.from, &q.to, &q.entity, &source, &lang, &min];
        let total: i64 = self
            .conn()?
            .query_one(&format!("SELECT COUNT(*) {filter}"), &args)?
            .try_get(0)?;
        let order = match q.order {
            EventOrder::Id => "ev.id",
            EventOrder::Date => "ev.sort_day IS NULL, ev.sort_day, ev.id",
            EventOrder::Sources => {
                "(ev.record->>'independent_sources')::bigint DESC, \
                 ev.sort_day IS NULL, ev.sort_day, ev.id"
            }
        };
        let (limit, offset) = (bigint(q.limit), bigint(q.offset));
        let events = self.event_query(
            &format!("SELECT ev.record::text {filter} ORDER BY {order} LIMIT $7 OFFSET $8"),
            &[
                &q.from, &q.to, &q.entity, &source, &lang, &min, &limit, &offset,
            ],
        )?;
        Ok((events, total as u64))
    }

    fn count_events(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn()?
            .query_one("SELECT COUNT(*) FROM events", &[])?
            .try_get::<_, i64>(0)? as u64)
    }

    fn events_in_story(&self, story: u64) -> Result<Vec<EventRecord>, StoreError> {
        self.event_query(
            &format!("SELECT record::text FROM events WHERE story = $1 ORDER BY {EVENT_ORDER}"),
            &[&(story as i64)],
        )
    }

    fn events_of_articles(&self, articles: &[ArticleId]) -> Result<Vec<EventRecord>, StoreError> {
        let ids: Vec<&str> = articles.iter().map(|a| a.as_str()).collect();
        self.event_query(
            &format!(
                "SELECT record::text FROM events WHERE id IN \
                 (SELECT event FROM event_members WHERE article = ANY($1)) ORDER BY {EVENT_ORDER}"
            ),
            &[&ids],
        )
    }

    fn entity_events(
        &self,
        entity_id: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<EventRecord>, u64), StoreError> {
        self.with_sql(|c| backend::entity_events(c, entity_id, offset, limit))
    }

    fn event_signals_between(
        &self,
        after: i64,
        through: i64,
    ) -> Result<Vec<(i64, EventSignals)>, StoreError> {
        self.with_sql(|c| crate::annotations::event_signals_between(c, after, through))
    }

    /// Not tracked: workers write annotations while clustering runs, and a
    /// mark written between clustering's read and its save would be lost.
    fn signals_written(&self, _through: i64) -> Result<Option<Vec<i64>>, StoreError> {
        Ok(None)
    }
}
