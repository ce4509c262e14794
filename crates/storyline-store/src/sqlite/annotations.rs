//! [`crate::AnnotationStore`] for [`SqliteStore`]: mentions, quotes, date
//! expressions, the entities alias resolution made of them, the user's alias
//! rules, and the read models the CLI lists (entities, the quote bank).

use super::SqliteStore;
use crate::annotations::{
    date_kind_str, entities_from_rows, entities_through, entity_articles, finish_summaries,
    kind_of, mention_node, name_links, quote_bank_from_rows, quote_rows, sort_entity_counts,
    split_off_keys, EntityCount, NameTally, CO_OCCURRING_ARTICLES, ENTITIES_WITH_KEYS,
    ENTITY_ARTICLES_FROM_MENTIONS, ENTITY_NAMES_FROM_MENTIONS, EVENT_ENTITIES_FROM_MEMBERS,
};
use crate::sql::SqlStore;
use crate::{
    AnnotationStore, EntityDetail, EntitySummary, QuoteBankEntry, StoreError, SyndicationStore,
};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use std::collections::{BTreeMap, HashMap};
use storyline_model::{AliasRule, Annotations, ArticleId, Entity, EntityKind, NameLink, NameNode};

/// Every entity's aliases with counts (optionally of one kind).
const ALL_ENTITY_ALIASES: &str =
    "SELECT e.id, e.canonical, e.kind, m.text, COUNT(*), COUNT(DISTINCT m.article_seq) \
     FROM entities e JOIN entity_keys k ON k.entity_id = e.id \
     JOIN mentions m ON m.node_key = k.key \
     WHERE (?1 IS NULL OR e.id = ?1) AND (?2 IS NULL OR e.kind = ?2) \
     GROUP BY e.id, m.text";

/// One entity's aliases with counts: `e.id = ?1` alone, so SQLite starts
/// from the entity's keys (with `?1 IS NULL OR` it scanned every mention of
/// the store: 0.8 s for one entity page on 5,000 articles).
const ONE_ENTITY_ALIASES: &str =
    "SELECT e.id, e.canonical, e.kind, m.text, COUNT(*), COUNT(DISTINCT m.article_seq) \
     FROM entities e JOIN entity_keys k ON k.entity_id = e.id \
     JOIN mentions m ON m.node_key = k.key \
     WHERE e.id = ?1 AND (?2 IS NULL OR e.kind = ?2) \
     GROUP BY e.id, m.text";

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub(super) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Replaces every entity (inside the caller's transaction).
fn write_entities(conn: &rusqlite::Connection, entities: &[Entity]) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM event_entities; DELETE FROM entity_articles; DELETE FROM entity_names;",
    )?;
    conn.execute("DELETE FROM entity_keys", [])?;
    conn.execute("DELETE FROM entities", [])?;
    insert_entities(conn, entities)?;
    conn.execute(ENTITY_NAMES_FROM_MENTIONS, [])?;
    conn.execute(ENTITY_ARTICLES_FROM_MENTIONS, [])?;
    conn.execute(EVENT_ENTITIES_FROM_MEMBERS, [])?;
    Ok(())
}

/// Inserts entities and their keys (inside the caller's transaction); a key
/// another entity holds moves to the one inserted.
fn insert_entities<'a>(
    conn: &rusqlite::Connection,
    entities: impl IntoIterator<Item = &'a Entity>,
) -> Result<(), StoreError> {
    let mut ins_e = conn.prepare_cached(
        "INSERT INTO entities (id, canonical, canonical_key, kind) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut ins_k =
        conn.prepare_cached("INSERT OR REPLACE INTO entity_keys (key, entity_id) VALUES (?1, ?2)")?;
    for e in entities {
        ins_e.execute(params![e.id, e.canonical, e.canonical_key, e.kind.as_str()])?;
        for k in &e.keys {
            ins_k.execute(params![k, e.id])?;
        }
    }
    Ok(())
}

/// Records that entities cover the articles stored up to `through`.
fn set_entities_through(conn: &rusqlite::Connection, through: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO entities_state (id, through_seq) VALUES (1, ?1) \
         ON CONFLICT (id) DO UPDATE SET through_seq = excluded.through_seq",
        [through],
    )?;
    Ok(())
}

