//! The event and story pages, with the timeline list and the timeline chart.

use super::layout::*;
use crate::error::ServerError;
use crate::params::{self};
use crate::state::{blocking, AppState};
use crate::views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::{Datelike, NaiveDate};
use maud::{html, Markup};
use std::sync::Arc;
use storyline_model::DateKind;
use storyline_pipeline::events::TimelineEntry;

/// `/events?offset=...`: every event, with its date, size and sources.
pub async fn events(
    State(state): State<Arc<AppState>>,
    params: Result<Query<params::PageParams>, QueryRejection>,
) -> Page {
    Page(events_inner(state, params).await)
}

async fn events_inner(
    state: Arc<AppState>,
    params: Result<Query<params::PageParams>, QueryRejection>,
) -> Result<Markup, ServerError> {
    let Query(p) = params.map_err(params::bad_query)?;
    let (offset, limit) = p.parse()?;
    let (items, total) = blocking(&state, move |s| views::events_page(s, offset, limit)).await?;
    let total = total as usize;
    Ok(layout(
        "Events",
        "",
        html! {
            h1 { "Events" }
            p.summary { (total) " events: articles about one happening, copies of one wire story counted once." }
            p.downloads { a.download href=(format!("/api/events?offset={offset}&limit={limit}&format=csv")) download="events.csv" { "Download this page as CSV" } }
            table.events {
                thead { tr { th { "Date" } th { "Headline" } th.num { "Articles" } th.num { "Sources" } th { "Story" } } }
                tbody {
                    @for e in &items {
                        tr {
                            td { (date_label(&e.date)) }
                            td { a href=(format!("/events/{}", e.id)) { (e.headline) } }
                            td.num { (e.members.len()) }
                            td.num { (e.independent_sources) }
                            td { a href=(format!("/stories/{}", e.story)) { "story " (e.story) } }
                        }
                    }
                }
            }
            nav.pager {
                @if offset > 0 { a rel="prev" href=(format!("/events?offset={}", offset.saturating_sub(limit))) { "← Previous" } }
                @if offset + limit < total { a rel="next" href=(format!("/events?offset={}", offset + limit)) { "Next →" } }
            }
        },
    ))
}

/// An event date for people: the day or bounds, the kind beside it, and
/// "undated" marked as such.
pub(super) fn date_label(d: &storyline_model::EventDate) -> Markup {
    use storyline_model::DateKind;
    html! {
        @if d.kind == DateKind::Undated {
            span.undated.date-kind { "undated" }
        } @else {
            @match d.date {
                Some(day) => time datetime=(day) { (day) },
                None => span { (d.display()) },
            }
            " " span.date-kind { "(" (d.kind.as_str()) ")" }
        }
    }
}

