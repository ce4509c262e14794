//! [`crate::EventStore`] for [`SqliteStore`]: events, stories and the event
//! engine's state.

use super::SqliteStore;
use crate::backend::{self, event_sort_day, record_from_json, to_json};
use crate::sql::SqlStore;
use crate::{EventOrder, EventQuery, EventSignals, EventStore, EventUpdate, StoreError};
use rusqlite::{params, OptionalExtension};
use storyline_model::{ArticleId, EventRecord, StoryRecord};

impl EventStore for SqliteStore {
    fn put_events(&mut self, u: &EventUpdate) -> Result<(), StoreError> {
        self.in_transaction(|tx| {
            {
                let mut ev = tx.prepare_cached(
                    "INSERT OR REPLACE INTO events (id, story, sort_day, date_kind, record) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                let mut mem = tx.prepare_cached(
                    "INSERT OR REPLACE INTO event_members (article, event) VALUES (?1, ?2)",
                )?;
                for e in &u.events {
                    let json = to_json(e)?;
                    let day = event_sort_day(e).map(|d| d.format("%Y-%m-%d").to_string());
                    ev.execute(params![
                        e.id as i64,
                        e.story as i64,
                        day,
                        e.date.kind.as_str(),
                        json
                    ])?;
                    for m in &e.members {
                        mem.execute(params![m.article.as_str(), e.id as i64])?;
                    }
                }
                let mut forget = tx.prepare_cached("DELETE FROM event_entities WHERE event_id = ?1")?;
                let mut derive = tx.prepare_cached(crate::annotations::EVENT_ENTITIES_OF_EVENT)?;
                for e in &u.events {
                    forget.execute([e.id as i64])?;
                    derive.execute([e.id as i64])?;
                }
                tx.execute("DELETE FROM stories", [])?;
                let mut st =
                    tx.prepare_cached("INSERT OR REPLACE INTO stories (id, record) VALUES (?1, ?2)")?;
                for s in &u.stories {
                    st.execute(params![s.id as i64, to_json(s)?])?;
                }
                tx.execute(
                    "INSERT OR REPLACE INTO event_state (id, through_seq, state) VALUES (1, ?1, ?2)",
                    params![u.through_seq, u.state],
                )?;
                tx.execute(
                    "DELETE FROM signal_changes WHERE article_seq <= ?1",
                    [u.through_seq],
                )?;
            }
            Ok(())
        })
    }

