//! The event and story pages, with the timeline list and the timeline chart.

use super::layout::*;
use crate::error::ServerError;
use crate::params::{self, Params};
use crate::state::{blocking, AppState};
use crate::views;
use axum::extract::{Path, State};
use chrono::{Datelike, NaiveDate};
use maud::{html, Markup};
use std::sync::Arc;
use storyline_model::DateKind;
use storyline_pipeline::events::TimelineEntry;

/// `/events?from=...&to=...&entity=...&source=...&lang=...&min_sources=...&sort=...&offset=...`:
/// the events passing the filters, with their date, size and sources.
pub async fn events(
    State(state): State<Arc<AppState>>,
    Params(p): Params<params::EventListParams>,
    Params(page): Params<params::PageParams>,
) -> Page {
    let (query, entity) = p.to_query(&page)?;
    let (offset, limit) = (query.offset, query.limit);
    let (items, total) = blocking(&state, move |s| views::events_query(s, query, entity)).await?;
    let total = total as usize;
    let keep = p.query_string();
    let pager_extra = match page.limit {
        Some(_) => format!("&limit={limit}{keep}"),
        None => keep.clone(),
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let sort = p.sort.as_deref().unwrap_or("id");
    Ok(layout(
        "Events",
        "",
        html! {
            h1 { "Events" }
            form.search.event-filters action="/events" method="get" {
                label { "From " input type="date" name="from" value=(value(&p.from)); }
                label { "To " input type="date" name="to" value=(value(&p.to)); }
                label { "Entity " input type="text" name="entity" value=(value(&p.entity)) placeholder="a name or id"; }
                label { "Source " input type="text" name="source" value=(value(&p.source)); }
                label { "Language " input type="text" name="lang" value=(value(&p.lang)) size="3" placeholder="en"; }
                label { "At least " input type="number" name="min_sources" min="1" value=(value(&p.min_sources)) size="3"; " sources" }
                label { "Sort by "
                    select name="sort" {
                        option value="id" selected[sort == "id"] { "id" }
                        option value="date" selected[sort == "date"] { "date" }
                        option value="sources" selected[sort == "sources"] { "sources" }
                    }
                }
                button type="submit" { "Filter" }
                @if !keep.is_empty() { " " a.reset href="/events" { "Clear" } }
            }
            p.summary { (total) " events: articles about one happening, copies of one wire story counted once." }
            (csv_link("events", offset, limit, &keep))
            table.events {
                thead { tr { th { "Date" } th { "Headline" } th.num { "Articles" } th.num { "Sources" } th { "Story" } } }
                tbody {
                    @for e in &items {
                        tr data-day=[e.date.sort_day().filter(|_| e.date.kind != DateKind::Undated)] {
                            td { (date_label(&e.date)) }
                            td { a href=(format!("/events/{}", e.id)) { (e.headline) } }
                            td.num { (e.members.len()) }
                            td.num.sources { (e.independent_sources) }
                            td { a href=(format!("/stories/{}", e.story)) { "story " (e.story) } }
                        }
                    }
                }
            }
            (list_pager("/events", &pager_extra, offset, limit, total))
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
                    dt { "Date found in" }
                    dd.date-evidence {
                        ul {
                            @for ev in &e.date.evidence {
                                li {
                                    a href=(format!("/articles/{}", ev.article)) { (title_of(&ev.article)) }
                                    ", confidence " (format!("{:.2}", ev.confidence))
                                    @if let Some((a, b)) = ev.span { ", bytes " (a) "–" (b) }
                                    (why("Dated", &ev.rule))
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
                    div.meta { "From " a href=(format!("/articles/{}", sm.article)) { (title_of(&sm.article)) } (why("Chosen", &sm.rule)) }
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
    let mut all = blocking(&state, |s| s.with_store(|st| Ok(st.list_stories()?))).await?;
    all.sort_by_key(|s| (std::cmp::Reverse(s.articles), s.id));
    Ok(layout(
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
    ))
}

/// `/stories/{id}`: the story's timeline, dated events in order, undated last.
pub async fn story(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Page {
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

/// Most marks a chart draws one per event: above this, dated events are
/// drawn one mark per week or month.
pub(super) const MAX_EVENT_MARKS: usize = 60;

/// The span of one aggregated mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bucket {
    Week,
    Month,
}

impl Bucket {
    /// Weeks when the dated events span half a year or less, else months.
    fn for_span(lo: NaiveDate, hi: NaiveDate) -> Self {
        if (hi - lo).num_days() <= 183 {
            Bucket::Week
        } else {
            Bucket::Month
        }
    }

    /// The first and last day of the bucket holding `d`.
    fn range(self, d: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Bucket::Week => {
                let start = d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
                (start, start + chrono::Duration::days(6))
            }
            Bucket::Month => {
                let start = d.with_day(1).unwrap_or(d);
                let end = start
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|n| n.pred_opt())
                    .unwrap_or(start);
                (start, end)
            }
        }
    }

    fn label(self, start: NaiveDate) -> String {
        match self {
            Bucket::Week => format!("Week of {start}"),
            Bucket::Month => start.format("%B %Y").to_string(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }
}

/// One mark of a chart, before it is given a row.
struct Mark {
    day: NaiveDate,
    radius: f64,
    /// The circle's class: the date kind, or `bucket`.
    class: &'static str,
    label: usize,
    href: String,
    title: String,
    /// The event drawn, for a mark of one event.
    event: Option<u64>,
    /// The first and last day, for a mark of a week or month.
    bucket: Option<(NaiveDate, NaiveDate)>,
}

/// A timeline drawn as an inline SVG (attributes and classes only, so the
/// CSP needs no inline style): a time axis with labelled ticks, one mark per
/// event at its date (a bound at its bound, hollow), its radius growing with
/// the independent sources and the count written in it; undated events in a
/// lane of their own at the right. Every mark links to its event and has a
/// `<title>` tooltip. With more than [`MAX_EVENT_MARKS`] dated events, one
/// mark per week (a span of half a year or less) or month stands for the
/// events in it, sized by and labelled with their number, and links to
/// `zoom_base` zoomed to its days (`?from=...&to=...`). The script lets a
/// drag across the chart (a brush) zoom to the days it covers.
pub(super) fn timeline_chart(entries: &[TimelineEntry], zoom_base: &str) -> Markup {
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
    let radius_of = |n: usize| (5.0 + 3.0 * (n.max(1) as f64).sqrt()).min(16.0);
    let radius = |t: &TimelineEntry| radius_of(t.independent_sources);
    let first = dated.iter().map(|d| d.1).min();
    let last = dated.iter().map(|d| d.1).max();
    let (lo, hi) = match (first, last) {
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
    let title = |t: &TimelineEntry| {
        format!(
            "{} — {} — {}, {}",
            t.date.display(),
            t.headline,
            plural(t.articles.len(), "article"),
            plural(t.independent_sources, "independent source")
        )
    };
    let bucket = match (first, last) {
        (Some(a), Some(b)) if dated.len() > MAX_EVENT_MARKS => Some(Bucket::for_span(a, b)),
        _ => None,
    };
    let marks: Vec<Mark> = match bucket {
        None => dated
            .iter()
            .map(|(t, d)| Mark {
                day: *d,
                radius: radius(t),
                class: t.date.kind.as_str(),
                label: t.independent_sources,
                href: format!("/events/{}", t.event),
                title: title(t),
                event: Some(t.event),
                bucket: None,
            })
            .collect(),
        Some(b) => {
            let mut groups: std::collections::BTreeMap<NaiveDate, (NaiveDate, usize, usize)> =
                std::collections::BTreeMap::new();
            for (t, d) in &dated {
                let (start, end) = b.range(*d);
                let g = groups.entry(start).or_insert((end, 0, 0));
                g.1 += 1;
                g.2 += t.independent_sources;
            }
            groups
                .into_iter()
                .map(|(start, (end, n, sources))| Mark {
                    day: start + (end - start) / 2,
                    radius: radius_of(n),
                    class: "bucket",
                    label: n,
                    href: format!("{zoom_base}?from={start}&to={end}#timeline"),
                    title: format!(
                        "{}: {}, {}; open to zoom in",
                        b.label(start),
                        plural(n, "event"),
                        plural(sources, "independent source")
                    ),
                    event: None,
                    bucket: Some((start, end)),
                })
                .collect()
        }
    };
    // Rows: a mark goes to the first row where it does not overlap the
    // previous mark (marks come in date order).
    let mut row_end: Vec<f64> = Vec::new();
    let mut placed: Vec<(&Mark, f64, usize)> = Vec::new();
    for m in &marks {
        let (x, r) = (x_of(m.day), m.radius);
        let row = row_end
            .iter()
            .position(|&end| end + r + 3.0 <= x)
            .unwrap_or_else(|| row_end.len().min(MAX_ROWS - 1));
        if row == row_end.len() {
            row_end.push(x + r);
        } else {
            row_end[row] = row_end[row].max(x + r);
        }
        placed.push((m, x, row));
    }
    // Undated marks: a grid in their lane.
    let per_row = 3usize;
    let undated_rows = undated.len().div_ceil(per_row).min(MAX_ROWS);
    let rows = row_end.len().max(undated_rows).max(1);
    let axis_y = 12.0 + rows as f64 * ROW;
    let height = axis_y + 30.0;
    let y_of = |row: usize| axis_y - ROW / 2.0 - row as f64 * ROW;
    let aggregated = bucket.map(Bucket::name);
    html! {
        svg.timeline-chart viewBox=(format!("0 0 {W} {height}")) role="img" data-aggregated=[aggregated]
            data-zoom=(zoom_base) data-lo=[(!dated.is_empty()).then_some(lo)] data-hi=[(!dated.is_empty()).then_some(hi)]
            data-x0=(x0) data-x1=(x1)
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
            @for (m, x, row) in &placed {
                a.mark.bucket-mark[m.bucket.is_some()] href=(m.href) data-event=[m.event]
                    data-from=[m.bucket.map(|b| b.0)] data-to=[m.bucket.map(|b| b.1)] {
                    title { (m.title) }
                    circle class=(m.class) cx=(format!("{x:.1}")) cy=(y_of(*row)) r=(m.radius) {}
                    text.mark-label x=(format!("{x:.1}")) y=(y_of(*row) + 4.0) text-anchor="middle" { (m.label) }
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
            @match aggregated {
                Some(b) => {
                    "Too many events to draw one by one: each mark is a " (b) ", sized by and labelled with its number of events; "
                    "open a mark, or give a range above, to zoom in; "
                }
                None => {
                    "Each mark is an event, placed at its date (filled: stated; pale: inferred; hollow: only bounds known), "
                    "sized by and labelled with its independent sources; "
                }
            }
            "undated events stand apart at the right."
        }
    }
}

/// The zoom controls of a timeline chart: a form giving the range shown
/// (`from`, `to`) on the page at `base`, and a link back to the whole span.
pub(super) fn chart_zoom(base: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Markup {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    html! {
        form.search.chart-zoom action=(format!("{base}#timeline")) method="get" {
            label { "From " input type="date" name="from" value=(day(from)); }
            label { "To " input type="date" name="to" value=(day(to)); }
            button type="submit" { "Zoom" }
            @if from.is_some() || to.is_some() {
                a.zoom-out href=(format!("{base}#timeline")) { "Whole span" }
            }
        }
    }
}

/// The entries of a timeline within a range: every entry when no range is
/// given, else the dated ones whose drawn day falls inside it.
pub(super) fn in_range(
    entries: Vec<TimelineEntry>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Vec<TimelineEntry> {
    if from.is_none() && to.is_none() {
        return entries;
    }
    entries
        .into_iter()
        .filter(|t| {
            drawn_day(t).is_some_and(|d| from.iter().all(|&f| d >= f) && to.iter().all(|&l| d <= l))
        })
        .collect()
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
        let svg = timeline_chart(&entries, "/entities/x").into_string();
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
        assert!(timeline_chart(&[], "/entities/x").into_string().is_empty());
    }

    /// `n` stated events, one every `step` days from 2011-01-03.
    fn many(n: u64, step: i64) -> Vec<TimelineEntry> {
        let start = NaiveDate::from_ymd_opt(2011, 1, 3).unwrap();
        (0..n)
            .map(|i| {
                let d = start + chrono::Duration::days(i as i64 * step);
                entry(
                    i,
                    Some((d.year(), d.month(), d.day())),
                    DateKind::Stated,
                    "e",
                )
            })
            .collect()
    }

    /// The `data-` attribute values of every bucket mark, as (from, to, count).
    fn buckets(svg: &str) -> Vec<(NaiveDate, NaiveDate, usize)> {
        svg.split("<a class=\"mark bucket-mark\"")
            .skip(1)
            .map(|m| {
                let attr = |name: &str| {
                    let at = m.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    m[at..at + m[at..].find('"').unwrap()].to_string()
                };
                let label_at = m.find("text-anchor=\"middle\">").unwrap() + 21;
                let count = m[label_at..label_at + m[label_at..].find('<').unwrap()]
                    .parse()
                    .unwrap();
                (
                    attr("data-from").parse().unwrap(),
                    attr("data-to").parse().unwrap(),
                    count,
                )
            })
            .collect()
    }

    /// The chart of `n` events, one a day, and its marks: checked to be
    /// aggregated by `unit` and to count every event once.
    fn crowded_chart(n: u64, unit: &str) -> (String, Vec<(NaiveDate, NaiveDate, usize)>) {
        let svg = timeline_chart(&many(n, 1), "/entities/x").into_string();
        assert!(
            svg.contains(&format!("data-aggregated=\"{unit}\"")),
            "{svg}"
        );
        let b = buckets(&svg);
        assert_eq!(b.iter().map(|x| x.2 as u64).sum::<u64>(), n);
        (svg, b)
    }

    #[test]
    fn a_crowded_chart_draws_one_mark_per_month_counting_every_event() {
        // 400 events, one a day: over a year, so months.
        let (svg, b) = crowded_chart(400, "month");
        assert!(b.len() >= 13 && b.len() <= 15, "{b:?}");
        for (from, to, _) in &b {
            assert_eq!(from.day(), 1);
            assert_eq!(to.succ_opt().unwrap().day(), 1);
        }
        // Each links to the page zoomed to its month.
        let (from, to, _) = b[0];
        assert!(svg.contains(&format!(
            "href=\"/entities/x?from={from}&amp;to={to}#timeline\""
        )));
        assert!(!svg.contains("href=\"/events/"), "no mark per event");
    }

    #[test]
    fn a_crowded_chart_over_half_a_year_draws_one_mark_per_week() {
        let (_, b) = crowded_chart(100, "week");
        for (from, to, _) in &b {
            assert_eq!(from.weekday(), chrono::Weekday::Mon);
            assert_eq!((*to - *from).num_days(), 6);
        }
    }

    #[test]
    fn a_chart_of_few_events_draws_each_and_a_range_keeps_the_dated_ones_inside() {
        let entries = many(MAX_EVENT_MARKS as u64, 1);
        let svg = timeline_chart(&entries, "/entities/x").into_string();
        assert!(!svg.contains("data-aggregated"), "{svg}");
        assert_eq!(svg.matches("href=\"/events/").count(), MAX_EVENT_MARKS);

        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let mut entries = many(10, 7);
        entries.push(entry(99, None, DateKind::Undated, "undated"));
        assert_eq!(in_range(entries.clone(), None, None).len(), 11);
        let kept = in_range(entries, d(2011, 1, 10), d(2011, 1, 24));
        let ids: Vec<u64> = kept.iter().map(|t| t.event).collect();
        assert_eq!(ids, vec![1, 2, 3]);
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
