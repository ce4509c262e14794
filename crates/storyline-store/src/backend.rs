//! What every backend (SQLite, PostgreSQL) does the same way around its own
//! SQL: the article columns, the migrations both run, the schema-version
//! check, turning stored values back into model types, resolving an id
//! prefix, and reading syndication groups, an entity's events and the
//! store's counts (over [`crate::sql`]). One place, so the two backends cannot drift apart.

use crate::sql::{Row, Sql};
use crate::{Stats, StoreError, StoredArticle};
use chrono::NaiveDate;
use std::borrow::Cow;
use storyline_model::{
    Article, ArticleId, DateKind, DupLink, EventRecord, GroupMember, Provenance, Published,
    SourceFormat, SyndicationGroup,
};

/// The columns of an article row, in the order both backends read them.
pub(crate) const ARTICLE_COLUMNS: &str = "seq, id, path, url, source, external_id, title, text, \
    published_date, published_rule, published_conf, published_span_start, published_span_end, \
    language, format, raw_sha256, dateline, wire_credit";

/// An article from a row of [`ARTICLE_COLUMNS`], its removed blocks not
/// yet read.
pub(crate) fn article_from_row(row: &Row) -> Result<StoredArticle, StoreError> {
    let date = match row.opt_text(8)? {
        Some(d) => Some(
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt(format!("article published_date `{d}`")))?,
        ),
        None => None,
    };
    let provenance = provenance(
        row.opt_text(9)?,
        row.opt_real(10).ok().flatten(),
        row.opt_int(11)?,
        row.opt_int(12)?,
    );
    let format = row.text(14)?;
    Ok(StoredArticle {
        seq: row.int(0)?,
        article: Article {
            id: ArticleId(row.text(1)?),
            path: row.opt_text(2)?,
            url: row.opt_text(3)?,
            source: row.opt_text(4)?,
            source_provenance: None,
            external_id: row.opt_text(5)?,
            title: row.opt_text(6)?,
            text: row.text(7)?,
            published: Published { date, provenance },
            language: row.opt_text(13)?,
            format: SourceFormat::parse(&format)
                .ok_or_else(|| StoreError::Corrupt(format!("article format `{format}`")))?,
            raw_sha256: row.text(15)?,
            dateline: row.opt_text(16)?,
            wire_credit: row.opt_text(17)?,
            removed: Vec::new(),
        },
    })
}

