//! What every backend shares about annotations: the entity, quote and event
//! signal read models, the SQL that derives the entity tables, and the
//! assembly of name-graph nodes and the quote bank from rows.

use crate::sql::Sql;
use crate::StoreError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_model::annotation::SURNAME_RULE;
use storyline_model::{AliasRule, Annotations, ArticleId, Entity, EntityKind, Mention, NameLink};
use storyline_pipeline::events::{linked_entity_keys, MentionLink};

/// One article's signals for event clustering (see [`crate::EventStore::event_signals`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventSignals {
    /// The syndication group key, when the article has copies.
    pub group: Option<String>,
    /// The entity keys it mentions, sorted: per-article name keys, an
    /// in-article alias or surname counted as the name it stands for
    /// ([`storyline_pipeline::events::entity_keys`]). Not alias-resolved
    /// entity ids, which change as entities merge: these change only when
    /// the article is annotated again.
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
    /// The expression as written.
    pub text: String,
    /// The day it resolves to, when it resolved.
    pub date: Option<NaiveDate>,
    /// Resolved against an inferred publication bound, not a stated date.
    pub inferred: bool,
    /// Byte span in the article's clean text.
    pub span: (usize, usize),
    /// The rule that found it.
    pub rule: String,
    /// The rule's confidence, 0 to 1.
    pub confidence: f32,
}

/// An entity as listed: name, type, how often and where it is mentioned, and
/// every alias with its count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySummary {
    /// Entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Entity type.
    pub kind: EntityKind,
    /// Mentions across the store.
    pub mentions: u64,
    /// Articles that mention it.
    pub articles: u64,
    /// Surface forms with their mention counts, most first.
    pub aliases: Vec<(String, u64)>,
}

/// An entity and how many articles of a set mention it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = EntityCountOut))]
pub struct EntityCount {
    /// Entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Entity type: `person`, `organisation`, `place` or `other`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: EntityKind,
    /// Articles (of the set asked about) that mention it.
    pub articles: u64,
}

/// The first of an entity's articles in date order (undated last), read in
/// index order up to the limit.
pub(crate) const ENTITY_ARTICLES_PAGE: &str =
    "SELECT a.id, COALESCE(a.title, ''), a.published_date, ea.mentions \
     FROM entity_articles ea JOIN articles a ON a.seq = ea.article_seq \
     WHERE ea.entity_id = $1 \
     ORDER BY ea.published_date IS NULL, ea.published_date, ea.article_seq LIMIT $2";

/// The first `limit` of the articles that mention the entity `id` (see
/// [`crate::EntityDetail::articles_list`]).
pub(crate) fn entity_articles(
    sql: &mut dyn Sql,
    id: &str,
    limit: usize,
) -> Result<Vec<EntityArticle>, StoreError> {
    sql.query(
        ENTITY_ARTICLES_PAGE,
        &[id.into(), (limit.min(i64::MAX as usize) as i64).into()],
    )?
    .iter()
    .map(|r| {
        Ok(EntityArticle {
            id: ArticleId(r.text(0)?),
            title: r.text(1)?,
            published: r.opt_day(2)?,
            mentions: r.int(3)? as u64,
        })
    })
    .collect()
}

/// One article's mentions of an entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = EntityArticleOut))]
pub struct EntityArticle {
    /// The article's id.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub id: ArticleId,
    /// Its title (empty when it has none).
    pub title: String,
    /// Its publication date (YYYY-MM-DD).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub published: Option<NaiveDate>,
    /// How often it mentions the entity.
    pub mentions: u64,
}

/// How one article names an entity: what decides whether the entity is
/// what the article is about or a passing reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityInArticle {
    /// The article.
    pub article: ArticleId,
    /// Byte spans of the entity's mentions, in text order.
    pub spans: Vec<(usize, usize)>,
    /// Name mentions of any entity in the article.
    pub all_mentions: u64,
    /// Byte spans of the article's quotes, each with whether the entity is
    /// its speaker.
    pub quotes: Vec<((usize, usize), bool)>,
}

