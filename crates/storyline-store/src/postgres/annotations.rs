//! [`crate::AnnotationStore`] for [`PgStore`]: mentions, quotes, date
//! expressions, entities, alias rules and their read models, with the same
//! semantics as the SQLite backend's `annotations.rs`.

use super::{bigint, PgStore};
use crate::annotations::{
    date_kind_str, entities_from_rows, entities_through, entity_articles, finish_summaries,
    kind_of, mention_node, name_links, quote_bank_from_rows, quote_rows, sort_entity_counts,
    split_off_keys, NameTally, CO_OCCURRING_ARTICLES, ENTITIES_WITH_KEYS,
};
use crate::sql::SqlStore;
use crate::{
    AnnotationStore, EntityCount, EntityDetail, EntitySummary, QuoteBankEntry, StoreError,
    SyndicationStore,
};
use chrono::NaiveDate;
use postgres::GenericClient;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use storyline_model::{AliasRule, Annotations, ArticleId, Entity, EntityKind, NameLink, NameNode};

/// Inserts entities and their keys (inside the caller's transaction); a key
/// another entity holds moves to the one inserted, and later entities win a
/// key two of them claim, as SQLite's INSERT OR REPLACE does.
fn insert_entities<'a>(
    c: &mut impl GenericClient,
    entities: impl IntoIterator<Item = &'a Entity>,
) -> Result<(), StoreError> {
    let (mut ids, mut names, mut canon_keys, mut kinds) = (vec![], vec![], vec![], vec![]);
    let mut keys: BTreeMap<&str, &str> = BTreeMap::new();
    for e in entities {
        ids.push(e.id.as_str());
        names.push(e.canonical.as_str());
        canon_keys.push(e.canonical_key.as_str());
        kinds.push(e.kind.as_str());
        for k in &e.keys {
            keys.insert(k.as_str(), e.id.as_str());
        }
    }
    c.execute(
        "INSERT INTO entities (id, canonical, canonical_key, kind) \
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])",
        &[&ids, &names, &canon_keys, &kinds],
    )?;
    let (k, v): (Vec<&str>, Vec<&str>) = keys.into_iter().unzip();
    c.execute(
        "INSERT INTO entity_keys (key, entity_id) SELECT * FROM unnest($1::text[], $2::text[]) \
         ON CONFLICT (key) DO UPDATE SET entity_id = EXCLUDED.entity_id",
        &[&k, &v],
    )?;
    Ok(())
}

/// Records that entities cover the articles stored up to `through`.
fn set_entities_through(c: &mut impl GenericClient, through: i64) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO entities_state (id, through_seq) VALUES (1, $1) \
         ON CONFLICT (id) DO UPDATE SET through_seq = EXCLUDED.through_seq",
        &[&through],
    )?;
    Ok(())
}

/// Replaces every entity (inside the caller's transaction).
fn write_entities(c: &mut impl GenericClient, entities: &[Entity]) -> Result<(), StoreError> {
    c.batch_execute(
        "DELETE FROM event_entities; DELETE FROM entity_articles; DELETE FROM entity_names; \
         DELETE FROM entity_keys; DELETE FROM entities;",
    )?;
    insert_entities(c, entities)?;
    c.execute(crate::annotations::ENTITY_NAMES_FROM_MENTIONS, &[])?;
    c.execute(crate::annotations::ENTITY_ARTICLES_FROM_MENTIONS, &[])?;
    c.execute(crate::annotations::EVENT_ENTITIES_FROM_MEMBERS, &[])?;
    Ok(())
}

/// Records a merge or split decision (inside the caller's transaction), as
/// the SQLite backend does.
fn write_alias_rule(c: &mut impl GenericClient, rule: &AliasRule) -> Result<(), StoreError> {
    let (a, b) = rule.ordered_names();
    let (action, opposite) = (rule.action(), rule.opposite_action());
    // The newer decision replaces an opposite one on the same pair.
    c.execute(
        "DELETE FROM alias_rules WHERE action = $1 AND a = $2 AND b = $3",
        &[&opposite, &a, &b],
    )?;
    c.execute(
        "INSERT INTO alias_rules (action, a, b) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        &[&action, &a, &b],
    )?;
    if !rule.merge {
        // Mentions written as a split-off name stop counting for another.
        c.execute(
            "UPDATE mentions SET node_key = key WHERE key IN ($1, $2)",
            &[&a, &b],
        )?;
    }
    Ok(())
}