/// Records a merge or split decision (inside the caller's transaction): the
/// newer decision replaces an opposite one on the same pair, and mentions
/// written as a split-off name stop counting for another.
fn write_alias_rule(conn: &rusqlite::Connection, rule: &AliasRule) -> Result<(), StoreError> {
    let (a, b) = rule.ordered_names();
    let (action, opposite) = (rule.action(), rule.opposite_action());
    conn.execute(
        "DELETE FROM alias_rules WHERE action = ?1 AND a = ?2 AND b = ?3",
        params![opposite, a, b],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO alias_rules (action, a, b) VALUES (?1, ?2, ?3)",
        params![action, a, b],
    )?;
    if !rule.merge {
        conn.execute(
            "UPDATE mentions SET node_key = key WHERE key IN (?1, ?2)",
            params![a, b],
        )?;
    }
    Ok(())
}

impl SqliteStore {
    fn summaries(
        &self,
        only: Option<&str>,
        kind: Option<EntityKind>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        let mut stmt = self.conn().prepare(if only.is_some() {
            ONE_ENTITY_ALIASES
        } else {
            ALL_ENTITY_ALIASES
        })?;
        let mut by_id: BTreeMap<String, EntitySummary> = BTreeMap::new();
        let rows = stmt.query_map(params![only, kind.map(|k| k.as_str())], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)? as u64,
            ))
        })?;
        for row in rows {
            let (id, name, kind, text, n) = row?;
            let e = by_id.entry(id.clone()).or_insert_with(|| EntitySummary {
                id,
                name,
                kind: kind_of(&kind),
                mentions: 0,
                articles: 0,
                aliases: Vec::new(),
            });
            e.mentions += n;
            e.aliases.push((text, n));
        }
        let mut arts = self.conn().prepare_cached(
            "SELECT COUNT(DISTINCT m.article_seq) FROM entity_keys k \
             JOIN mentions m ON m.node_key = k.key WHERE k.entity_id = ?1",
        )?;
        finish_summaries(by_id, |id| {
            Ok(arts.query_row([id], |r| r.get::<_, i64>(0))? as u64)
        })
    }

    /// One entity's summary from the counts kept with the entities: its
    /// written names with their mentions and its number of articles.
    fn one_summary(&self, id: &str) -> Result<Option<EntitySummary>, StoreError> {
        let head: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT canonical, kind FROM entities WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((name, kind)) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT text, mentions FROM entity_names WHERE entity_id = ?1 AND mentions > 0",
        )?;
        let aliases: Vec<(String, u64)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<Result<_, _>>()?;
        if aliases.is_empty() {
            return Ok(None);
        }
        let mut by_id = BTreeMap::new();
        by_id.insert(
            id.to_string(),
            EntitySummary {
                id: id.to_string(),
                name,
                kind: kind_of(&kind),
                mentions: aliases.iter().map(|a| a.1).sum(),
                articles: 0,
                aliases,
            },
        );
        let mut arts = self
            .conn()
            .prepare_cached("SELECT COUNT(*) FROM entity_articles WHERE entity_id = ?1")?;
        Ok(finish_summaries(by_id, |id| {
            Ok(arts.query_row([id], |r| r.get::<_, i64>(0))? as u64)
        })?
        .into_iter()
        .next())
    }
}