/// An entity with the articles that mention it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityDetail {
    /// The entity as listed.
    #[serde(flatten)]
    pub summary: EntitySummary,
    /// Its articles, first in date order (undated last).
    pub articles_list: Vec<EntityArticle>,
}

/// Where one article reported a quote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteSighting {
    /// The reporting article.
    pub article: ArticleId,
    /// Its publication date.
    pub published: Option<NaiveDate>,
    /// The speaker the article attributes the quote to.
    pub speaker: Option<String>,
    /// The speaker as the article wrote it.
    pub speaker_text: Option<String>,
    /// The verb or phrase that introduced the quote.
    pub cue: Option<String>,
    /// Byte span of the quote in the article's clean text.
    pub span: (usize, usize),
    /// The rule that found it.
    pub rule: String,
    /// The rule's confidence, 0 to 1.
    pub confidence: f32,
}

/// A quote-bank entry: one quote, deduplicated across the articles that
/// report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteBankEntry {
    /// Normalised text that identifies the quote across articles.
    pub key: String,
    /// The quote's text.
    pub text: String,
    /// The speaker's entity, when the speaker resolved to one.
    pub speaker_entity: Option<String>,
    /// The speaker most articles resolved.
    pub speaker: Option<String>,
    /// Where it was reported, one sighting per article.
    pub articles: Vec<QuoteSighting>,
    /// Independent sources among the articles (see
    /// [`crate::SyndicationStore::independent_sources`]).
    pub independent_sources: u64,
    /// The earliest publication date among the articles.
    pub first_reported: Option<NaiveDate>,
    /// True when only part of a sentence was quoted.
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

/// Each entity's distinct written names with their mention counts, from its
/// mentions (what [`crate::AnnotationStore::entity_aliases`] and an entity's summary
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

/// [`ENTITY_NAMES_FROM_MENTIONS`] for the one entity whose id is the
/// query's first parameter.
const ENTITY_NAMES_OF_ENTITY: &str =
    "INSERT INTO entity_names (entity_id, text, mentions) SELECT k.entity_id, m.text, COUNT(*) \
     FROM entity_keys k JOIN mentions m ON m.node_key = k.key WHERE k.entity_id = $1 \
     GROUP BY k.entity_id, m.text";

/// [`ENTITY_ARTICLES_FROM_MENTIONS`] for the one entity whose id is the
/// query's first parameter.
const ENTITY_ARTICLES_OF_ENTITY: &str =
    "INSERT INTO entity_articles (entity_id, article_seq, mentions, published_date) \
     SELECT k.entity_id, m.article_seq, COUNT(*), a.published_date FROM entity_keys k \
     JOIN mentions m ON m.node_key = k.key JOIN articles a ON a.seq = m.article_seq \
     WHERE k.entity_id = $1 GROUP BY k.entity_id, m.article_seq, a.published_date";

/// [`EVENT_ENTITIES_FROM_MEMBERS`] for the one entity whose id is the
/// query's first parameter (after its `entity_articles` rows).
const EVENT_ENTITIES_OF_ENTITY: &str =
    "INSERT INTO event_entities (entity_id, event_id, mentions, sort_day) \
     SELECT ea.entity_id, em.event, SUM(ea.mentions), ev.sort_day FROM entity_articles ea \
     JOIN articles a ON a.seq = ea.article_seq JOIN event_members em ON em.article = a.id \
     JOIN events ev ON ev.id = em.event WHERE ea.entity_id = $1 \
     GROUP BY ea.entity_id, em.event, ev.sort_day";

