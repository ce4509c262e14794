//! `storyline events`, `stories`, `timeline` and `export dossier`: what
//! event clustering found, read from the store.

use crate::output::{json_lines, json_or_csv, truncate, Table};
use anyhow::Context;
use std::path::{Path, PathBuf};
use storyline_model::{EventRecord, StoryRecord};
use storyline_pipeline::events::{timeline, TimelineEntry};

#[derive(clap::Args)]
pub struct EventsArgs {
    /// JSON Lines: one event per line (members, date with provenance, summary).
    #[arg(long)]
    pub json: bool,
    /// CSV: the fields of --json as columns (nested ones as `a.b`).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Forget events and stories and cluster every stored article again in
    /// canonical order (date, then id).
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    /// JSON Lines: one story per line.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    /// A story id (`story:3` or `3`), or a name: the events about the entity
    /// with that name in any spelling; for a name no entity has, the events
    /// with an article that mentions every word of it.
    pub entity_or_story: String,
    /// Date-wise: instead of one entry per event, the K days that most
    /// independent articles among the selected events' refer to ("on 20
    /// April", "on Tuesday", "yesterday"; publication days count less), each
    /// with the sentence that best says what happened that day and its source.
    #[arg(long, value_name = "K")]
    pub days: Option<usize>,
    /// For an entity, every event an article of which mentions it, in passing
    /// too. By default only the events where it is salient: it speaks or is
    /// quoted about, a title or lead names it, or it has a large share of the
    /// names the articles mention.
    #[arg(long)]
    pub all_mentions: bool,
    /// JSON Lines: one entry per line.
    #[arg(long)]
    pub json: bool,
    /// CSV: the fields of --json as columns (nested ones as `a.b`).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(clap::Subcommand)]
pub enum ExportWhat {
    /// A report to hand to an editor on one entity or story: who it is
    /// (type, roles, spellings), its timeline (date and its basis, what
    /// happened, sources as outlet, headline, date and link), its quote bank
    /// and the actors it appears with.
    Dossier(DossierArgs),
}

#[derive(clap::Args)]
pub struct DossierArgs {
    /// An entity name or phrase, or a story id (`story:3`).
    pub name: String,
    #[arg(long, value_parser = ["md", "html"], default_value = "md")]
    pub format: String,
    /// Write here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The web UI's address (`storyline serve`): a source without a URL
    /// links to its article page there.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:7878")]
    pub web_ui: String,
}

/// The data directory with its events up to date. Every ingest updates
/// them, so this is normally a read-only open; when articles were stored
/// since (an ingest killed before its last stage), the directory is opened
/// for writing to catch up, or, when that is impossible (another process
/// is writing, a read-only folder), read as it is with a note.
pub(crate) fn open_with_current_events(data: &Path) -> anyhow::Result<storyline_store::DataDir> {
    let dir = super::open_data_read_only(data)?;
    let store = dir.store();
    let covered = store.event_state()?.map_or(0, |(seq, _)| seq);
    if store.max_seq()? <= covered {
        return Ok(dir);
    }
    drop(dir);
    match super::open_data(data) {
        Ok(mut dir) => {
            storyline_ingest::update_events(&mut dir)?;
            Ok(dir)
        }
        Err(e) => {
            eprintln!("storyline: note: events are behind the stored articles and cannot be updated now ({e:#})");
            super::open_data_read_only(data)
        }
    }
}

pub fn events(data: &Path, args: EventsArgs) -> anyhow::Result<u8> {
    let dir = if args.rebuild {
        let mut dir = super::open_data(data)?;
        storyline_ingest::rebuild_events(&mut dir)?;
        dir
    } else {
        open_with_current_events(data)?
    };
    let events = dir.store().list_events()?;
    if json_or_csv(args.json, args.csv, &events)? {
        return Ok(crate::exit::OK);
    }
    let header = vec!["EVENT", "STORY", "DATE", "ARTICLES", "SOURCES", "HEADLINE"];
    Table::print_rows(header, &events, |e| {
        vec![
            e.id.to_string(),
            e.story.to_string(),
            e.date.display(),
            e.members.len().to_string(),
            e.independent_sources.to_string(),
            truncate(&e.headline, 70),
        ]
    })?;
    Ok(crate::exit::OK)
}

pub fn stories(data: &Path, args: StoriesArgs) -> anyhow::Result<u8> {
    let dir = open_with_current_events(data)?;
    let mut stories = dir.store().list_stories()?;
    stories.sort_by_key(|s| (std::cmp::Reverse(s.articles), s.id));
    if args.json {
        json_lines(&stories)?;
        return Ok(crate::exit::OK);
    }
    let header = vec!["STORY", "EVENTS", "ARTICLES", "FIRST", "LAST", "LABEL"];
    Table::print_rows(header, &stories, |s| {
        vec![
            s.id.to_string(),
            s.events.len().to_string(),
            s.articles.to_string(),
            crate::output::date_or_undated(s.first),
            crate::output::date_or_undated(s.last),
            truncate(&s.label, 60),
        ]
    })?;
    Ok(crate::exit::OK)
}

/// The events an entity name or story id selects (one implementation with
/// the server's `/api/timeline`: `storyline_ingest::select_events`).
fn select(
    dir: &storyline_store::DataDir,
    key: &str,
    mentions: storyline_ingest::Mentions,
) -> anyhow::Result<(String, Vec<EventRecord>, Option<StoryRecord>)> {
    let sel = storyline_ingest::select_events_scoped(dir.store(), key, mentions)?;
    Ok((sel.title, sel.events, sel.story))
}

fn entry_json(e: &TimelineEntry) -> serde_json::Value {
    serde_json::json!({
        "event": e.event,
        "date": e.date.sort_day(),
        "date_kind": e.date.kind,
        "date_detail": e.date,
        "undated": e.date.kind == storyline_model::DateKind::Undated,
        "headline": e.headline,
        "summary": e.summary,
        "quotes": e.quotes,
        "articles": e.articles,
        "independent_sources": e.independent_sources,
    })
}

pub fn timeline_cmd(data: &Path, args: TimelineArgs) -> anyhow::Result<u8> {
    let dir = open_with_current_events(data)?;
    let mentions = if args.all_mentions {
        storyline_ingest::Mentions::All
    } else {
        storyline_ingest::Mentions::Salient
    };
    let (_, events, _) = select(&dir, &args.entity_or_story, mentions)?;
    if let Some(k) = args.days {
        return datewise_cmd(&dir, &events, k, &args);
    }
    let entries = timeline(&events);
    if entries.is_empty() {
        eprintln!("storyline: no events found for `{}`", args.entity_or_story);
        return Ok(crate::exit::PARTIAL);
    }
    if json_or_csv(args.json, args.csv, entries.iter().map(entry_json))? {
        return Ok(crate::exit::OK);
    }
    let header = vec!["DATE", "EVENT", "ARTICLES", "SOURCES", "HEADLINE / SUMMARY"];
    Table::print_rows(header, &entries, |e| {
        let summary = e.summary.as_ref().map(|s| s.text.as_str()).unwrap_or("");
        vec![
            e.date.display(),
            e.event.to_string(),
            e.articles.len().to_string(),
            e.independent_sources.to_string(),
            truncate(&format!("{} — {}", e.headline, summary), 100),
        ]
    })?;
    Ok(crate::exit::OK)
}

/// `storyline timeline X --days K`: the date-wise timeline of the selected
/// events' articles. Date expressions are found again with the annotate
/// stage's pure resolver (the same function that stored them), so nothing
/// new is read from the store but the articles and their syndication groups.
fn datewise_cmd(
    dir: &storyline_store::DataDir,
    events: &[EventRecord],
    k: usize,
    args: &TimelineArgs,
) -> anyhow::Result<u8> {
    use storyline_pipeline::events::{datewise_timeline, DatedDoc, DatewiseSettings};
    let mut ids: Vec<&storyline_model::ArticleId> = events
        .iter()
        .flat_map(|e| e.members.iter().map(|m| &m.article))
        .collect();
    ids.sort();
    ids.dedup();
    let mut arts = Vec::new();
    for id in ids {
        if let Some(a) = dir.store().get_article(id.as_str())? {
            let unit = match dir.store().group_of(id)? {
                Some(g) => g.key.to_string(),
                None => id.to_string(),
            };
            let dates = storyline_pipeline::annotate::temporal::find_dates(
                &a.article.text,
                a.article.published.date,
            );
            arts.push((a.article, unit, dates));
        }
    }
    let docs: Vec<DatedDoc> = arts
        .iter()
        .map(|(a, unit, dates)| DatedDoc {
            article: &a.id,
            unit,
            text: &a.text,
            published: a.published.date,
            dates,
        })
        .collect();
    let days = datewise_timeline(&docs, k, 1, None, &DatewiseSettings::default());
    if days.is_empty() {
        eprintln!(
            "storyline: no dated days found for `{}`",
            args.entity_or_story
        );
        return Ok(crate::exit::PARTIAL);
    }
    if json_or_csv(args.json, args.csv, &days)? {
        return Ok(crate::exit::OK);
    }
    let header = vec!["DATE", "MENTIONED BY", "PUBLISHED", "SENTENCE", "SOURCE"];
    Table::print_rows(header, &days, |d| {
        let s = d.sentences.first();
        vec![
            d.date.to_string(),
            d.mentioned_by.to_string(),
            d.published.to_string(),
            truncate(s.map(|s| s.text.as_str()).unwrap_or(""), 90),
            s.map(|s| truncate(s.article.as_str(), 12))
                .unwrap_or_default(),
        ]
    })?;
    Ok(crate::exit::OK)
}

pub fn export(data: &Path, args: ExportArgs) -> anyhow::Result<u8> {
    let ExportWhat::Dossier(args) = args.what;
    let dir = open_with_current_events(data)?;
    let options = storyline_ingest::dossier::DossierOptions {
        web_ui: args.web_ui.clone(),
        ..Default::default()
    };
    let Some(dossier) =
        storyline_ingest::dossier::build_dossier(dir.store(), &args.name, &options)?
    else {
        eprintln!("storyline: no events found for `{}`", args.name);
        return Ok(crate::exit::PARTIAL);
    };
    let out = if args.format == "html" {
        storyline_ingest::dossier::render_html(&dossier)
    } else {
        storyline_ingest::dossier::render_markdown(&dossier)
    };
    match args.output {
        Some(p) => std::fs::write(&p, out).with_context(|| format!("{}", p.display()))?,
        None => print!("{out}"),
    }
    Ok(crate::exit::OK)
}
