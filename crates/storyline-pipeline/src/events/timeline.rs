//! Timelines: an ordered list of dated entries built from events (dated
//! entries in date order, undated ones after, marked as such).

use serde::Serialize;
use storyline_model::{ArticleId, DateKind, EventDate, EventRecord, SourcedSentence};

/// One entry of a timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// The event's id.
    pub event: u64,
    /// The event's date, with its kind (undated entries sort last).
    pub date: EventDate,
    /// What the event is, in one line.
    pub headline: String,
    /// The sentence that best says what happened, with its source.
    pub summary: Option<SourcedSentence>,
    /// The member articles.
    pub articles: Vec<ArticleId>,
    /// Distinct syndication units among the members.
    pub independent_sources: usize,
    /// Quotes of the event (filled once quotes are extracted).
    pub quotes: Vec<String>,
}

/// The timeline of the given events.
pub fn timeline<'a>(events: impl IntoIterator<Item = &'a EventRecord>) -> Vec<TimelineEntry> {
    let mut entries: Vec<TimelineEntry> = events
        .into_iter()
        .map(|e| TimelineEntry {
            event: e.id,
            date: e.date.clone(),
            headline: e.headline.clone(),
            summary: e.summary.clone(),
            articles: e.members.iter().map(|m| m.article.clone()).collect(),
            independent_sources: e.independent_sources,
            quotes: Vec::new(),
        })
        .collect();
    entries.sort_by(|a, b| {
        let ka = (a.date.kind == DateKind::Undated, a.date.sort_day(), a.event);
        let kb = (b.date.kind == DateKind::Undated, b.date.sort_day(), b.event);
        ka.cmp(&kb)
    });
    entries
}