/// Column arrays for one batch insert (`unnest`) per table.
#[derive(Default)]
struct AnnotatedCols<'a> {
    seq: Vec<i64>,
    not_before: Vec<Option<NaiveDate>>,
    rule: Vec<Option<&'a str>>,
    start: Vec<Option<i64>>,
    end: Vec<Option<i64>>,
    conf: Vec<Option<f64>>,
}

#[derive(Default)]
struct MentionCols<'a> {
    seq: Vec<i64>,
    ord: Vec<i64>,
    text: Vec<&'a str>,
    key: Vec<&'a str>,
    node_key: Vec<&'a str>,
    kind: Vec<&'static str>,
    role: Vec<Option<&'a str>>,
    alias_of: Vec<Option<i64>>,
    start: Vec<i64>,
    end: Vec<i64>,
    rule: Vec<&'a str>,
    conf: Vec<f64>,
}

#[derive(Default)]
struct QuoteCols<'a> {
    seq: Vec<i64>,
    ord: Vec<i64>,
    text: Vec<&'a str>,
    key: Vec<&'a str>,
    speaker: Vec<Option<&'a str>>,
    speaker_key: Vec<Option<&'a str>>,
    speaker_text: Vec<Option<&'a str>>,
    speaker_start: Vec<Option<i64>>,
    speaker_end: Vec<Option<i64>>,
    cue: Vec<Option<&'a str>>,
    partial: Vec<bool>,
    start: Vec<i64>,
    end: Vec<i64>,
    rule: Vec<&'a str>,
    conf: Vec<f64>,
}

#[derive(Default)]
struct DateCols<'a> {
    seq: Vec<i64>,
    ord: Vec<i64>,
    text: Vec<&'a str>,
    kind: Vec<String>,
    date: Vec<Option<NaiveDate>>,
    not_before: Vec<Option<NaiveDate>>,
    not_after: Vec<Option<NaiveDate>>,
    inferred: Vec<bool>,
    start: Vec<i64>,
    end: Vec<i64>,
    rule: Vec<&'a str>,
    conf: Vec<f64>,
}

/// An entity count from a row of id, name, kind and articles.
fn entity_count(r: &postgres::Row) -> Result<EntityCount, StoreError> {
    Ok(EntityCount {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        kind: kind_of(r.try_get(2)?),
        articles: r.try_get::<_, i64>(3)? as u64,
    })
}

/// The annotations to store per stored article's sequence number: an
/// article given twice keeps its last annotations, as replacing them one
/// after the other would; ids not stored are skipped.
fn latest_per_article<'a>(
    tx: &mut impl GenericClient,
    batch: &'a [(ArticleId, Annotations)],
) -> Result<BTreeMap<i64, &'a Annotations>, StoreError> {
    let ids: Vec<&str> = batch.iter().map(|(id, _)| id.as_str()).collect();
    let seq_of: HashMap<String, i64> = tx
        .query("SELECT id, seq FROM articles WHERE id = ANY($1)", &[&ids])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_, StoreError>>()?;
    let mut last: BTreeMap<i64, &Annotations> = BTreeMap::new();
    for (id, ann) in batch {
        if let Some(&seq) = seq_of.get(id.as_str()) {
            last.insert(seq, ann);
        }
    }
    Ok(last)
}

/// Deletes what the articles `seqs` had stored, so their new annotations
/// replace it.
fn delete_annotations(tx: &mut impl GenericClient, seqs: &[i64]) -> Result<(), StoreError> {
    for table in [
        "mentions",
        "name_links",
        "quotes",
        "date_expressions",
        "annotated",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE article_seq = ANY($1)"),
            &[&seqs],
        )?;
    }
    Ok(())
}

/// Every row a batch of annotations stores, as one column array per
/// table column.
struct AnnotationCols<'a> {
    an: AnnotatedCols<'a>,
    mn: MentionCols<'a>,
    ln: BTreeSet<(&'a str, &'a str, i64)>,
    qu: QuoteCols<'a>,
    dt: DateCols<'a>,
}

