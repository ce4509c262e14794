//! What every backend (SQLite, PostgreSQL) does the same way around its own
//! SQL: the article columns, the schema-version check, turning stored values
//! back into model types, and resolving an id prefix. One place, so the two
//! backends cannot drift apart.

use crate::{StoreError, StoredArticle};
use chrono::NaiveDate;
use storyline_model::{DateKind, EventRecord, Provenance};

/// The columns of an article row, in the order both backends read them.
pub(crate) const ARTICLE_COLUMNS: &str = "seq, id, path, url, source, external_id, title, text, \
    published_date, published_rule, published_conf, published_span_start, published_span_end, \
    language, format, raw_sha256, dateline, wire_credit";

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