/// What the articles stored after the first parameter add to the derived
/// entity rows, in one pass over their mentions (run after the entity keys
/// are revised, and before the entities new or changed are derived again
/// whole): their `entity_articles` rows, their mentions added to the
/// `entity_names` counts, and the `event_entities` rows of the events they
/// are in. With the rows of the entities derived again, equal to deriving
/// every touched entity's rows again, at a cost that follows the new
/// mentions rather than all of each entity's.
const ENTITY_ROWS_AFTER: [&str; 5] = [
    "DELETE FROM entity_articles WHERE article_seq > $1",
    "INSERT INTO entity_articles (entity_id, article_seq, mentions, published_date) \
     SELECT k.entity_id, m.article_seq, COUNT(*), a.published_date FROM mentions m \
     JOIN entity_keys k ON k.key = m.node_key JOIN articles a ON a.seq = m.article_seq \
     WHERE m.article_seq > $1 GROUP BY k.entity_id, m.article_seq, a.published_date",
    "INSERT INTO entity_names (entity_id, text, mentions) SELECT k.entity_id, m.text, COUNT(*) \
     FROM mentions m JOIN entity_keys k ON k.key = m.node_key \
     WHERE m.article_seq > $1 GROUP BY k.entity_id, m.text \
     ON CONFLICT (entity_id, text) DO UPDATE SET mentions = entity_names.mentions + excluded.mentions",
    "DELETE FROM event_entities WHERE event_id IN (SELECT em.event FROM event_members em \
     WHERE em.article IN (SELECT id FROM articles WHERE seq > $1))",
    "INSERT INTO event_entities (entity_id, event_id, mentions, sort_day) \
     SELECT ea.entity_id, em.event, SUM(ea.mentions), ev.sort_day FROM event_members em \
     JOIN articles a ON a.id = em.article JOIN entity_articles ea ON ea.article_seq = a.seq \
     JOIN events ev ON ev.id = em.event WHERE em.event IN (SELECT em2.event \
     FROM event_members em2 WHERE em2.article IN (SELECT id FROM articles WHERE seq > $1)) \
     GROUP BY ea.entity_id, em.event, ev.sort_day",
];

/// Derives the entity rows again after a revision of the entities:
/// [`ENTITY_ROWS_AFTER`] for the articles stored after `since`, then every
/// row of each entity in `changed` (new, or differing from the stored one)
/// from its keys.
pub(crate) fn derive_revised_entity_rows(
    sql: &mut dyn Sql,
    since: i64,
    changed: &[&Entity],
) -> Result<(), StoreError> {
    for step in ENTITY_ROWS_AFTER {
        sql.execute(step, &[since.into()])?;
    }
    for e in changed {
        for table in ["event_entities", "entity_articles", "entity_names"] {
            sql.execute(
                &format!("DELETE FROM {table} WHERE entity_id = $1"),
                &[e.id.as_str().into()],
            )?;
        }
        for derive in [
            ENTITY_NAMES_OF_ENTITY,
            ENTITY_ARTICLES_OF_ENTITY,
            EVENT_ENTITIES_OF_ENTITY,
        ] {
            sql.execute(derive, &[e.id.as_str().into()])?;
        }
    }
    Ok(())
}

/// The sequence number the stored entities were derived through (0 before
/// the first derivation).
pub(crate) fn entities_through(sql: &mut dyn Sql) -> Result<i64, StoreError> {
    let state = sql.query_opt("SELECT through_seq FROM entities_state WHERE id = 1", &[])?;
    Ok(state.map(|r| r.int(0)).transpose()?.unwrap_or(0))
}

/// What turns the stored entities `previous` into `entities` (both sorted
/// by id): the ids of stored entities that are gone or differ, and the
/// entities to write (new, or differing from the stored one of their id).
pub(crate) fn entity_changes<'a>(
    previous: &'a [Entity],
    entities: &'a [Entity],
) -> (Vec<&'a str>, Vec<&'a Entity>) {
    let before: HashMap<&str, &Entity> = previous.iter().map(|e| (e.id.as_str(), e)).collect();
    let after: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let removed = previous
        .iter()
        .filter(|e| after.get(e.id.as_str()) != Some(e))
        .map(|e| e.id.as_str())
        .collect();
    let added = entities
        .iter()
        .filter(|e| before.get(e.id.as_str()) != Some(e))
        .collect();
    (removed, added)
}