/// [`ARTICLE_COLUMNS`], each qualified by the table alias `table`.
pub(crate) fn article_columns_of(table: &str) -> String {
    ARTICLE_COLUMNS
        .split(", ")
        .map(|c| format!("{table}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses a schema newer than this build supports.
pub(crate) fn check_not_newer(found: i64, supported: i64) -> Result<(), StoreError> {
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    Ok(())
}

/// Refuses a schema that is not exactly the version this build supports
/// (a read-only store cannot migrate).
pub(crate) fn check_current(found: i64, supported: i64) -> Result<(), StoreError> {
    check_not_newer(found, supported)?;
    if found < supported {
        return Err(StoreError::SchemaTooOld { found, supported });
    }
    Ok(())
}

/// One schema migration as a backend's list holds it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Migration {
    /// SQL in the backend's own dialect (`migrations/` for SQLite,
    /// `migrations-postgres/` for PostgreSQL).
    Native(&'static str),
    /// One file in `migrations/` that both backends run, in SQLite's
    /// dialect with PostgreSQL's column types where the two differ:
    /// `COLLATE "C"` on text PostgreSQL must compare byte by byte, `DATE`
    /// and `BOOLEAN`. SQLite drops the collation (it compares bytes
    /// already) and reads a `DATE` as `TEXT` (ISO days) and a `BOOLEAN` as
    /// `INTEGER`; PostgreSQL reads `INTEGER` as `BIGINT` and `REAL` as
    /// `DOUBLE PRECISION` (SQLite's numbers are 64-bit) and drops
    /// `AUTOINCREMENT` (it numbers articles itself).
    Portable(&'static str),
    /// A portable migration, then SQL only PostgreSQL runs (what only it
    /// has: the `migrations-postgres/` file of the same number).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    PortableThen(&'static str, &'static str),
}

impl Migration {
    /// The SQL SQLite runs.
    pub(crate) fn sqlite_sql(self) -> Cow<'static, str> {
        match self {
            Migration::Native(sql) => sql.into(),
            Migration::Portable(sql) | Migration::PortableThen(sql, _) => {
                let sql = sql.replace(r#" COLLATE "C""#, "");
                let sql = replace_word(&sql, "DATE", "TEXT");
                replace_word(&sql, "BOOLEAN", "INTEGER").into()
            }
        }
    }

    /// The SQL PostgreSQL runs.
    #[cfg(feature = "postgres")]
    pub(crate) fn postgres_sql(self) -> Cow<'static, str> {
        let portable = |sql: &str| {
            let sql = replace_word(sql, "INTEGER", "BIGINT");
            let sql = replace_word(&sql, "REAL", "DOUBLE PRECISION");
            sql.replace(" AUTOINCREMENT", "")
        };
        match self {
            Migration::Native(sql) => sql.into(),
            Migration::Portable(sql) => portable(sql).into(),
            Migration::PortableThen(sql, only_postgres) => {
                format!("{}\n{only_postgres}", portable(sql)).into()
            }
        }
    }
}

/// `text` with each `word` that stands alone (not inside a longer name)
/// replaced by `with`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_name = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (at, _) in text.match_indices(word) {
        let end = at + word.len();
        if is_name(text[..at].chars().next_back()) || is_name(text[end..].chars().next()) {
            continue;
        }
        out.push_str(&text[done..at]);
        out.push_str(with);
        done = end;
    }
    out.push_str(&text[done..]);
    out
}

/// How many documents of `site` the site-line counts have seen (see
/// [`crate::ArticleStore::site_documents`]): 0 for a site never seen.
pub(crate) fn site_documents(sql: &mut dyn Sql, site: &str) -> Result<u64, StoreError> {
    let docs = sql.query_opt("SELECT docs FROM site_docs WHERE site = $1", &[site.into()])?;
    let n = docs.map(|r| r.int(0)).transpose()?;
    Ok(n.unwrap_or(0).max(0) as u64)
}

/// Whether an article with `id` is stored (see
/// [`crate::ArticleStore::contains`]).
pub(crate) fn contains(sql: &mut dyn Sql, id: &ArticleId) -> Result<bool, StoreError> {
    Ok(sql
        .query_opt(
            "SELECT 1 FROM articles WHERE id = $1",
            &[id.as_str().into()],
        )?
        .is_some())
}

/// The dedup links `id` is in, by ids (see
/// [`crate::SyndicationStore::links_of`]).
pub(crate) fn links_of(sql: &mut dyn Sql, id: &ArticleId) -> Result<Vec<DupLink>, StoreError> {
    sql.query(
        "SELECT a_id, b_id, kind, jaccard, a_in_b, b_in_a FROM dedup_links \
         WHERE a_id = $1 OR b_id = $1 ORDER BY a_id, b_id",
        &[id.as_str().into()],
    )?
    .iter()
    .map(|r| {
        Ok(DupLink {
            a: ArticleId(r.text(0)?),
            b: ArticleId(r.text(1)?),
            kind: r.text(2)?,
            jaccard: r.real(3)?,
            a_in_b: r.real(4)?,
            b_in_a: r.real(5)?,
        })
    })
    .collect()
}

/// The syndication group stored under `key`, its members by id.
fn load_group(sql: &mut dyn Sql, key: &str) -> Result<Option<SyndicationGroup>, StoreError> {
    let Some(head) = sql.query_opt(
        "SELECT canonical_id, origin FROM syndication_groups WHERE group_key = $1",
        &[key.into()],
    )?
    else {
        return Ok(None);
    };
    let members = sql
        .query(
            "SELECT article_id, similarity, contained FROM syndication_members \
             WHERE group_key = $1 ORDER BY article_id",
            &[key.into()],
        )?
        .iter()
        .map(|r| {
            Ok(GroupMember {
                id: ArticleId(r.text(0)?),
                similarity: r.real(1)?,
                contained: r.real(2)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(SyndicationGroup {
        key: ArticleId(key.to_string()),
        canonical: ArticleId(head.text(0)?),
        origin: head.opt_text(1)?,
        members,
    }))
}

/// The syndication group `id` is a member of (see
/// [`crate::SyndicationStore::group_of`]).
pub(crate) fn group_of(
    sql: &mut dyn Sql,
    id: &ArticleId,
) -> Result<Option<SyndicationGroup>, StoreError> {
    let key = sql.query_opt(
        "SELECT group_key FROM syndication_members WHERE article_id = $1",
        &[id.as_str().into()],
    )?;
    match key {
        Some(k) => load_group(sql, &k.text(0)?),
        None => Ok(None),
    }
}

/// The largest syndication groups first, at most `limit` (see
/// [`crate::SyndicationStore::list_groups`]).
pub(crate) fn list_groups(
    sql: &mut dyn Sql,
    limit: Option<usize>,
) -> Result<Vec<SyndicationGroup>, StoreError> {
    let limit = limit.map_or(i64::MAX, |l| l.min(i64::MAX as usize) as i64);
    let keys = sql.query(
        "SELECT group_key FROM syndication_groups ORDER BY size DESC, group_key LIMIT $1",
        &[limit.into()],
    )?;
    let mut groups = Vec::with_capacity(keys.len());
    for k in keys {
        groups.extend(load_group(sql, &k.text(0)?)?);
    }
    Ok(groups)
}

/// Counts over the whole store (see [`crate::ArticleStore::stats`]).
pub(crate) fn stats(sql: &mut dyn Sql) -> Result<Stats, StoreError> {
    let totals = sql
        .query_opt(
            "SELECT COUNT(*), COUNT(published_date), CAST(COALESCE(SUM(word_count), 0) AS BIGINT), \
             MIN(published_date), MAX(published_date) FROM articles",
            &[],
        )?
        .ok_or_else(|| StoreError::Corrupt("the article counts came back empty".into()))?;
    let (articles, dated) = (totals.int(0)?, totals.int(1)?);
    let removed_blocks = match sql.query_opt("SELECT COUNT(*) FROM removed_blocks", &[])? {
        Some(r) => r.int(0)?,
        None => 0,
    };
    Ok(Stats {
        articles: articles as u64,
        dated: dated as u64,
        undated: (articles - dated) as u64,
        earliest: totals.opt_day(3)?,
        latest: totals.opt_day(4)?,
        words: totals.int(2)? as u64,
        removed_blocks: removed_blocks as u64,
        removed_reasons: counts_by(sql, "reason", "removed_blocks")?,
        sources: counts_by(sql, "source", "articles")?,
        languages: counts_by(sql, "language", "articles")?,
    })
}

/// The rows of `table` counted per value of `column` (`(none)` for NULL),
/// most first, equal counts by value byte for byte (on both backends alike,
/// whatever a backend's collation).
fn counts_by(
    sql: &mut dyn Sql,
    column: &str,
    table: &str,
) -> Result<Vec<(String, u64)>, StoreError> {
    let mut counts = sql
        .query(
            &format!("SELECT COALESCE({column}, '(none)'), COUNT(*) FROM {table} GROUP BY 1"),
            &[],
        )?
        .iter()
        .map(|r| Ok((r.text(0)?, r.int(1)? as u64)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(counts)
}

/// A page of an entity's events in timeline order (undated last), read in
/// the order of the `event_entities` index.
pub(crate) const ENTITY_EVENTS_PAGE: &str =
    "SELECT CAST(ev.record AS TEXT) FROM event_entities ee JOIN events ev ON ev.id = ee.event_id \
     WHERE ee.entity_id = $1 \
     ORDER BY ee.sort_day IS NULL, ee.sort_day, ee.event_id LIMIT $2 OFFSET $3";

/// The page of `entity_id`'s events at `offset`, at most `limit`, and how
/// many it has in all (see [`crate::EventStore::entity_events`]).
pub(crate) fn entity_events(
    sql: &mut dyn Sql,
    entity_id: &str,
    offset: usize,
    limit: usize,
) -> Result<(Vec<EventRecord>, u64), StoreError> {
    let total = sql
        .query_opt(
            "SELECT COUNT(*) FROM event_entities WHERE entity_id = $1",
            &[entity_id.into()],
        )?
        .map(|r| r.int(0))
        .transpose()?
        .unwrap_or(0);
    let bound = |n: usize| n.min(i64::MAX as usize) as i64;
    let events = sql
        .query(
            ENTITY_EVENTS_PAGE,
            &[entity_id.into(), bound(limit).into(), bound(offset).into()],
        )?
        .iter()
        .map(|r| record_from_json(&r.text(0)?, "event"))
        .collect::<Result<_, _>>()?;
    Ok((events, total as u64))
}

/// The publication date's provenance from its stored columns: none without
/// a rule; a span only when both ends are stored.
pub(crate) fn provenance(
    rule: Option<String>,
    confidence: Option<f64>,
    span_start: Option<i64>,
    span_end: Option<i64>,
) -> Option<Provenance> {
    let span = match (span_start, span_end) {
        (Some(s), Some(e)) => Some((s as usize, e as usize)),
        _ => None,
    };
    rule.map(|rule| Provenance {
        rule,
        span,
        confidence: confidence.unwrap_or(0.0) as f32,
    })
}

/// The article with this id or unique id prefix. `query(low, high)` returns
/// the (at most two) articles with `low <= id < high`, by id.
pub(crate) fn get_by_prefix(
    id_or_prefix: &str,
    query: impl FnOnce(&str, &str) -> Result<Vec<StoredArticle>, StoreError>,
) -> Result<Option<StoredArticle>, StoreError> {
    let key = id_or_prefix.trim().to_ascii_lowercase();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let mut found = query(&key, &format!("{key}g"))?;
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ if found[0].article.id.as_str() == key => Ok(Some(found.swap_remove(0))),
        _ => Err(StoreError::AmbiguousId(key)),
    }
}

/// An event or story record stored as JSON; a record that does not parse is
/// a corrupt store.
pub(crate) fn record_from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("{what} record: {e}")))
}

/// An event or story record as stored (JSON).
pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|x| StoreError::Corrupt(x.to_string()))
}

