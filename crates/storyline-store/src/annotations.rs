//! Annotation storage for [`SqliteStore`]: mentions, quotes, date
//! expressions, the entities alias resolution made of them, the user's alias
//! rules, and the read models the CLI lists (entities, the quote bank).

use crate::{sqlite::SqliteStore, StoreError};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_model::annotation::SURNAME_RULE;
use storyline_model::{
    AliasRule, Annotations, ArticleId, Entity, EntityKind, Mention, NameLink, NameNode,
};

/// One article's signals for event clustering (see [`crate::Store::event_signals`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventSignals {
    /// The syndication group key, when the article has copies.
    pub group: Option<String>,
    /// Ids of the entities it mentions, sorted.
    pub entities: Vec<String>,
    /// Keys of its (whole, not partial) direct quotes.
    pub quote_keys: Vec<String>,
    /// Its relative date expressions ("on Tuesday", "yesterday"), in text order.
    pub relative_dates: Vec<RelativeDate>,
}

/// A relative date expression as stored: resolved to a day when the
/// publication date (or its inferred bound) allowed it.
#[derive(Clone, Debug, PartialEq)]
pub struct RelativeDate {
    pub text: String,
    pub date: Option<NaiveDate>,
    /// Resolved against an inferred publication bound, not a stated date.
    pub inferred: bool,
    pub span: (usize, usize),
    pub rule: String,
    pub confidence: f32,
}

/// An entity as listed: name, type, how often and where it is mentioned, and
/// every alias with its count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySummary {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub mentions: u64,
    pub articles: u64,
    /// Surface forms with their mention counts, most first.
    pub aliases: Vec<(String, u64)>,
}

/// An entity and how many articles of a set mention it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityCount {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    /// Articles (of the set asked about) that mention it.
    pub articles: u64,
}

/// One article's mentions of an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityArticle {
    pub id: ArticleId,
    pub title: String,
    pub published: Option<NaiveDate>,
    pub mentions: u64,
}

/// An entity with the articles that mention it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityDetail {
    #[serde(flatten)]
    pub summary: EntitySummary,
    pub articles_list: Vec<EntityArticle>,
}

/// Where one article reported a quote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteSighting {
    pub article: ArticleId,
    pub published: Option<NaiveDate>,
    pub speaker: Option<String>,
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
    pub span: (usize, usize),
    pub rule: String,
    pub confidence: f32,
}

/// A quote-bank entry: one quote, deduplicated across the articles that
/// report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteBankEntry {
    pub key: String,
    pub text: String,
    /// The speaker's entity, when the speaker resolved to one.
    pub speaker_entity: Option<String>,
    pub speaker: Option<String>,
    pub articles: Vec<QuoteSighting>,
    /// Independent sources among the articles (see
    /// [`crate::Store::independent_sources`]).
    pub independent_sources: u64,
    /// The earliest publication date among the articles.
    pub first_reported: Option<NaiveDate>,
    pub partial: bool,
}

impl QuoteBankEntry {
    /// Whether the quote bank lists the entry by default: whole quotes, and
    /// partial quotes inside reported speech only when they are at least six
    /// words (shorter ones are phrases, not statements).
    pub fn listed_by_default(&self) -> bool {
        !self.partial || self.text.split_whitespace().count() >= 6
    }
}

/// Every entity's aliases with counts (optionally of one kind).
const ALL_ENTITY_ALIASES: &str =
    "SELECT e.id, e.canonical, e.kind, m.text, COUNT(*), COUNT(DISTINCT m.article_seq) \
     FROM entities e JOIN entity_keys k ON k.entity_id = e.id \
     JOIN mentions m ON m.node_key = k.key \
     WHERE (?1 IS NULL OR e.id = ?1) AND (?2 IS NULL OR e.kind = ?2) \
     GROUP BY e.id, m.text";

/// Each entity's distinct written names with their mention counts, from its
/// mentions (what [`crate::Store::entity_aliases`] and an entity's summary
/// read).
pub(crate) const ENTITY_NAMES_FROM_MENTIONS: &str =
    "INSERT INTO entity_names (entity_id, text, mentions) SELECT k.entity_id, m.text, COUNT(*) \
     FROM entity_keys k JOIN mentions m ON m.node_key = k.key GROUP BY k.entity_id, m.text";