/// Co-occurring entities are counted over at most this many of an entity's
/// articles, the latest stored: a country in a large store is in tens of
/// thousands, and counting all of them takes seconds for the same ranking.
pub const CO_OCCURRING_ARTICLES: usize = 500;

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

/// The [`EventSignals::entities`] of one article's stored mention rows
/// (key, kind, index of the mention it stands for), in mention order.
pub(crate) fn event_entity_keys(rows: &[(String, String, Option<i64>)]) -> Vec<String> {
    let links: Vec<MentionLink<'_>> = rows
        .iter()
        .map(|(key, kind, alias_of)| MentionLink {
            key,
            kind: EntityKind::parse(kind).unwrap_or(EntityKind::Other),
            alias_of: alias_of.and_then(|a| usize::try_from(a).ok()),
        })
        .collect();
    linked_entity_keys(&links)
}

/// The name links articles stated, each pair once, in order (the links of
/// [`crate::AnnotationStore::name_graph`]).
pub(crate) fn name_links(sql: &mut dyn Sql) -> Result<Vec<NameLink>, StoreError> {
    sql.query("SELECT DISTINCT a, b FROM name_links ORDER BY a, b", &[])?
        .iter()
        .map(|r| {
            Ok(NameLink {
                a: r.text(0)?,
                b: r.text(1)?,
            })
        })
        .collect()
}

/// The [`EventSignals`] of every article whose sequence number is in
/// `(after, through]`, in sequence order, read with one range query per
/// table (one article's are the range of its sequence number alone).
pub(crate) fn event_signals_between(
    sql: &mut dyn Sql,
    after: i64,
    through: i64,
) -> Result<Vec<(i64, EventSignals)>, StoreError> {
    let range = [after.into(), through.into()];
    let mut out: Vec<(i64, EventSignals)> = sql
        .query(
            "SELECT seq FROM articles WHERE seq > $1 AND seq <= $2 ORDER BY seq",
            &range,
        )?
        .iter()
        .map(|r| Ok((r.int(0)?, EventSignals::default())))
        .collect::<Result<_, StoreError>>()?;
    let position: HashMap<i64, usize> = out
        .iter()
        .enumerate()
        .map(|(i, (seq, _))| (*seq, i))
        .collect();
    let slot = |seq: i64| position.get(&seq).copied();
    for r in sql.query(
        "SELECT a.seq, m.group_key FROM syndication_members m JOIN articles a \
         ON a.id = m.article_id WHERE a.seq > $1 AND a.seq <= $2",
        &range,
    )? {
        if let Some(i) = slot(r.int(0)?) {
            out[i].1.group = Some(r.text(1)?);
        }
    }
    let mut mentions: Vec<(String, String, Option<i64>)> = Vec::new();
    let mut current = None;
    let rows = sql.query(
        "SELECT article_seq, key, kind, alias_of FROM mentions \
         WHERE article_seq > $1 AND article_seq <= $2 ORDER BY article_seq, ord",
        &range,
    )?;
    for r in &rows {
        let seq = r.int(0)?;
        if current != Some(seq) {
            if let Some(i) = current.and_then(slot) {
                out[i].1.entities = event_entity_keys(&mentions);
            }
            mentions.clear();
            current = Some(seq);
        }
        mentions.push((r.text(1)?, r.text(2)?, r.opt_int(3)?));
    }
    if let Some(i) = current.and_then(slot) {
        out[i].1.entities = event_entity_keys(&mentions);
    }
    for r in sql.query(
        "SELECT DISTINCT article_seq, quote_key FROM quotes \
         WHERE article_seq > $1 AND article_seq <= $2 AND NOT partial ORDER BY 1, 2",
        &range,
    )? {
        if let Some(i) = slot(r.int(0)?) {
            out[i].1.quote_keys.push(r.text(1)?);
        }
    }
    for r in sql.query(
        "SELECT article_seq, text, date, inferred, span_start, span_end, rule, confidence \
         FROM date_expressions WHERE article_seq > $1 AND article_seq <= $2 \
         AND kind = 'relative' ORDER BY article_seq, span_start, ord",
        &range,
    )? {
        if let Some(i) = slot(r.int(0)?) {
            out[i].1.relative_dates.push(RelativeDate {
                text: r.text(1)?,
                date: r.opt_day(2)?,
                inferred: r.flag(3)?,
                span: (r.int(4)? as usize, r.int(5)? as usize),
                rule: r.text(6)?,
                confidence: r.real(7)? as f32,
            });
        }
    }
    Ok(out)
}