/// The day an event is ordered by (none when undated: those come last).
pub(crate) fn event_sort_day(e: &EventRecord) -> Option<NaiveDate> {
    match e.date.kind {
        DateKind::Undated => None,
        _ => e.date.sort_day(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One article row of [`ARTICLE_COLUMNS`] as SQLite reads it, with
    /// `published_date` and `format` as given.
    fn article_row(date: &str, format: &str) -> Row {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut sql = &conn;
        sql.query(
            "SELECT 7, 'ab12', NULL, 'https://x.example/a', 'X', NULL, 'A title', 'The text.', \
             $1, 'meta.date', 0.9, 3, 13, 'en', $2, 'sha', NULL, NULL",
            &[date.into(), format.into()],
        )
        .unwrap()
        .remove(0)
    }

    #[test]
    fn an_article_row_reads_its_date_and_provenance_and_refuses_a_day_that_is_none() {
        let a = article_from_row(&article_row("2020-07-03", "html")).unwrap();
        assert_eq!(a.seq, 7);
        assert_eq!(a.article.title.as_deref(), Some("A title"));
        assert_eq!(
            a.article.published.date,
            NaiveDate::from_ymd_opt(2020, 7, 3)
        );
        let p = a.article.published.provenance.unwrap();
        assert_eq!((p.rule.as_str(), p.span), ("meta.date", Some((3, 13))));
        assert_eq!(a.article.format, SourceFormat::Html);
        for (date, format, says) in [
            ("2020-02-30", "html", "published_date `2020-02-30`"),
            ("2020-07-03", "pdf", "format `pdf`"),
        ] {
            match article_from_row(&article_row(date, format)) {
                Err(StoreError::Corrupt(m)) => assert!(m.contains(says), "{m}"),
                other => panic!("not a corrupt store: {other:?}"),
            }
        }
    }

    const SQL: &str = "CREATE TABLE t (n INTEGER PRIMARY KEY AUTOINCREMENT, day DATE, \
        ok BOOLEAN, x REAL, k TEXT COLLATE \"C\", DATE_x TEXT, x_INTEGER INTEGER);";

    #[test]
    fn sqlite_reads_portable_dates_as_text_and_flags_as_integers() {
        assert_eq!(
            Migration::Portable(SQL).sqlite_sql(),
            "CREATE TABLE t (n INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT, \
             ok INTEGER, x REAL, k TEXT, DATE_x TEXT, x_INTEGER INTEGER);"
        );
        assert_eq!(Migration::Native(SQL).sqlite_sql(), SQL);
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn postgres_reads_portable_integers_as_bigint_but_not_inside_a_name() {
        assert_eq!(
            Migration::PortableThen(SQL, "CREATE INDEX i ON t (day);").postgres_sql(),
            "CREATE TABLE t (n BIGINT PRIMARY KEY, day DATE, \
             ok BOOLEAN, x DOUBLE PRECISION, k TEXT COLLATE \"C\", DATE_x TEXT, \
             x_INTEGER BIGINT);\nCREATE INDEX i ON t (day);"
        );
        assert_eq!(Migration::Native(SQL).postgres_sql(), SQL);
    }
}