/// `/events/{id}`: headline, date with its kind and evidence, summary, the
/// articles one line per syndication group.
pub async fn event(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Page {
    Page(event_inner(state, id).await)
}

async fn event_inner(state: Arc<AppState>, id: String) -> Result<Markup, ServerError> {
    let id = params::parse_id("event", &id)?;
    let (e, record) = blocking(&state, move |s| {
        let record = views::event_record(s, id)?;
        Ok((views::event_detail(s, &record)?, record))
    })
    .await?;
    let title_of = |article: &str| -> String {
        e.groups
            .iter()
            .flat_map(|g| &g.articles)
            .find(|m| m.article == article)
            .and_then(|m| m.headline.clone())
            .unwrap_or_else(|| format!("article {}", &article[..article.len().min(12)]))
    };
    let body = html! {
        article.event {
            h1 { (e.headline) }
            dl.provenance {
                dt { "Date" }
                dd.event-date { (date_label(&record.date)) }
                @if !e.date.evidence.is_empty() {
                    dt { "Date found by" }
                    dd.date-evidence {
                        ul {
                            @for ev in &e.date.evidence {
                                li {
                                    code { (ev.rule) } ", confidence " (format!("{:.2}", ev.confidence))
                                    @if let Some((a, b)) = ev.span { ", bytes " (a) "–" (b) }
                                    " in " a href=(format!("/articles/{}", ev.article)) { (title_of(&ev.article)) }
                                }
                            }
                        }
                    }
                }
                dt { "Articles" } dd { (e.members.len()) " in " (e.groups.len()) " syndication groups" }
                dt { "Independent sources" } dd { (e.independent_sources) }
                dt { "Story" } dd { a href=(format!("/stories/{}", e.story)) { "story " (e.story) } }
                @if !e.entities.is_empty() {
                    dt { "Entities" }
                    dd { (entity_links(&e.entities)) }
                }
                dt { "Id" } dd { code { (e.id) } " · " a href=(format!("/api/events/{}", e.id)) { "JSON" } }
            }
            @if let Some(sm) = &e.summary {
                section.event-summary {
                    h2 { "Summary" }
                    blockquote { (sm.text) }
                    p.meta { "From " a href=(format!("/articles/{}", sm.article)) { (title_of(&sm.article)) } " (" code { (sm.rule) } ")" }
                }
            }
            section.event-articles {
                h2 { "Articles, by syndication group" }
                ul.syndication-groups {
                    @for g in &e.groups {
                        li.syndication-group {
                            @let lead = g.canonical.clone().unwrap_or_else(|| g.articles[0].article.clone());
                            details {
                                summary {
                                    a href=(format!("/articles/{lead}")) { (title_of(&lead)) }
                                    " " span.count {
                                        (g.articles.len()) @if g.articles.len() == 1 { " copy" } @else { " copies" }
                                        @if let Some(o) = &g.origin { " · " (o) }
                                    }
                                }
                                ul.copies {
                                    @for m in &g.articles {
                                        li {
                                            a href=(format!("/articles/{}", m.article)) { (title_of(&m.article)) }
                                            " " span.meta {
                                                (m.source.as_deref().unwrap_or("unknown source")) " · "
                                                (m.published.as_deref().unwrap_or("undated"))
                                                @if g.canonical.as_deref() == Some(m.article.as_str()) { " · canonical" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(&e.headline, "", body))
}

/// `/stories`: the stories, most articles first.
pub async fn stories(State(state): State<Arc<AppState>>) -> Page {
    Page(
        blocking(&state, |s| s.with_store(|st| Ok(st.list_stories()?)))
            .await
            .map(|mut all| {
                all.sort_by_key(|s| (std::cmp::Reverse(s.articles), s.id));
                layout(
                    "Stories",
                    "",
                    html! {
                        h1 { "Stories" }
                        table.stories {
                            thead { tr { th { "Story" } th.num { "Events" } th.num { "Articles" } th { "First" } th { "Last" } } }
                            tbody {
                                @for s in &all {
                                    tr {
                                        td { a href=(format!("/stories/{}", s.id)) { (s.label) } }
                                        td.num { (s.events.len()) }
                                        td.num { (s.articles) }
                                        td { @match s.first { Some(d) => (d), None => span.undated { "undated" } } }
                                        td { @match s.last { Some(d) => (d), None => span.undated { "undated" } } }
                                    }
                                }
                            }
                        }
                    },
                )
            }),
    )
}

/// `/stories/{id}`: the story's timeline, dated events in order, undated last.
pub async fn story(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Page {
    Page(story_inner(state, id).await)
}

async fn story_inner(state: Arc<AppState>, id: String) -> Result<Markup, ServerError> {
    let id = params::parse_id("story", &id)?;
    let sel = blocking(&state, move |s| {
        s.with_store(|st| Ok(storyline_ingest::story_events(st, id)?))?
            .ok_or_else(|| ServerError::NotFound(format!("no story with id {id}")))
    })
    .await?;
    let entries = storyline_pipeline::events::timeline(&sel.events);
    let label = sel
        .story
        .as_ref()
        .map(|s| s.label.clone())
        .unwrap_or_default();
    let body = html! {
        h1 { "Story: " (label) }
        p.summary {
            (entries.len()) " events · " a href=(format!("/api/stories/{id}")) { "JSON" }
            " · " a.download href=(format!("/api/timeline?story={id}&format=csv")) download="timeline.csv" { "timeline as CSV" }
        }
        (timeline_list(&entries))
    };
    Ok(layout(&format!("Story {id}"), "", body))
}

/// A timeline as a list: date with its kind, headline linking to the event,
/// summary sentence, sources; undated entries last and marked.
pub(super) fn timeline_list(entries: &[TimelineEntry]) -> Markup {
    html! {
        ol.timeline {
            @for t in entries {
                @let undated = t.date.kind == DateKind::Undated;
                li.entry.undated-entry[undated] data-day=[t.date.sort_day()] {
                    div.when { (date_label(&t.date)) }
                    div.what {
                        a.headline href=(format!("/events/{}", t.event)) { (t.headline) }
                        @if let Some(sm) = &t.summary { p.snippet { (sm.text) } }
                        div.meta { (plural(t.articles.len(), "article")) " · " (plural(t.independent_sources, "independent source")) }
                    }
                }
            }
        }
    }
}

/// The day a timeline entry is drawn at: its date, else its bound.
fn drawn_day(t: &TimelineEntry) -> Option<NaiveDate> {
    match t.date.kind {
        DateKind::Undated => None,
        _ => t.date.sort_day(),
    }
}

/// Tick days and their labels for a time axis from `lo` to `hi`: whole
/// years, months or days, whichever gives between two and eight ticks.
fn ticks(lo: NaiveDate, hi: NaiveDate) -> Vec<(NaiveDate, String)> {
    let span = (hi - lo).num_days().max(1);
    let mut out = Vec::new();
    if span > 3 * 365 {
        let years = (span / 365) as i32;
        let step = (years / 7).max(1);
        let mut y = lo.year() + 1;
        while let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
            if d > hi {
                break;
            }
            if y % step == 0 {
                out.push((d, y.to_string()));
            }
            y += 1;
        }
    } else if span > 75 {
        let months = (span / 30) as u32;
        let step = (months / 7).max(1);
        let mut d = NaiveDate::from_ymd_opt(lo.year(), lo.month(), 1).unwrap_or(lo);
        while d <= hi {
            // Every `step`-th month counted from year 0, so ticks stay evenly
            // spaced across year ends.
            if d >= lo && (d.year() * 12 + d.month0() as i32) % step as i32 == 0 {
                out.push((d, d.format("%Y-%m").to_string()));
            }
            match d.checked_add_months(chrono::Months::new(1)) {
                Some(n) => d = n,
                None => break,
            }
        }
    } else {
        let step = (span / 7).max(1);
        let mut d = lo;
        while d <= hi {
            out.push((d, d.format("%Y-%m-%d").to_string()));
            match d.checked_add_signed(chrono::Duration::days(step)) {
                Some(n) => d = n,
                None => break,
            }
        }
    }
    out
}

/// A timeline drawn as an inline SVG (attributes and classes only, so the
/// CSP needs no inline style): a time axis with labelled ticks, one mark per
/// event at its date (a bound at its bound, hollow), its radius growing with
/// the independent sources and the count written in it; undated events in a
/// lane of their own at the right. Every mark links to its event and has a
/// `<title>` tooltip.
pub(super) fn timeline_chart(entries: &[TimelineEntry]) -> Markup {
    if entries.is_empty() {
        return html! {};
    }
    const W: f64 = 760.0;
    const ROW: f64 = 38.0;
    const MAX_ROWS: usize = 8;
    let dated: Vec<(&TimelineEntry, NaiveDate)> = entries
        .iter()
        .filter_map(|t| drawn_day(t).map(|d| (t, d)))
        .collect();
    let undated: Vec<&TimelineEntry> = entries.iter().filter(|t| drawn_day(t).is_none()).collect();
    let lane = if undated.is_empty() { 0.0 } else { 110.0 };
    let (x0, x1) = (24.0, W - lane - 24.0);
    let radius =
        |t: &TimelineEntry| (5.0 + 3.0 * (t.independent_sources.max(1) as f64).sqrt()).min(16.0);
    let (lo, hi) = match (
        dated.iter().map(|d| d.1).min(),
        dated.iter().map(|d| d.1).max(),
    ) {
        (Some(a), Some(b)) => {
            let pad = ((b - a).num_days() / 20).max(15);
            (
                a - chrono::Duration::days(pad),
                b + chrono::Duration::days(pad),
            )
        }
        _ => {
            let today = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
            (today, today)
        }
    };
    let span = (hi - lo).num_days().max(1) as f64;
    let x_of = |d: NaiveDate| x0 + (x1 - x0) * ((d - lo).num_days() as f64 / span);
    // Rows: a mark goes to the first row where it does not overlap the
    // previous mark (entries come in date order).
    let mut row_end: Vec<f64> = Vec::new();
    let mut placed: Vec<(&TimelineEntry, f64, usize, f64)> = Vec::new();
    for (t, d) in &dated {
        let (x, r) = (x_of(*d), radius(t));
        let row = row_end
            .iter()
            .position(|&end| end + r + 3.0 <= x)
            .unwrap_or_else(|| row_end.len().min(MAX_ROWS - 1));
        if row == row_end.len() {
            row_end.push(x + r);
        } else {
            row_end[row] = row_end[row].max(x + r);
        }
        placed.push((t, x, row, r));
    }
    // Undated marks: a grid in their lane.
    let per_row = 3usize;
    let undated_rows = undated.len().div_ceil(per_row).min(MAX_ROWS);
    let rows = row_end.len().max(undated_rows).max(1);
    let axis_y = 12.0 + rows as f64 * ROW;
    let height = axis_y + 30.0;
    let y_of = |row: usize| axis_y - ROW / 2.0 - row as f64 * ROW;
    let title = |t: &TimelineEntry| {
        format!(
            "{} — {} — {}, {}",
            t.date.display(),
            t.headline,
            plural(t.articles.len(), "article"),
            plural(t.independent_sources, "independent source")
        )
    };
    html! {
        svg.timeline-chart viewBox=(format!("0 0 {W} {height}")) role="img"
            aria-label=(format!("Timeline chart: {} events over time", entries.len())) {
            line.axis x1=(x0) y1=(axis_y) x2=(x1) y2=(axis_y) {}
            @if !dated.is_empty() {
                @for (d, label) in ticks(lo, hi) {
                    @let x = x_of(d);
                    line.tick x1=(x) y1=(axis_y) x2=(x) y2=(axis_y + 5.0) {}
                    line.grid x1=(x) y1="4" x2=(x) y2=(axis_y) {}
                    text.tick-label x=(x) y=(axis_y + 18.0) text-anchor="middle" { (label) }
                }
            }
            @for (t, x, row, r) in &placed {
                @let kind = t.date.kind.as_str();
                a.mark href=(format!("/events/{}", t.event)) data-event=(t.event) {
                    title { (title(t)) }
                    circle class=(kind) cx=(format!("{x:.1}")) cy=(y_of(*row)) r=(r) {}
                    text.mark-label x=(format!("{x:.1}")) y=(y_of(*row) + 4.0) text-anchor="middle" { (t.independent_sources) }
                }
            }
            @if !undated.is_empty() {
                @let lx = W - lane;
                line.lane x1=(lx) y1="4" x2=(lx) y2=(axis_y + 5.0) {}
                text.tick-label x=(lx + lane / 2.0) y=(axis_y + 18.0) text-anchor="middle" { "undated" }
                @for (i, t) in undated.iter().enumerate() {
                    @let col = i % per_row;
                    @let row = (i / per_row).min(MAX_ROWS - 1);
                    @let x = lx + lane / (per_row as f64 + 1.0) * (col as f64 + 1.0);
                    a.mark.undated-mark href=(format!("/events/{}", t.event)) data-event=(t.event) {
                        title { (title(t)) }
                        circle.undated cx=(format!("{x:.1}")) cy=(y_of(row)) r=(radius(t)) {}
                        text.mark-label x=(format!("{x:.1}")) y=(y_of(row) + 4.0) text-anchor="middle" { (t.independent_sources) }
                    }
                }
            }
        }
        p.chart-legend {
            "Each mark is an event, placed at its date (filled: stated; pale: inferred; hollow: only bounds known), "
            "sized by and labelled with its independent sources; undated events stand apart at the right."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        event: u64,
        day: Option<(i32, u32, u32)>,
        kind: DateKind,
        headline: &str,
    ) -> TimelineEntry {
        let d = day.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        TimelineEntry {
            event,
            date: storyline_model::EventDate {
                kind,
                date: if kind == DateKind::Bound { None } else { d },
                not_before: if kind == DateKind::Bound { d } else { None },
                not_after: None,
                sources: vec![],
            },
            headline: headline.into(),
            summary: None,
            articles: vec![],
            independent_sources: 2,
            quotes: vec![],
        }
    }

    #[test]
    fn the_timeline_chart_draws_one_linked_mark_per_event_on_a_labelled_axis() {
        let entries = vec![
            entry(
                4,
                Some((2018, 1, 16)),
                DateKind::Stated,
                "First <script>alert(1)</script>",
            ),
            entry(9, Some((2023, 1, 2)), DateKind::Inferred, "Second"),
            entry(7, Some((2020, 6, 1)), DateKind::Bound, "Bounded"),
            entry(2, None, DateKind::Undated, "Undated"),
        ];
        let svg = timeline_chart(&entries).into_string();
        assert_eq!(svg.matches("<a class=\"mark").count(), 4, "{svg}");
        assert_eq!(svg.matches("undated-mark").count(), 1, "{svg}");
        for id in [4, 9, 7, 2] {
            assert!(svg.contains(&format!("href=\"/events/{id}\"")), "{svg}");
        }
        for year in ["2019", "2020", "2021", "2022", "2023"] {
            assert!(
                svg.contains(&format!(">{year}</text>")),
                "tick {year}: {svg}"
            );
        }
        assert!(svg.contains("<circle class=\"bound\""), "{svg}");
        // Headlines are text in the tooltip, never markup.
        assert!(
            svg.contains("<title>2018-01-16 (stated) — First &lt;script&gt;"),
            "{svg}"
        );
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("style="));
        // Later events stand further right.
        let cx = |id: u64| -> f64 {
            let at = svg.find(&format!("data-event=\"{id}\"")).unwrap();
            let rest = &svg[at..];
            let c = rest.find("cx=\"").unwrap() + 4;
            rest[c..c + rest[c..].find('"').unwrap()].parse().unwrap()
        };
        assert!(cx(4) < cx(7) && cx(7) < cx(9), "{svg}");
        assert!(timeline_chart(&[]).into_string().is_empty());
    }

    #[test]
    fn ticks_are_whole_years_months_or_days_by_span() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let years = ticks(d(2011, 3, 1), d(2023, 1, 1));
        assert!(years.len() >= 2 && years.len() <= 13, "{years:?}");
        assert!(years
            .iter()
            .all(|(day, l)| day.month() == 1 && day.day() == 1 && l.len() == 4));
        let months = ticks(d(2018, 1, 10), d(2018, 9, 1));
        assert!(months.len() >= 2 && months.len() <= 9, "{months:?}");
        assert!(months.iter().all(|(day, l)| day.day() == 1 && l.len() == 7));
        let days = ticks(d(2018, 1, 1), d(2018, 1, 31));
        assert!(days.len() >= 2 && days.len() <= 9, "{days:?}");
        assert!(days.iter().all(|(_, l)| l.len() == 10));
    }
}
