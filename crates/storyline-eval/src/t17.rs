//! The Timeline17 data set as the evaluations read it: a folder of labelled
//! JSON Lines sets, `*.articles.jsonl.gz` (articles with a `topic`) and
//! `*.timelines.jsonl` (the journalists' timelines, one per line).

use crate::EvalError;
use chrono::NaiveDate;
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use storyline_model::{Article, ArticleId, Provenance, Published, SourceFormat};

/// Topics used while choosing the settings; the others are held out.
pub const DEV_TOPICS: &[&str] = &["bpoil", "EgyptianProtest", "H1N1", "MJ"];

/// Whether a topic (or a name starting with a topic and `_` or `#`) is one
/// of the development topics.
pub fn is_dev(name: &str, separator: char) -> bool {
    DEV_TOPICS.contains(&name.split(separator).next().unwrap_or(name))
}

/// One labelled article of a set.
#[derive(Debug, Clone, Deserialize)]
pub struct T17Article {
    /// The set's article id.
    pub id: String,
    /// The outlet.
    pub source: Option<String>,
    /// The gold topic (the set's name).
    pub topic: String,
    /// The publication date as given.
    pub published: Option<String>,
    /// The article's text.
    pub text: String,
}

/// A timeline: dates in order, each with its entry's sentences.
pub type Timeline = Vec<(NaiveDate, Vec<String>)>;

/// The articles of one `*.articles.jsonl.gz` set.
pub fn read_set(path: &Path) -> Result<Vec<T17Article>, EvalError> {
    let f = std::fs::File::open(path).map_err(|e| EvalError::io(path, e))?;
    let r = BufReader::new(flate2::read::GzDecoder::new(f));
    let mut out = Vec::new();
    for (i, line) in r.lines().enumerate() {
        let line = line.map_err(|e| EvalError::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(crate::parse_json_line(path, i + 1, &line)?);
    }
    Ok(out)
}

/// The sets of a Timeline17 folder: (set name, articles file), by name.
pub fn sets(dir: &Path) -> Result<Vec<(String, PathBuf)>, EvalError> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| EvalError::io(dir, e))? {
        let p = e.map_err(|e| EvalError::io(dir, e))?.path();
        if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
            if let Some(set) = name.strip_suffix(".articles.jsonl.gz") {
                v.push((set.to_string(), p.clone()));
            }
        }
    }
    v.sort();
    Ok(v)
}

/// The article as an ingest would store it; copy `copy` has the id
/// `"{copy}:{id}"` and its publication date moved `4 x 365 x copy` days
/// later (the scale test's shifted copies).
pub fn to_article(a: &T17Article, copy: usize) -> Article {
    let shift = |d: NaiveDate| {
        d.checked_add_days(chrono::Days::new(4 * 365 * copy as u64))
            .unwrap_or(d)
    };
    let published = a
        .published
        .as_deref()
        .and_then(storyline_pipeline::dates::parse_machine_date)
        .map(|d| Published::dated(shift(d), Provenance::new("jsonl.published", 0.95)))
        .unwrap_or_default();
    Article {
        id: ArticleId(format!("{copy}:{}", a.id)),
        path: None,
        url: None,
        source: a.source.clone(),
        source_provenance: None,
        external_id: Some(a.id.clone()),
        title: None,
        text: a.text.clone(),
        published,
        language: None,
        format: SourceFormat::Text,
        raw_sha256: String::new(),
        dateline: None,
        wire_credit: None,
        removed: Vec::new(),
    }
}

/// The timelines of one `*.timelines.jsonl` file (entries with a date that
/// does not parse are dropped), each in date order.
pub fn read_timelines(path: &Path) -> Result<Vec<Timeline>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: Vec<(String, Vec<String>)> = crate::parse_json_line(path, i + 1, line)?;
        let mut tl: Timeline = raw
            .into_iter()
            .filter_map(|(d, s)| storyline_pipeline::dates::parse_machine_date(&d).map(|d| (d, s)))
            .collect();
        tl.sort_by_key(|x| x.0);
        out.push(tl);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_copies_get_new_ids_and_later_dates() {
        let a = T17Article {
            id: "x1".into(),
            source: None,
            topic: "MJ".into(),
            published: Some("2009-06-25".into()),
            text: "Michael Jackson died.".into(),
        };
        let first = to_article(&a, 0);
        let second = to_article(&a, 1);
        assert_eq!(first.id.as_str(), "0:x1");
        assert_eq!(second.id.as_str(), "1:x1");
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(first.published.date, d("2009-06-25"));
        assert_eq!(second.published.date, d("2013-06-24"));
        assert!(is_dev("MJ#1", '#') && is_dev("H1N1_bbc", '_') && !is_dev("haiti_bbc", '_'));
    }

    #[test]
    fn a_bad_timeline_line_names_the_file_and_line() {
        let dir = std::env::temp_dir().join(format!("storyline-eval-t17-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("x.timelines.jsonl");
        std::fs::write(
            &p,
            "[[\"2011-02-11\", [\"b\"]], [\"2011-02-01\", [\"a\"]]]\nnot json\n",
        )
        .unwrap();
        let e = read_timelines(&p).unwrap_err().to_string();
        assert!(e.contains("x.timelines.jsonl:2:"), "{e}");
        std::fs::write(
            &p,
            "[[\"2011-02-11\", [\"b\"]], [\"2011-02-01\", [\"a\"]]]\n",
        )
        .unwrap();
        let tl = read_timelines(&p).unwrap();
        assert_eq!(tl[0][0].1, vec!["a".to_string()]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