impl<'a> AnnotationCols<'a> {
    /// The rows of `last` (annotations per article sequence number).
    fn of(last: &BTreeMap<i64, &'a Annotations>, split_keys: &HashSet<String>) -> Self {
        let mut an = AnnotatedCols::default();
        let mut mn = MentionCols::default();
        let mut ln: BTreeSet<(&str, &str, i64)> = BTreeSet::new();
        let mut qu = QuoteCols::default();
        let mut dt = DateCols::default();
        for (&seq, ann) in last {
            let b = ann.publication_bound.as_ref();
            an.seq.push(seq);
            an.not_before.push(b.map(|b| b.not_before));
            an.rule.push(b.map(|b| b.provenance.rule.as_str()));
            an.start
                .push(b.and_then(|b| b.provenance.span).map(|s| s.0 as i64));
            an.end
                .push(b.and_then(|b| b.provenance.span).map(|s| s.1 as i64));
            an.conf.push(b.map(|b| b.provenance.confidence as f64));
            for (ord, m) in ann.mentions.iter().enumerate() {
                let (node_key, link) = mention_node(ann, m, split_keys);
                if let Some((a, b)) = link {
                    ln.insert((a, b, seq));
                }
                let span = m.provenance.span.unwrap_or((0, 0));
                mn.seq.push(seq);
                mn.ord.push(ord as i64);
                mn.text.push(&m.text);
                mn.key.push(&m.key);
                mn.node_key.push(node_key);
                mn.kind.push(m.kind.as_str());
                mn.role.push(m.role.as_deref());
                mn.alias_of.push(m.alias_of.map(|a| a as i64));
                mn.start.push(span.0 as i64);
                mn.end.push(span.1 as i64);
                mn.rule.push(&m.provenance.rule);
                mn.conf.push(m.provenance.confidence as f64);
            }
            for (ord, q) in ann.quotes.iter().enumerate() {
                let span = q.provenance.span.unwrap_or((0, 0));
                qu.seq.push(seq);
                qu.ord.push(ord as i64);
                qu.text.push(&q.text);
                qu.key.push(&q.key);
                qu.speaker.push(q.speaker.as_deref());
                qu.speaker_key.push(q.speaker_key.as_deref());
                qu.speaker_text.push(q.speaker_text.as_deref());
                qu.speaker_start.push(q.speaker_span.map(|s| s.0 as i64));
                qu.speaker_end.push(q.speaker_span.map(|s| s.1 as i64));
                qu.cue.push(q.cue.as_deref());
                qu.partial.push(q.partial);
                qu.start.push(span.0 as i64);
                qu.end.push(span.1 as i64);
                qu.rule.push(&q.provenance.rule);
                qu.conf.push(q.provenance.confidence as f64);
            }
            for (ord, d) in ann.dates.iter().enumerate() {
                let span = d.provenance.span.unwrap_or((0, 0));
                let kind = date_kind_str(&d.kind);
                dt.seq.push(seq);
                dt.ord.push(ord as i64);
                dt.text.push(&d.text);
                dt.kind.push(kind);
                dt.date.push(d.date);
                dt.not_before.push(d.not_before);
                dt.not_after.push(d.not_after);
                dt.inferred.push(d.inferred);
                dt.start.push(span.0 as i64);
                dt.end.push(span.1 as i64);
                dt.rule.push(&d.provenance.rule);
                dt.conf.push(d.provenance.confidence as f64);
            }
        }
        AnnotationCols { an, mn, ln, qu, dt }
    }