/// Each entity's articles with its mentions in each and their dates (what an
/// entity's page lists, a page at a time).
pub(crate) const ENTITY_ARTICLES_FROM_MENTIONS: &str =
    "INSERT INTO entity_articles (entity_id, article_seq, mentions, published_date) \
     SELECT k.entity_id, m.article_seq, COUNT(*), a.published_date FROM entity_keys k \
     JOIN mentions m ON m.node_key = k.key JOIN articles a ON a.seq = m.article_seq \
     GROUP BY k.entity_id, m.article_seq, a.published_date";

/// The entities of every event's member articles, with their mentions (what
/// an entity's timeline reads, a page at a time); from `entity_articles`.
pub(crate) const EVENT_ENTITIES_FROM_MEMBERS: &str =
    "INSERT INTO event_entities (entity_id, event_id, mentions, sort_day) \
     SELECT ea.entity_id, em.event, SUM(ea.mentions), ev.sort_day FROM event_members em \
     JOIN articles a ON a.id = em.article JOIN entity_articles ea ON ea.article_seq = a.seq \
     JOIN events ev ON ev.id = em.event GROUP BY ea.entity_id, em.event, ev.sort_day";

/// [`EVENT_ENTITIES_FROM_MEMBERS`] for the one event whose id is the
/// query's first parameter.
pub(crate) const EVENT_ENTITIES_OF_EVENT: &str =
    "INSERT INTO event_entities (entity_id, event_id, mentions, sort_day) \
     SELECT ea.entity_id, em.event, SUM(ea.mentions), ev.sort_day FROM event_members em \
     JOIN articles a ON a.id = em.article JOIN entity_articles ea ON ea.article_seq = a.seq \
     JOIN events ev ON ev.id = em.event WHERE em.event = $1 \
     GROUP BY ea.entity_id, em.event, ev.sort_day";

/// One entity's aliases with counts: `e.id = ?1` alone, so SQLite starts
/// from the entity's keys (with `?1 IS NULL OR` it scanned every mention of
/// the store: 0.8 s for one entity page on 5,000 articles).
const ONE_ENTITY_ALIASES: &str =
    "SELECT e.id, e.canonical, e.kind, m.text, COUNT(*), COUNT(DISTINCT m.article_seq) \
     FROM entities e JOIN entity_keys k ON k.entity_id = e.id \
     JOIN mentions m ON m.node_key = k.key \
     WHERE e.id = ?1 AND (?2 IS NULL OR e.kind = ?2) \
     GROUP BY e.id, m.text";

/// The first of an entity's articles in date order (undated last), read in
/// index order up to the limit.
const ENTITY_ARTICLES_PAGE: &str =
    "SELECT a.id, COALESCE(a.title, ''), a.published_date, ea.mentions \
     FROM entity_articles ea JOIN articles a ON a.seq = ea.article_seq \
     WHERE ea.entity_id = ?1 \
     ORDER BY ea.published_date IS NULL, ea.published_date, ea.article_seq LIMIT ?2";

/// A page of an entity's events in timeline order, read in index order.
const ENTITY_EVENTS_PAGE: &str =
    "SELECT ev.record FROM event_entities ee JOIN events ev ON ev.id = ee.event_id \
     WHERE ee.entity_id = ?1 \
     ORDER BY ee.sort_day IS NULL, ee.sort_day, ee.event_id LIMIT ?2 OFFSET ?3";

/// Co-occurring entities are counted over at most this many of an entity's
/// articles, the latest stored: a country in a large store is in tens of
/// thousands, and counting all of them takes seconds for the same ranking.
pub const CO_OCCURRING_ARTICLES: usize = 500;

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// An entity type as stored; an unknown name is `Other`.
pub(crate) fn kind_of(s: &str) -> EntityKind {
    EntityKind::parse(s).unwrap_or(EntityKind::Other)
}