/// A date expression's kind as stored (its serde name).
pub(crate) fn date_kind_str(kind: &impl Serialize) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The name-graph nodes built from mention rows (node key, mention key,
/// text, kind, confidence), the same for every backend.
pub(crate) use storyline_pipeline::annotate::resolve::NameTally;

/// Entities from rows (id, canonical, canonical key, kind, name key)
/// ordered by id then key, the same for every backend: one entity per id
/// with all its keys.
pub(crate) fn entities_from_rows(
    rows: impl IntoIterator<Item = (String, String, String, String, String)>,
) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for (id, canonical, canonical_key, kind, key) in rows {
        match out.last_mut() {
            Some(e) if e.id == id => e.keys.push(key),
            _ => out.push(Entity {
                id,
                canonical,
                canonical_key,
                kind: kind_of(&kind),
                keys: vec![key],
            }),
        }
    }
    out
}

/// The entities with their keys, ordered as [`entities_from_rows`] reads
/// them (SQL shared by the backends).
pub(crate) const ENTITIES_WITH_KEYS: &str =
    "SELECT e.id, e.canonical, e.canonical_key, e.kind, k.key \
     FROM entities e JOIN entity_keys k ON k.entity_id = e.id ORDER BY e.id, k.key";

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

/// The sightings of the quotes some article attributes to the speaker
/// entity `speaker_entity` (every quote when None) that an article stored
/// after `after_seq` quotes (every quote when None), ordered by key and
/// then by date: the rows [`quote_bank_from_rows`] reads, for every backend.
pub(crate) fn quote_rows(
    sql: &mut dyn Sql,
    speaker_entity: Option<&str>,
    after_seq: Option<i64>,
) -> Result<Vec<QuoteRow>, StoreError> {
    // Only quotes some article attributes to the speaker can be theirs:
    // the rest are never read (the vote still decides).
    sql.query(
        "SELECT q.quote_key, q.text, COALESCE(e.canonical, q.speaker), k.entity_id, a.seq, a.id, \
                a.published_date, q.speaker_text, q.cue, q.span_start, q.span_end, q.rule, \
                q.confidence, q.partial \
         FROM quotes q JOIN articles a ON a.seq = q.article_seq \
         LEFT JOIN entity_keys k ON k.key = q.speaker_key \
         LEFT JOIN entities e ON e.id = k.entity_id \
         WHERE (CAST($1 AS TEXT) IS NULL OR q.quote_key IN (SELECT q2.quote_key FROM quotes q2 \
           JOIN entity_keys k2 ON k2.key = q2.speaker_key WHERE k2.entity_id = $1)) \
           AND (CAST($2 AS BIGINT) IS NULL OR q.quote_key IN (SELECT q3.quote_key FROM quotes q3 \
           WHERE q3.article_seq > $2)) \
         ORDER BY q.quote_key, a.published_date IS NULL, a.published_date, a.seq",
        &[crate::sql::Param::Text(speaker_entity), after_seq.into()],
    )?
    .iter()
    .map(|r| {
        Ok((
            r.text(0)?,
            r.text(1)?,
            r.opt_text(2)?,
            r.opt_text(3)?,
            r.int(4)?,
            QuoteSighting {
                article: ArticleId(r.text(5)?),
                published: r.opt_day(6)?,
                speaker: r.opt_text(2)?,
                speaker_text: r.opt_text(7)?,
                cue: r.opt_text(8)?,
                span: (r.int(9)? as usize, r.int(10)? as usize),
                rule: r.text(11)?,
                confidence: r.real(12)? as f32,
            },
            r.flag(13)?,
        ))
    })
    .collect()
}

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