    fn event_state(&self) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT through_seq, state FROM event_state WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn event_seq(&self) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT through_seq FROM event_state WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn list_events(&self) -> Result<Vec<EventRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM events ORDER BY sort_day IS NULL, sort_day, id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| event_from_json(&r?)).collect()
    }

    fn list_stories(&self) -> Result<Vec<StoryRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM stories ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| record_from_json(&r?, "story")).collect()
    }

    fn event_of(&self, article: &ArticleId) -> Result<Option<u64>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT event FROM event_members WHERE article = ?1",
                [article.as_str()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|e| e as u64))
    }

    fn clear_events(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "BEGIN; DELETE FROM event_entities; DELETE FROM event_members; DELETE FROM events; DELETE FROM stories; \
             DELETE FROM event_state; COMMIT;",
        )?;
        Ok(())
    }

    fn get_event(&self, id: u64) -> Result<Option<EventRecord>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT record FROM events WHERE id = ?1",
                [id as i64],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| event_from_json(&j)).transpose()
    }

    fn events_page(&self, offset: usize, limit: usize) -> Result<Vec<EventRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM events ORDER BY id LIMIT ?1 OFFSET ?2")?;
        let rows = stmt.query_map(
            params![limit.min(i64::MAX as usize) as i64, offset as i64],
            |r| r.get::<_, String>(0),
        )?;
        rows.map(|r| event_from_json(&r?)).collect()
    }

    fn query_events(&self, q: &EventQuery) -> Result<(Vec<EventRecord>, u64), StoreError> {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let source = q.source.as_ref().map(|s| s.to_lowercase());
        let lang = q.lang.as_ref().map(|l| l.to_lowercase());
        let min = q.min_sources.map(|n| n.min(i64::MAX as usize) as i64);
        let filter = "FROM events ev \
             WHERE (?1 IS NULL OR ev.sort_day >= ?1) \
               AND (?2 IS NULL OR ev.sort_day <= ?2) \
               AND (?3 IS NULL OR EXISTS (SELECT 1 FROM event_entities ee \
                    WHERE ee.event_id = ev.id AND ee.entity_id = ?3)) \
               AND ((?4 IS NULL AND ?5 IS NULL) OR EXISTS (SELECT 1 FROM event_members em \
                    JOIN articles a ON a.id = em.article WHERE em.event = ev.id \
                    AND (?4 IS NULL OR lower(a.source) = ?4) \
                    AND (?5 IS NULL OR a.language = ?5))) \
               AND (?6 IS NULL OR json_extract(ev.record, '$.independent_sources') >= ?6)";
        let args = params![day(q.from), day(q.to), q.entity, source, lang, min];
        let total: i64 = self
            .conn
            .query_row(&format!("SELECT COUNT(*) {filter}"), args, |r| r.get(0))?;
        let order = match q.order {
            EventOrder::Id => "ev.id",
            EventOrder::Date => "ev.sort_day IS NULL, ev.sort_day, ev.id",
            EventOrder::Sources => {
                "json_extract(ev.record, '$.independent_sources') DESC, \
                 ev.sort_day IS NULL, ev.sort_day, ev.id"
            }
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT ev.record {filter} ORDER BY {order} LIMIT ?7 OFFSET ?8"
        ))?;
        let rows = stmt.query_map(
            params![
                day(q.from),
                day(q.to),
                q.entity,
                source,
                lang,
                min,
                q.limit.min(i64::MAX as usize) as i64,
                q.offset.min(i64::MAX as usize) as i64
            ],
            |r| r.get::<_, String>(0),
        )?;
        let events = rows
            .map(|r| event_from_json(&r?))
            .collect::<Result<_, _>>()?;
        Ok((events, total as u64))
    }

    fn count_events(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    fn events_in_story(&self, story: u64) -> Result<Vec<EventRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM events WHERE story = ?1 ORDER BY sort_day IS NULL, sort_day, id",
        )?;
        let rows = stmt.query_map([story as i64], |r| r.get::<_, String>(0))?;
        rows.map(|r| event_from_json(&r?)).collect()
    }

    fn events_of_articles(&self, articles: &[ArticleId]) -> Result<Vec<EventRecord>, StoreError> {
        // In chunks: an entity of a large store is in tens of thousands of
        // articles, and one query per article would dominate its page.
        const CHUNK: usize = 500;
        let placeholders = |n: usize| vec!["?"; n].join(",");
        let mut ids: Vec<i64> = Vec::new();
        for chunk in articles.chunks(CHUNK) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT DISTINCT event FROM event_members WHERE article IN ({})",
                placeholders(chunk.len())
            ))?;
            let rows = stmt.query_map(
                rusqlite::params_from_iter(chunk.iter().map(|a| a.as_str())),
                |r| r.get::<_, i64>(0),
            )?;
            for r in rows {
                ids.push(r?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT record FROM events WHERE id IN ({})",
                placeholders(chunk.len())
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), |r| {
                r.get::<_, String>(0)
            })?;
            for r in rows {
                out.push(event_from_json(&r?)?);
            }
        }
        out.sort_by(|a, b| {
            let key = |e: &EventRecord| {
                let day = event_sort_day(e);
                (day.is_none(), day, e.id)
            };
            key(a).cmp(&key(b))
        });
        Ok(out)
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

    fn signals_written(&self, through: i64) -> Result<Option<Vec<i64>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_seq FROM signal_changes WHERE article_seq <= ?1 ORDER BY 1",
        )?;
        let seqs = stmt
            .query_map([through], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Some(seqs))
    }
}

fn event_from_json(json: &str) -> Result<EventRecord, StoreError> {
    record_from_json(json, "event")
}