/// Entity counts in listing order: most articles first, then by name, then id.
pub(crate) fn sort_entity_counts(counts: &mut [EntityCount]) {
    counts.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Entity summaries as listed: each with its article count (`articles_of`
/// its id), aliases most counted first, entities most mentioned first.
pub(crate) fn finish_summaries(
    by_id: BTreeMap<String, EntitySummary>,
    mut articles_of: impl FnMut(&str) -> Result<u64, StoreError>,
) -> Result<Vec<EntitySummary>, StoreError> {
    let mut out: Vec<EntitySummary> = by_id.into_values().collect();
    for e in &mut out {
        e.articles = articles_of(&e.id)?;
        e.aliases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// The names a user split off: they count for themselves, never through an
/// in-article surname link.
pub(crate) fn split_off_keys(rules: Vec<AliasRule>) -> HashSet<String> {
    rules
        .into_iter()
        .filter(|r| !r.merge)
        .flat_map(|r| [r.a, r.b])
        .collect()
}

/// Where a mention is counted and what it links, as both backends store it:
/// the name-graph node it counts for (a surname linked in its article counts
/// for the full name, unless the user split it off) and, for any other alias
/// link to a different name, the ordered pair of keys.
pub(crate) fn mention_node<'a>(
    ann: &'a Annotations,
    m: &'a Mention,
    split_keys: &HashSet<String>,
) -> (&'a str, Option<(&'a str, &'a str)>) {
    let target = m.alias_of.and_then(|t| ann.mentions.get(t));
    let node_key = match target {
        Some(t) if m.provenance.rule == SURNAME_RULE && !split_keys.contains(&m.key) => {
            t.key.as_str()
        }
        _ => m.key.as_str(),
    };
    let link = target
        .filter(|t| m.provenance.rule != SURNAME_RULE && t.key != m.key)
        .map(|t| {
            if m.key < t.key {
                (m.key.as_str(), t.key.as_str())
            } else {
                (t.key.as_str(), m.key.as_str())
            }
        });
    (node_key, link)
}

/// A date expression's kind as stored (its serde name).
pub(crate) fn date_kind_str(kind: &impl Serialize) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The name-graph nodes built from mention rows (node key, mention key,
/// text, kind, confidence), the same for every backend: per node the most
/// written surface form of the node's own key, the mention count, and type
/// votes (summed confidences, at least 0.05 each).
#[derive(Default)]
pub(crate) struct NameNodes(BTreeMap<String, NodeCounts>);

/// One node's surface forms with counts, mention count and type votes.
type NodeCounts = (HashMap<String, u64>, u64, [f32; 4]);

impl NameNodes {
    pub(crate) fn add(
        &mut self,
        node: String,
        key: &str,
        text: String,
        kind: EntityKind,
        confidence: f64,
    ) {
        let own_form = key == node;
        let e = self.0.entry(node).or_default();
        e.1 += 1;
        if own_form {
            *e.0.entry(text).or_default() += 1;
        }
        e.2[kind.vote_index()] += (confidence as f32).max(0.05);
    }

    pub(crate) fn finish(self) -> Vec<NameNode> {
        self.0
            .into_iter()
            .map(|(key, (texts, n, votes))| {
                let text = texts
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|t| t.0)
                    .unwrap_or_else(|| key.clone());
                NameNode {
                    key,
                    text,
                    mentions: n,
                    votes,
                }
            })
            .collect()
    }
}

/// One sighting of a quote as both backends read it, rows ordered by quote
/// key: key, text, speaker name, speaker entity id, article sequence number,
/// the sighting, and whether it was a partial quote.
pub(crate) type QuoteRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    QuoteSighting,
    bool,
);

/// The quote bank from sightings ordered by key: one entry per key, the
/// speaker most articles resolved, independent sources counted by
/// `independent_sources` over the sightings' articles, most reported first.
/// Shared by every backend so they assemble it the same way.
pub(crate) fn quote_bank_from_rows(
    rows: &[QuoteRow],
    speaker_entity: Option<&str>,
    mut independent_sources: impl FnMut(&[i64]) -> Result<u64, StoreError>,
) -> Result<Vec<QuoteBankEntry>, StoreError> {
    let mut out: Vec<QuoteBankEntry> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j < rows.len() && rows[j].0 == rows[i].0 {
            j += 1;
        }
        let group = &rows[i..j];
        // The speaker most articles resolved.
        let mut votes: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
        for g in group {
            if g.2.is_some() || g.3.is_some() {
                *votes.entry((g.3.clone(), g.2.clone())).or_default() += 1;
            }
        }
        let speaker = votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(a.0 .0.is_some().cmp(&b.0 .0.is_some())))
            .map(|(k, _)| k);
        let seqs: Vec<i64> = group.iter().map(|g| g.4).collect();
        let entry = QuoteBankEntry {
            key: group[0].0.clone(),
            text: group
                .iter()
                .map(|g| &g.1)
                .max_by_key(|t| t.len())
                .cloned()
                .unwrap_or_default(),
            speaker_entity: speaker.as_ref().and_then(|s| s.0.clone()),
            speaker: speaker.and_then(|s| s.1),
            articles: group.iter().map(|g| g.5.clone()).collect(),
            independent_sources: independent_sources(&seqs)?,
            first_reported: group.iter().filter_map(|g| g.5.published).min(),
            partial: group.iter().all(|g| g.6),
        };
        if speaker_entity.is_none_or(|s| entry.speaker_entity.as_deref() == Some(s)) {
            out.push(entry);
        }
        i = j;
    }
    out.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.first_reported.cmp(&b.first_reported))
            .then(a.key.cmp(&b.key))
    });
    Ok(out)
}