    /// Inserts the rows, one statement per table.
    fn insert(self, tx: &mut impl GenericClient) -> Result<(), StoreError> {
        let AnnotationCols { an, mn, ln, qu, dt } = self;
        tx.execute(
            "INSERT INTO annotated (article_seq, pub_not_before, pub_bound_rule, \
             pub_bound_span_start, pub_bound_span_end, pub_bound_conf) \
             SELECT * FROM unnest($1::bigint[], $2::date[], $3::text[], $4::bigint[], \
             $5::bigint[], $6::float8[])",
            &[
                &an.seq,
                &an.not_before,
                &an.rule,
                &an.start,
                &an.end,
                &an.conf,
            ],
        )?;
        if !mn.seq.is_empty() {
            tx.execute(
                "INSERT INTO mentions (article_seq, ord, text, key, node_key, kind, role, alias_of, \
                 span_start, span_end, rule, confidence) \
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], \
                 $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], \
                 $11::text[], $12::float8[])",
                &[
                    &mn.seq,
                    &mn.ord,
                    &mn.text,
                    &mn.key,
                    &mn.node_key,
                    &mn.kind,
                    &mn.role,
                    &mn.alias_of,
                    &mn.start,
                    &mn.end,
                    &mn.rule,
                    &mn.conf,
                ],
            )?;
        }
        if !ln.is_empty() {
            let (mut a, mut b, mut s) = (vec![], vec![], vec![]);
            for (x, y, z) in ln {
                a.push(x);
                b.push(y);
                s.push(z);
            }
            tx.execute(
                "INSERT INTO name_links (a, b, article_seq) \
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])",
                &[&a, &b, &s],
            )?;
        }
        if !qu.seq.is_empty() {
            tx.execute(
                "INSERT INTO quotes (article_seq, ord, text, quote_key, speaker, speaker_key, \
                 speaker_text, speaker_span_start, speaker_span_end, cue, partial, span_start, \
                 span_end, rule, confidence) \
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], \
                 $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::text[], \
                 $11::boolean[], $12::bigint[], $13::bigint[], $14::text[], $15::float8[])",
                &[
                    &qu.seq,
                    &qu.ord,
                    &qu.text,
                    &qu.key,
                    &qu.speaker,
                    &qu.speaker_key,
                    &qu.speaker_text,
                    &qu.speaker_start,
                    &qu.speaker_end,
                    &qu.cue,
                    &qu.partial,
                    &qu.start,
                    &qu.end,
                    &qu.rule,
                    &qu.conf,
                ],
            )?;
        }
        if !dt.seq.is_empty() {
            tx.execute(
                "INSERT INTO date_expressions (article_seq, ord, text, kind, date, not_before, \
                 not_after, inferred, span_start, span_end, rule, confidence) \
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], \
                 $5::date[], $6::date[], $7::date[], $8::boolean[], $9::bigint[], $10::bigint[], \
                 $11::text[], $12::float8[])",
                &[
                    &dt.seq,
                    &dt.ord,
                    &dt.text,
                    &dt.kind,
                    &dt.date,
                    &dt.not_before,
                    &dt.not_after,
                    &dt.inferred,
                    &dt.start,
                    &dt.end,
                    &dt.rule,
                    &dt.conf,
                ],
            )?;
        }
        Ok(())
    }
}

impl PgStore {
    pub(super) fn summaries(
        &self,
        only: Option<&str>,
        kind: Option<EntityKind>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        let mut c = self.conn()?;
        let kind = kind.map(|k| k.as_str());
        let rows = c.query(
            "SELECT e.id, e.canonical, e.kind, m.text, COUNT(*) \
             FROM entities e JOIN entity_keys k ON k.entity_id = e.id \
             JOIN mentions m ON m.node_key = k.key \
             WHERE ($1::text IS NULL OR e.id = $1) AND ($2::text IS NULL OR e.kind = $2) \
             GROUP BY e.id, m.text",
            &[&only, &kind],
        )?;
        let mut by_id: BTreeMap<String, EntitySummary> = BTreeMap::new();
        for r in rows {
            let id: String = r.try_get(0)?;
            let text: String = r.try_get(3)?;
            let n = r.try_get::<_, i64>(4)? as u64;
            let e = match by_id.get_mut(&id) {
                Some(e) => e,
                None => by_id.entry(id.clone()).or_insert(EntitySummary {
                    id,
                    name: r.try_get(1)?,
                    kind: kind_of(r.try_get(2)?),
                    mentions: 0,
                    articles: 0,
                    aliases: Vec::new(),
                }),
            };
            e.mentions += n;
            e.aliases.push((text, n));
        }
        let counts: HashMap<String, u64> = c
            .query(
                "SELECT k.entity_id, COUNT(DISTINCT m.article_seq) FROM entity_keys k \
                 JOIN mentions m ON m.node_key = k.key \
                 WHERE ($1::text IS NULL OR k.entity_id = $1) GROUP BY k.entity_id",
                &[&only],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64)))
            .collect::<Result<_, StoreError>>()?;
        finish_summaries(by_id, |id| Ok(counts.get(id).copied().unwrap_or(0)))
    }

    /// One entity's summary from the counts kept with the entities, as the
    /// SQLite backend reads it.
    fn one_summary(&self, id: &str) -> Result<Option<EntitySummary>, StoreError> {
        let mut c = self.conn()?;
        let Some(head) =
            c.query_opt("SELECT canonical, kind FROM entities WHERE id = $1", &[&id])?
        else {
            return Ok(None);
        };
        let aliases: Vec<(String, u64)> = c
            .query(
                "SELECT text, mentions FROM entity_names WHERE entity_id = $1 AND mentions > 0",
                &[&id],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64)))
            .collect::<Result<_, StoreError>>()?;
        if aliases.is_empty() {
            return Ok(None);
        }
        let articles: i64 = c
            .query_one(
                "SELECT COUNT(*) FROM entity_articles WHERE entity_id = $1",
                &[&id],
            )?
            .try_get(0)?;
        let mut by_id = BTreeMap::new();
        by_id.insert(
            id.to_string(),
            EntitySummary {
                id: id.to_string(),
                name: head.try_get(0)?,
                kind: kind_of(head.try_get::<_, &str>(1)?),
                mentions: aliases.iter().map(|a| a.1).sum(),
                articles: 0,
                aliases,
            },
        );
        Ok(finish_summaries(by_id, |_| Ok(articles as u64))?
            .into_iter()
            .next())
    }
}