impl AnnotationStore for SqliteStore {
    fn put_annotations(&mut self, batch: &[(ArticleId, Annotations)]) -> Result<(), StoreError> {
        let split_keys = split_off_keys(self.alias_rules()?);
        self.in_transaction(|tx| {
            {
                let mut seq_of = tx.prepare_cached("SELECT seq FROM articles WHERE id = ?1")?;
                let mut ins_m = tx.prepare_cached(
                    "INSERT INTO mentions (article_seq, ord, text, key, node_key, kind, role, alias_of, \
                     span_start, span_end, rule, confidence) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                )?;
                let mut ins_l = tx.prepare_cached(
                    "INSERT OR IGNORE INTO name_links (a, b, article_seq) VALUES (?1, ?2, ?3)",
                )?;
                let mut ins_q = tx.prepare_cached(
                    "INSERT INTO quotes (article_seq, ord, text, quote_key, speaker, speaker_key, speaker_text, \
                     speaker_span_start, speaker_span_end, cue, partial, span_start, span_end, rule, confidence) \
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                )?;
                let mut ins_d = tx.prepare_cached(
                    "INSERT INTO date_expressions (article_seq, ord, text, kind, date, not_before, not_after, \
                     inferred, span_start, span_end, rule, confidence) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                )?;
                for (id, ann) in batch {
                    let Some(seq): Option<i64> =
                        seq_of.query_row([id.as_str()], |r| r.get(0)).optional()?
                    else {
                        continue;
                    };
                    for table in [
                        "mentions",
                        "name_links",
                        "quotes",
                        "date_expressions",
                        "annotated",
                    ] {
                        tx.execute(
                            &format!("DELETE FROM {table} WHERE article_seq = ?1"),
                            [seq],
                        )?;
                    }
                    let b = ann.publication_bound.as_ref();
                    tx.execute(
                        "INSERT INTO annotated (article_seq, pub_not_before, pub_bound_rule, \
                         pub_bound_span_start, pub_bound_span_end, pub_bound_conf) VALUES (?1,?2,?3,?4,?5,?6)",
                        params![
                            seq,
                            date_str(b.map(|b| b.not_before)),
                            b.map(|b| b.provenance.rule.clone()),
                            b.and_then(|b| b.provenance.span).map(|s| s.0 as i64),
                            b.and_then(|b| b.provenance.span).map(|s| s.1 as i64),
                            b.map(|b| b.provenance.confidence as f64),
                        ],
                    )?;
                    for (ord, m) in ann.mentions.iter().enumerate() {
                        let (node_key, link) = mention_node(ann, m, &split_keys);
                        if let Some((a, b)) = link {
                            ins_l.execute(params![a, b, seq])?;
                        }
                        let span = m.provenance.span.unwrap_or((0, 0));
                        ins_m.execute(params![
                            seq,
                            ord as i64,
                            m.text,
                            m.key,
                            node_key,
                            m.kind.as_str(),
                            m.role,
                            m.alias_of.map(|a| a as i64),
                            span.0 as i64,
                            span.1 as i64,
                            m.provenance.rule,
                            m.provenance.confidence as f64,
                        ])?;
                    }
                    for (ord, q) in ann.quotes.iter().enumerate() {
                        let span = q.provenance.span.unwrap_or((0, 0));
                        ins_q.execute(params![
                            seq,
                            ord as i64,
                            q.text,
                            q.key,
                            q.speaker,
                            q.speaker_key,
                            q.speaker_text,
                            q.speaker_span.map(|s| s.0 as i64),
                            q.speaker_span.map(|s| s.1 as i64),
                            q.cue,
                            q.partial as i64,
                            span.0 as i64,
                            span.1 as i64,
                            q.provenance.rule,
                            q.provenance.confidence as f64,
                        ])?;
                    }
                    for (ord, d) in ann.dates.iter().enumerate() {
                        let span = d.provenance.span.unwrap_or((0, 0));
                        let kind = date_kind_str(&d.kind);
                        ins_d.execute(params![
                            seq,
                            ord as i64,
                            d.text,
                            kind,
                            date_str(d.date),
                            date_str(d.not_before),
                            date_str(d.not_after),
                            d.inferred as i64,
                            span.0 as i64,
                            span.1 as i64,
                            d.provenance.rule,
                            d.provenance.confidence as f64,
                        ])?;
                    }
                }
            }
            Ok(())
        })
    }

    fn unannotated(&self, limit: usize) -> Result<Vec<crate::Unannotated>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, text, published_date FROM articles a \
             WHERE NOT EXISTS (SELECT 1 FROM annotated n WHERE n.article_seq = a.seq) \
             ORDER BY seq LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok((ArticleId(r.get(0)?), r.get(1)?, parse_date(r.get(2)?)))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn name_graph(&self) -> Result<(Vec<NameNode>, Vec<NameLink>), StoreError> {
        let mut nodes = NameTally::default();
        let mut stmt = self
            .conn()
            .prepare("SELECT node_key, key, text, kind, confidence FROM mentions")?;
        let mut rows = stmt.query([])?;
        // Read in place: a quarter of a million mentions in a store of a
        // few thousand articles, most of them names already counted.
        while let Some(r) = rows.next()? {
            let text_at = |i: usize| -> Result<&str, StoreError> {
                r.get_ref(i)?
                    .as_str()
                    .map_err(|e| StoreError::Corrupt(format!("mentions column {i}: {e}")))
            };
            let kind = kind_of(text_at(3)?);
            let conf: f64 = r.get(4)?;
            nodes.add_str(text_at(0)?, text_at(1)?, text_at(2)?, kind, conf);
        }
        Ok((nodes.finish(), self.with_sql(name_links)?))
    }

    fn replace_entities(&mut self, entities: &[Entity]) -> Result<(), StoreError> {
        self.in_transaction(|tx| write_entities(tx, entities))
    }

    fn replace_entities_through(
        &mut self,
        entities: &[Entity],
        through: i64,
    ) -> Result<(), StoreError> {
        self.in_transaction(|tx| {
            write_entities(tx, entities)?;
            set_entities_through(tx, through)?;
            Ok(())
        })
    }

    fn revise_entities_through(
        &mut self,
        previous: &[Entity],
        entities: &[Entity],
        since: i64,
        through: i64,
    ) -> Result<(), StoreError> {
        use crate::annotations as shared;
        let (removed, added) = shared::entity_changes(previous, entities);
        self.in_transaction(|tx| {
            for id in &removed {
                for table in [
                    "event_entities",
                    "entity_articles",
                    "entity_names",
                    "entity_keys",
                ] {
                    tx.execute(&format!("DELETE FROM {table} WHERE entity_id = ?1"), [id])?;
                }
                tx.execute("DELETE FROM entities WHERE id = ?1", [id])?;
            }
            insert_entities(tx, added.iter().copied())?;
            let mut conn: &rusqlite::Connection = tx;
            shared::derive_revised_entity_rows(&mut conn, since, &added)?;
            set_entities_through(tx, through)?;
            Ok(())
        })
    }

    fn entities_through(&self) -> Result<i64, StoreError> {
        self.with_sql(entities_through)
    }

    fn names_mentioned_since(&self, seq: i64) -> Result<Vec<String>, StoreError> {
        Ok(self
            .conn()
            .prepare(NAMES_MENTIONED_SINCE)?
            .query_map([seq], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    fn names_changed_since(&self, seq: i64) -> Result<Vec<(String, Option<NameNode>)>, StoreError> {
        let keys = self.names_mentioned_since(seq)?;
        let mut before = self.conn().prepare(
            "SELECT node_key, key, text, kind, confidence FROM mentions \
             WHERE node_key = ?1 AND article_seq <= ?2",
        )?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let mut nodes = NameTally::default();
            let mut rows = before.query(params![key, seq])?;
            while let Some(r) = rows.next()? {
                let mention_key: String = r.get(1)?;
                let kind = kind_of(&r.get::<_, String>(3)?);
                nodes.add(r.get(0)?, &mention_key, r.get(2)?, kind, r.get(4)?);
            }
            out.push((key, nodes.finish().pop()));
        }
        Ok(out)
    }

    fn entities_with_keys(&self) -> Result<Vec<Entity>, StoreError> {
        let mut stmt = self.conn().prepare(ENTITIES_WITH_KEYS)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(entities_from_rows(rows))
    }

    fn add_alias_rule(&mut self, rule: &AliasRule) -> Result<(), StoreError> {
        self.in_transaction(|tx| write_alias_rule(tx, rule))
    }

    fn add_alias_rule_resolving(
        &mut self,
        rule: &AliasRule,
        resolve: &mut crate::ResolveEntities<'_>,
    ) -> Result<(), StoreError> {
        self.conn().execute_batch("BEGIN IMMEDIATE")?;
        let applied = write_alias_rule(self.conn(), rule)
            .and_then(|()| resolve(&*self))
            .and_then(|entities| write_entities(self.conn(), &entities));
        match applied {
            Ok(()) => Ok(self.conn().execute_batch("COMMIT")?),
            Err(e) => {
                let _ = self.conn().execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn alias_rules(&self) -> Result<Vec<AliasRule>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT action, a, b FROM alias_rules ORDER BY action, a, b")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AliasRule {
                    merge: r.get::<_, String>(0)? == "merge",
                    a: r.get(1)?,
                    b: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn list_entities(&self, kind: Option<EntityKind>) -> Result<Vec<EntitySummary>, StoreError> {
        self.summaries(None, kind)
    }

    fn entity_head(
        &self,
        id_or_key: &str,
        articles: usize,
    ) -> Result<Option<EntityDetail>, StoreError> {
        let id: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM entities WHERE id = ?1 \
                 UNION ALL SELECT entity_id FROM entity_keys WHERE key = ?1 \
                 UNION ALL SELECT * FROM (SELECT k.entity_id FROM mentions m \
                   JOIN entity_keys k ON k.key = m.node_key WHERE m.key = ?1 \
                   GROUP BY k.entity_id ORDER BY COUNT(*) DESC) LIMIT 1",
                [id_or_key],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else { return Ok(None) };
        let Some(summary) = self.one_summary(&id)? else {
            return Ok(None);
        };
        let articles_list = self.with_sql(|c| entity_articles(c, &id, articles))?;
        Ok(Some(EntityDetail {
            summary,
            articles_list,
        }))
    }

    fn entities_named(&self, key: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            // DISTINCT under LIMIT stops at the second entity; a UNION
            // would first read every mention written that way.
            "SELECT DISTINCT entity_id FROM ( \
               SELECT entity_id FROM entity_keys WHERE key = ?1 \
               UNION ALL SELECT entity_id FROM (SELECT DISTINCT k.entity_id FROM mentions m \
                 JOIN entity_keys k ON k.key = m.node_key WHERE m.key = ?1 LIMIT ?2) y) x \
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![key, limit.min(i64::MAX as usize) as i64], |r| {
            r.get(0)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn entity_aliases(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT entity_id, text FROM entity_names")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn quote_bank_after(
        &self,
        speaker_entity: Option<&str>,
        after_seq: Option<i64>,
    ) -> Result<Vec<QuoteBankEntry>, StoreError> {
        let rows = self.with_sql(|c| quote_rows(c, speaker_entity, after_seq))?;
        quote_bank_from_rows(&rows, speaker_entity, |seqs| self.independent_sources(seqs))
    }

    fn entities_in(&self, articles: &[ArticleId]) -> Result<Vec<crate::EntityCount>, StoreError> {
        let mut counts: HashMap<String, (String, String, u64)> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT e.id, e.canonical, e.kind FROM articles a \
             JOIN mentions m ON m.article_seq = a.seq \
             JOIN entity_keys k ON k.key = m.node_key JOIN entities e ON e.id = k.entity_id \
             WHERE a.id = ?1",
        )?;
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for a in articles {
            if !seen.insert(a.as_str()) {
                continue;
            }
            let rows = stmt.query_map([a.as_str()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (id, name, kind) = row?;
                counts.entry(id).or_insert((name, kind, 0)).2 += 1;
            }
        }
        let mut out: Vec<EntityCount> = counts
            .into_iter()
            .map(|(id, (name, kind, articles))| EntityCount {
                id,
                name,
                kind: kind_of(&kind),
                articles,
            })
            .collect();
        sort_entity_counts(&mut out);
        Ok(out)
    }

    fn entity_in_articles(
        &self,
        entity_id: &str,
        articles: &[ArticleId],
    ) -> Result<Vec<crate::EntityInArticle>, StoreError> {
        let conn = self.conn();
        let mut seq_of = conn.prepare_cached("SELECT seq FROM articles WHERE id = ?1")?;
        let mut spans = conn.prepare_cached(
            "SELECT m.span_start, m.span_end FROM mentions m \
             JOIN entity_keys k ON k.key = m.node_key \
             WHERE m.article_seq = ?1 AND k.entity_id = ?2 ORDER BY m.ord",
        )?;
        let mut count =
            conn.prepare_cached("SELECT COUNT(*) FROM mentions WHERE article_seq = ?1")?;
        let mut quotes = conn.prepare_cached(
            "SELECT q.span_start, q.span_end, EXISTS(SELECT 1 FROM entity_keys k \
               WHERE k.key = q.speaker_key AND k.entity_id = ?2) \
             FROM quotes q WHERE q.article_seq = ?1 ORDER BY q.ord",
        )?;
        let mut out = Vec::new();
        for a in articles {
            let Some(seq) = seq_of
                .query_row([a.as_str()], |r| r.get::<_, i64>(0))
                .optional()?
            else {
                continue;
            };
            let span = |r: &rusqlite::Row| -> rusqlite::Result<(usize, usize)> {
                Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize))
            };
            out.push(crate::EntityInArticle {
                article: a.clone(),
                spans: spans
                    .query_map(params![seq, entity_id], span)?
                    .collect::<Result<_, _>>()?,
                all_mentions: count.query_row([seq], |r| r.get::<_, i64>(0))? as u64,
                quotes: quotes
                    .query_map(params![seq, entity_id], |r| {
                        Ok((span(r)?, r.get::<_, bool>(2)?))
                    })?
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(out)
    }

    fn co_occurring(
        &self,
        entity_id: &str,
        limit: usize,
    ) -> Result<Vec<crate::EntityCount>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "WITH arts AS (SELECT DISTINCT m.article_seq FROM entity_keys k \
               JOIN mentions m ON m.node_key = k.key WHERE k.entity_id = ?1 \
               ORDER BY m.article_seq DESC LIMIT ?3) \
             SELECT e.id, e.canonical, e.kind, COUNT(DISTINCT m2.article_seq) AS n FROM arts \
             JOIN mentions m2 ON m2.article_seq = arts.article_seq \
             JOIN entity_keys k2 ON k2.key = m2.node_key JOIN entities e ON e.id = k2.entity_id \
             WHERE e.id <> ?1 GROUP BY e.id ORDER BY n DESC, e.canonical, e.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![entity_id, limit as i64, CO_OCCURRING_ARTICLES as i64],
            |r| {
                Ok(EntityCount {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: kind_of(&r.get::<_, String>(2)?),
                    articles: r.get::<_, i64>(3)? as u64,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn entity_roles(
        &self,
        entity_id: &str,
        limit: usize,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.role, COUNT(*) AS n FROM entity_keys k \
             JOIN mentions m ON m.node_key = k.key \
             WHERE k.entity_id = ?1 AND m.role IS NOT NULL AND m.role <> '' \
             GROUP BY m.role ORDER BY n DESC, m.role LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![entity_id, limit as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The names mentioned after a sequence number, in key order. Sorted
/// after the search (`+node_key`): ordered by the name index, the planner
/// walked every mention of the store to keep the few after the mark.
const NAMES_MENTIONED_SINCE: &str =
    "SELECT DISTINCT node_key FROM mentions WHERE article_seq > ?1 ORDER BY +node_key";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::ENTITY_ARTICLES_PAGE;
    use crate::backend::ENTITY_EVENTS_PAGE;

    /// Regression: an entity page read every mention of the store to count
    /// one entity's aliases.
    #[test]
    fn one_entity_lookup_does_not_scan_every_mention() {
        let store = SqliteStore::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {ONE_ENTITY_ALIASES}"))
            .unwrap()
            .query_map(params!["e1", Option::<String>::None], |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter().all(|step| !step.starts_with("SCAN m")),
            "{plan:?}"
        );
        assert!(
            plan.iter().any(|step| step.contains("mentions_node")),
            "{plan:?}"
        );
    }

    fn plan_of(store: &SqliteStore, sql: &str) -> Vec<String> {
        let mut stmt = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let n = stmt.parameter_count();
        let args: Vec<i64> = vec![1; n];
        stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// Regression: an entity's page and timeline read every article of the
    /// entity (69,878 for a country of the 100k store) to list a hundred and
    /// to find its events. Now both read their index in order and stop at
    /// the limit: no scan, no sort of everything first.
    #[test]
    fn regression_entity_page_reads_every_article_of_the_entity() {
        let store = SqliteStore::open_in_memory().unwrap();
        for (sql, index) in [
            (ENTITY_ARTICLES_PAGE, "entity_articles_date"),
            (ENTITY_EVENTS_PAGE, "event_entities_day"),
        ] {
            let plan = plan_of(&store, sql);
            assert!(plan.iter().any(|step| step.contains(index)), "{plan:?}");
            assert!(
                plan.iter()
                    .all(|step| !step.starts_with("SCAN") && !step.contains("TEMP B-TREE")),
                "{plan:?}"
            );
        }
    }

    /// Regression: the names a new article mentions were found by walking
    /// the name index over every mention of the store (0.3 s of the 3,507
    /// Timeline17 articles, for one new article).
    #[test]
    fn regression_names_mentioned_since_walk_every_mention() {
        let store = SqliteStore::open_in_memory().unwrap();
        let plan = plan_of(&store, NAMES_MENTIONED_SINCE);
        assert!(
            plan.iter().any(|step| step.starts_with("SEARCH mentions")),
            "{plan:?}"
        );
        assert!(
            plan.iter().all(|step| !step.starts_with("SCAN")),
            "{plan:?}"
        );
    }
}