/// Replaces every entity (inside the caller's transaction).
fn write_entities(conn: &rusqlite::Connection, entities: &[Entity]) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM event_entities; DELETE FROM entity_articles; DELETE FROM entity_names;",
    )?;
    conn.execute("DELETE FROM entity_keys", [])?;
    conn.execute("DELETE FROM entities", [])?;
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
    conn.execute(ENTITY_NAMES_FROM_MENTIONS, [])?;
    conn.execute(ENTITY_ARTICLES_FROM_MENTIONS, [])?;
    conn.execute(EVENT_ENTITIES_FROM_MEMBERS, [])?;
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
    /// Stores the annotations of stored articles, replacing what an article
    /// had. Articles not stored are skipped.
    pub(crate) fn put_annotations_impl(
        &mut self,
        batch: &[(ArticleId, Annotations)],
    ) -> Result<(), StoreError> {
        let split_keys = split_off_keys(self.alias_rules_impl()?);
        let tx = self.conn_mut().transaction()?;
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
        tx.commit()?;
        Ok(())
    }

    pub(crate) fn unannotated_impl(
        &self,
        limit: usize,
    ) -> Result<Vec<crate::Unannotated>, StoreError> {
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

    pub(crate) fn name_graph_impl(&self) -> Result<(Vec<NameNode>, Vec<NameLink>), StoreError> {
        let mut nodes = NameNodes::default();
        let mut stmt = self
            .conn()
            .prepare("SELECT node_key, key, text, kind, confidence FROM mentions")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let node: String = r.get(0)?;
            let key: String = r.get(1)?;
            let text: String = r.get(2)?;
            let kind = kind_of(&r.get::<_, String>(3)?);
            let conf: f64 = r.get(4)?;
            nodes.add(node, &key, text, kind, conf);
        }
        let nodes = nodes.finish();
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT a, b FROM name_links ORDER BY a, b")?;
        let links = stmt
            .query_map([], |r| {
                Ok(NameLink {
                    a: r.get(0)?,
                    b: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok((nodes, links))
    }

    pub(crate) fn replace_entities_impl(&mut self, entities: &[Entity]) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        write_entities(&tx, entities)?;
        tx.commit()?;
        Ok(())
    }

    pub(crate) fn add_alias_rule_impl(&mut self, rule: &AliasRule) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        write_alias_rule(&tx, rule)?;
        tx.commit()?;
        Ok(())
    }

    /// The rule and the entities `resolve` computes with it in place, in one
    /// transaction (`resolve` reads through this connection, so it sees the
    /// rule).
    pub(crate) fn add_alias_rule_resolving_impl(
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

    pub(crate) fn alias_rules_impl(&self) -> Result<Vec<AliasRule>, StoreError> {
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

    pub(crate) fn list_entities_impl(
        &self,
        kind: Option<EntityKind>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        self.summaries(None, kind)
    }

    pub(crate) fn entity_aliases_impl(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT entity_id, text FROM entity_names")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
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

    pub(crate) fn entity_impl(
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
        let mut stmt = self.conn().prepare_cached(ENTITY_ARTICLES_PAGE)?;
        let articles_list = stmt
            .query_map(params![&id, articles.min(i64::MAX as usize) as i64], |r| {
                Ok(EntityArticle {
                    id: ArticleId(r.get(0)?),
                    title: r.get(1)?,
                    published: parse_date(r.get(2)?),
                    mentions: r.get::<_, i64>(3)? as u64,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(EntityDetail {
            summary,
            articles_list,
        }))
    }

    /// See [`crate::Store::entity_events`].
    pub(crate) fn entity_events_impl(
        &self,
        entity_id: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<String>, u64), StoreError> {
        let total: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM event_entities WHERE entity_id = ?1",
            [entity_id],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn().prepare_cached(ENTITY_EVENTS_PAGE)?;
        let records = stmt
            .query_map(
                params![
                    entity_id,
                    limit.min(i64::MAX as usize) as i64,
                    offset.min(i64::MAX as usize) as i64
                ],
                |r| r.get::<_, String>(0),
            )?
            .collect::<Result<_, _>>()?;
        Ok((records, total as u64))
    }

    pub(crate) fn entities_in_impl(
        &self,
        articles: &[ArticleId],
    ) -> Result<Vec<EntityCount>, StoreError> {
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

    pub(crate) fn co_occurring_impl(
        &self,
        entity_id: &str,
        limit: usize,
    ) -> Result<Vec<EntityCount>, StoreError> {
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

    /// See [`crate::Store::entity_roles`].
    pub(crate) fn entity_roles_impl(
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

    /// See [`crate::Store::independent_sources`].
    pub(crate) fn independent_sources_impl(&self, article_seqs: &[i64]) -> Result<u64, StoreError> {
        // One source per syndication group; an article without copies is a
        // source of its own.
        let mut stmt = self.conn().prepare_cached(
            "SELECT COALESCE(m.group_key, a.id) FROM articles a \
             LEFT JOIN syndication_members m ON m.article_id = a.id WHERE a.seq = ?1",
        )?;
        let mut units: Vec<String> = Vec::with_capacity(article_seqs.len());
        for seq in article_seqs {
            if let Some(u) = stmt
                .query_row([seq], |r| r.get::<_, String>(0))
                .optional()?
            {
                units.push(u);
            }
        }
        units.sort_unstable();
        units.dedup();
        Ok(units.len() as u64)
    }

    /// See [`crate::Store::event_signals`].
    pub(crate) fn event_signals_impl(&self, seq: i64) -> Result<EventSignals, StoreError> {
        let conn = self.conn();
        let group: Option<String> = conn
            .query_row(
                "SELECT m.group_key FROM syndication_members m JOIN articles a \
                 ON a.id = m.article_id WHERE a.seq = ?1",
                [seq],
                |r| r.get(0),
            )
            .optional()?;
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT k.entity_id FROM mentions m JOIN entity_keys k ON k.key = m.node_key \
             WHERE m.article_seq = ?1 ORDER BY 1",
        )?;
        let entities = stmt
            .query_map([seq], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT quote_key FROM quotes WHERE article_seq = ?1 AND partial = 0 ORDER BY 1",
        )?;
        let quote_keys = stmt
            .query_map([seq], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT text, date, inferred, span_start, span_end, rule, confidence \
             FROM date_expressions WHERE article_seq = ?1 AND kind = 'relative' ORDER BY span_start",
        )?;
        let relative_dates = stmt
            .query_map([seq], |r| {
                Ok(RelativeDate {
                    text: r.get(0)?,
                    date: parse_date(r.get(1)?),
                    inferred: r.get::<_, i64>(2)? != 0,
                    span: (r.get::<_, i64>(3)? as usize, r.get::<_, i64>(4)? as usize),
                    rule: r.get(5)?,
                    confidence: r.get::<_, f64>(6)? as f32,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(EventSignals {
            group,
            entities,
            quote_keys,
            relative_dates,
        })
    }

    pub(crate) fn quote_bank_impl(
        &self,
        speaker_entity: Option<&str>,
    ) -> Result<Vec<QuoteBankEntry>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT q.quote_key, q.text, COALESCE(e.canonical, q.speaker), k.entity_id, a.seq, a.id, a.published_date, \
                    q.speaker_text, q.cue, q.span_start, q.span_end, q.rule, q.confidence, q.partial \
             FROM quotes q JOIN articles a ON a.seq = q.article_seq \
             LEFT JOIN entity_keys k ON k.key = q.speaker_key \
             LEFT JOIN entities e ON e.id = k.entity_id \
             WHERE ?1 IS NULL OR q.quote_key IN (SELECT q2.quote_key FROM quotes q2 \
               JOIN entity_keys k2 ON k2.key = q2.speaker_key WHERE k2.entity_id = ?1) \
             ORDER BY q.quote_key, a.published_date IS NULL, a.published_date, a.seq",
        )?;
        // Only quotes some article attributes to the speaker can be theirs:
        // the rest are never read (the vote below still decides).
        let rows: Vec<QuoteRow> = stmt
            .query_map([speaker_entity], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    QuoteSighting {
                        article: ArticleId(r.get(5)?),
                        published: parse_date(r.get(6)?),
                        speaker: r.get(2)?,
                        speaker_text: r.get(7)?,
                        cue: r.get(8)?,
                        span: (r.get::<_, i64>(9)? as usize, r.get::<_, i64>(10)? as usize),
                        rule: r.get(11)?,
                        confidence: r.get::<_, f64>(12)? as f32,
                    },
                    r.get::<_, i64>(13)? != 0,
                ))
            })?
            .collect::<Result<_, _>>()?;
        quote_bank_from_rows(&rows, speaker_entity, |seqs| {
            self.independent_sources_impl(seqs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