impl AnnotationStore for PgStore {
    fn put_annotations(&mut self, batch: &[(ArticleId, Annotations)]) -> Result<(), StoreError> {
        let split_keys = split_off_keys(self.alias_rules()?);
        self.in_transaction(|tx| {
            // One round trip per table for the whole batch (arrays + unnest), not
            // one per row.
            let last = latest_per_article(tx, batch)?;
            if last.is_empty() {
                return Ok(());
            }
            let seqs: Vec<i64> = last.keys().copied().collect();
            delete_annotations(tx, &seqs)?;
            AnnotationCols::of(&last, &split_keys).insert(tx)?;
            Ok(())
        })
    }

    fn unannotated(&self, limit: usize) -> Result<Vec<crate::Unannotated>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT id, text, published_date FROM articles a \
             WHERE NOT EXISTS (SELECT 1 FROM annotated n WHERE n.article_seq = a.seq) \
             ORDER BY seq LIMIT $1",
            &[&bigint(limit)],
        )?;
        rows.iter()
            .map(|r| {
                Ok((
                    ArticleId(r.try_get(0)?),
                    r.try_get(1)?,
                    r.try_get::<_, Option<NaiveDate>>(2)?,
                ))
            })
            .collect()
    }

    fn name_graph(&self) -> Result<(Vec<NameNode>, Vec<NameLink>), StoreError> {
        let mut c = self.conn()?;
        let mut nodes = NameTally::default();
        let rows = c.query(
            "SELECT node_key, key, text, kind, confidence FROM mentions ORDER BY article_seq, ord",
            &[],
        )?;
        for r in rows {
            let node: String = r.try_get(0)?;
            let key: &str = r.try_get(1)?;
            let text: String = r.try_get(2)?;
            let kind = kind_of(r.try_get(3)?);
            let conf: f64 = r.try_get(4)?;
            nodes.add(node, key, text, kind, conf);
        }
        Ok((nodes.finish(), name_links(&mut *c)?))
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
            for table in [
                "event_entities",
                "entity_articles",
                "entity_names",
                "entity_keys",
            ] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE entity_id = ANY($1)"),
                    &[&removed],
                )?;
            }
            tx.execute("DELETE FROM entities WHERE id = ANY($1)", &[&removed])?;
            insert_entities(tx, added.iter().copied())?;
            shared::derive_revised_entity_rows(tx, since, &added)?;
            set_entities_through(tx, through)?;
            Ok(())
        })
    }

    fn entities_through(&self) -> Result<i64, StoreError> {
        self.with_sql(entities_through)
    }

    fn names_mentioned_since(&self, seq: i64) -> Result<Vec<String>, StoreError> {
        Ok(self
            .conn()?
            .query(
                "SELECT DISTINCT node_key FROM mentions WHERE article_seq > $1 ORDER BY node_key",
                &[&seq],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?)
    }

    fn names_changed_since(&self, seq: i64) -> Result<Vec<(String, Option<NameNode>)>, StoreError> {
        let keys = self.names_mentioned_since(seq)?;
        let mut c = self.conn()?;
        // Every earlier mention of those names in one query, in the order
        // `name_graph` reads them.
        let rows = c.query(
            "SELECT node_key, key, text, kind, confidence FROM mentions \
             WHERE node_key = ANY($1) AND article_seq <= $2 ORDER BY article_seq, ord",
            &[&keys, &seq],
        )?;
        let mut nodes = NameTally::default();
        for r in rows {
            let kind = kind_of(r.try_get(3)?);
            nodes.add(
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                kind,
                r.try_get(4)?,
            );
        }
        let mut before: HashMap<String, NameNode> = nodes
            .finish()
            .into_iter()
            .map(|n| (n.key.clone(), n))
            .collect();
        Ok(keys
            .into_iter()
            .map(|k| {
                let node = before.remove(&k);
                (k, node)
            })
            .collect())
    }

    fn entities_with_keys(&self) -> Result<Vec<Entity>, StoreError> {
        let rows = self.conn()?.query(ENTITIES_WITH_KEYS, &[])?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
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
        self.conn()?.batch_execute("BEGIN")?;
        let applied = (|| -> Result<(), StoreError> {
            let txid: i64 = {
                let mut c = self.conn()?;
                write_alias_rule(&mut *c, rule)?;
                c.query_one("SELECT txid_current()::bigint", &[])?
                    .try_get(0)?
            };
            let entities = resolve(&*self)?;
            let mut c = self.conn()?;
            let still: Option<i64> = c
                .query_one("SELECT txid_current_if_assigned()::bigint", &[])?
                .try_get(0)?;
            if still != Some(txid) {
                return Err(StoreError::Corrupt(
                    "the connection was lost while applying an alias rule; nothing was stored"
                        .into(),
                ));
            }
            write_entities(&mut *c, &entities)
        })();
        match applied {
            Ok(()) => Ok(self.conn()?.batch_execute("COMMIT")?),
            Err(e) => {
                if let Ok(mut c) = self.conn() {
                    let _ = c.batch_execute("ROLLBACK");
                }
                Err(e)
            }
        }
    }

    fn alias_rules(&self) -> Result<Vec<AliasRule>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT action, a, b FROM alias_rules ORDER BY action, a, b",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(AliasRule {
                    merge: r.try_get::<_, &str>(0)? == "merge",
                    a: r.try_get(1)?,
                    b: r.try_get(2)?,
                })
            })
            .collect()
    }

    fn list_entities(&self, kind: Option<EntityKind>) -> Result<Vec<EntitySummary>, StoreError> {
        self.summaries(None, kind)
    }

    fn entity_head(
        &self,
        id_or_key: &str,
        articles: usize,
    ) -> Result<Option<EntityDetail>, StoreError> {
        // By id, then by one of its name keys, then by the key a mention was
        // written as (the entity most such mentions count for).
        let id: Option<String> = self
            .conn()?
            .query_opt(
                "SELECT id FROM ( \
                   SELECT 0 AS prio, id, 0::bigint AS n FROM entities WHERE id = $1 \
                   UNION ALL SELECT 1, entity_id, 0 FROM entity_keys WHERE key = $1 \
                   UNION ALL SELECT 2, k.entity_id, COUNT(*) FROM mentions m \
                     JOIN entity_keys k ON k.key = m.node_key WHERE m.key = $1 \
                     GROUP BY k.entity_id) x \
                 ORDER BY prio, n DESC, id LIMIT 1",
                &[&id_or_key],
            )?
            .map(|r| r.try_get(0))
            .transpose()?;
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
        let limit = limit.min(i64::MAX as usize) as i64;
        Ok(self
            .conn()?
            .query(
                "SELECT DISTINCT entity_id FROM ( \
                   SELECT entity_id FROM entity_keys WHERE key = $1 \
                   UNION ALL SELECT entity_id FROM (SELECT DISTINCT k.entity_id FROM mentions m \
                     JOIN entity_keys k ON k.key = m.node_key WHERE m.key = $1 LIMIT $2) y) x \
                 LIMIT $2",
                &[&key, &limit],
            )?
            .into_iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn entity_aliases(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut c = self.conn()?;
        Ok(c.query("SELECT entity_id, text FROM entity_names", &[])?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn quote_bank_after(
        &self,
        speaker_entity: Option<&str>,
        after_seq: Option<i64>,
    ) -> Result<Vec<QuoteBankEntry>, StoreError> {
        let rows = self.with_sql(|c| quote_rows(c, speaker_entity, after_seq))?;
        quote_bank_from_rows(&rows, speaker_entity, |seqs| self.independent_sources(seqs))
    }

    fn entities_in(&self, articles: &[ArticleId]) -> Result<Vec<EntityCount>, StoreError> {
        let ids: Vec<&str> = articles.iter().map(|a| a.as_str()).collect();
        let rows = self.conn()?.query(
            "SELECT e.id, e.canonical, e.kind, COUNT(DISTINCT a.seq) FROM articles a \
             JOIN mentions m ON m.article_seq = a.seq \
             JOIN entity_keys k ON k.key = m.node_key JOIN entities e ON e.id = k.entity_id \
             WHERE a.id = ANY($1) GROUP BY e.id",
            &[&ids],
        )?;
        let mut out = rows
            .iter()
            .map(entity_count)
            .collect::<Result<Vec<_>, StoreError>>()?;
        sort_entity_counts(&mut out);
        Ok(out)
    }

    fn entity_in_articles(
        &self,
        entity_id: &str,
        articles: &[ArticleId],
    ) -> Result<Vec<crate::EntityInArticle>, StoreError> {
        let mut c = self.conn()?;
        let mut out = Vec::new();
        for a in articles {
            let Some(row) =
                c.query_opt("SELECT seq FROM articles WHERE id = $1", &[&a.as_str()])?
            else {
                continue;
            };
            let seq: i64 = row.try_get(0)?;
            let span = |r: &postgres::Row| -> Result<(usize, usize), StoreError> {
                Ok((
                    r.try_get::<_, i64>(0)? as usize,
                    r.try_get::<_, i64>(1)? as usize,
                ))
            };
            let spans = c
                .query(
                    "SELECT m.span_start, m.span_end FROM mentions m \
                     JOIN entity_keys k ON k.key = m.node_key \
                     WHERE m.article_seq = $1 AND k.entity_id = $2 ORDER BY m.ord",
                    &[&seq, &entity_id],
                )?
                .iter()
                .map(span)
                .collect::<Result<_, _>>()?;
            let all: i64 = c
                .query_one(
                    "SELECT COUNT(*) FROM mentions WHERE article_seq = $1",
                    &[&seq],
                )?
                .try_get(0)?;
            let quotes = c
                .query(
                    "SELECT q.span_start, q.span_end, EXISTS(SELECT 1 FROM entity_keys k \
                       WHERE k.key = q.speaker_key AND k.entity_id = $2) \
                     FROM quotes q WHERE q.article_seq = $1 ORDER BY q.ord",
                    &[&seq, &entity_id],
                )?
                .iter()
                .map(|r| Ok((span(r)?, r.try_get::<_, bool>(2)?)))
                .collect::<Result<_, StoreError>>()?;
            out.push(crate::EntityInArticle {
                article: a.clone(),
                spans,
                all_mentions: all as u64,
                quotes,
            });
        }
        Ok(out)
    }

    fn co_occurring(&self, entity_id: &str, limit: usize) -> Result<Vec<EntityCount>, StoreError> {
        let rows = self.conn()?.query(
            "WITH arts AS (SELECT DISTINCT m.article_seq FROM entity_keys k \
               JOIN mentions m ON m.node_key = k.key WHERE k.entity_id = $1 \
               ORDER BY m.article_seq DESC LIMIT $3) \
             SELECT e.id, e.canonical, e.kind, COUNT(DISTINCT m2.article_seq) AS n FROM arts \
             JOIN mentions m2 ON m2.article_seq = arts.article_seq \
             JOIN entity_keys k2 ON k2.key = m2.node_key JOIN entities e ON e.id = k2.entity_id \
             WHERE e.id <> $1 GROUP BY e.id ORDER BY n DESC, e.canonical, e.id LIMIT $2",
            &[&entity_id, &bigint(limit), &(CO_OCCURRING_ARTICLES as i64)],
        )?;
        rows.iter().map(entity_count).collect()
    }

    fn entity_roles(
        &self,
        entity_id: &str,
        limit: usize,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT m.role, COUNT(*) AS n FROM entity_keys k \
             JOIN mentions m ON m.node_key = k.key \
             WHERE k.entity_id = $1 AND m.role IS NOT NULL AND m.role <> '' \
             GROUP BY m.role ORDER BY n DESC, m.role LIMIT $2",
            &[&entity_id, &bigint(limit)],
        )?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64)))
            .collect()
    }
}
