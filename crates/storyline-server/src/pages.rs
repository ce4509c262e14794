//! The web UI: server-rendered HTML (maud escapes every interpolated value,
//! so article titles and text can never become markup), one stylesheet and
//! one small script served from the binary. Every page reads without
//! JavaScript; the script only adds conveniences.

use crate::api::{self, ArticleParams, SearchParams};
use crate::error::ServerError;
use crate::state::{blocking, AppState};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use std::sync::Arc;
use storyline_store::{SearchPage, Stats, Store, StoredArticle};

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");

pub async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// An HTML page, or an HTML error page with the error's status.
pub struct Page(Result<Markup, ServerError>);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(m) => Html(m.into_string()).into_response(),
            Err(e) => error_page(&e),
        }
    }
}

pub fn error_page(e: &ServerError) -> Response {
    let status = e.status();
    let title = status.canonical_reason().unwrap_or("Error");
    let body = layout(
        title,
        "",
        html! {
            h1 { (status.as_u16()) " " (title) }
            p.error { (e.to_string()) }
            p { a href="/" { "Back to search" } }
        },
    );
    (status, Html(body.into_string())).into_response()
}

fn layout(title: &str, query: &str, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Storyline" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "Storyline" }
                    form.quick action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query) placeholder="Search articles" aria-label="Search articles";
                    }
                    nav {
                        a href="/search" { "Search" }
                        a href="/articles" { "Articles" }
                        a href="/events" { "Events" }
                        a href="/stories" { "Stories" }
                        a href="/api/openapi.json" { "API" }
                    }
                }
                main { (main) }
            }
        }
    }
}

/// `/search?q=...&source=...&from=...&to=...&offset=...` (and `/`).
pub async fn search(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Page {
    Page(search_inner(state, params).await)
}

async fn search_inner(
    state: Arc<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Markup, ServerError> {
    let Query(p) = params.map_err(api::bad_query)?;
    let query = p.to_query()?;
    let q_text = p.q.clone().unwrap_or_default();
    let found = blocking(&state, move |s| match query {
        Some((q, offset)) => {
            let page = s.index.search_page(&q, offset)?;
            let ids: Vec<String> = page.hits.iter().map(|h| h.id.clone()).collect();
            let events = api::events_of(s, &ids)?;
            Ok(Found::Results(q.limit, offset, page, events))
        }
        None => Ok(Found::Overview(
            s.with_store(|st| Ok(st.stats()?))?,
            s.index.num_docs(),
        )),
    })
    .await?;
    let title = if q_text.trim().is_empty() {
        "Search".to_string()
    } else {
        format!("{} — search", q_text.trim())
    };
    Ok(layout(
        &title,
        &q_text,
        html! {
            (search_form(&p))
            @match found {
                Found::Overview(stats, indexed) => (overview(&stats, indexed)),
                Found::Results(limit, offset, page, events) => (results(&p, limit, offset, &page, &events)),
            }
        },
    ))
}

enum Found {
    Overview(Stats, u64),
    /// Limit, offset, the page, and the event of each hit.
    Results(usize, usize, SearchPage, Vec<Option<u64>>),
}

fn search_form(p: &SearchParams) -> Markup {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    html! {
        form.search action="/search" method="get" role="search" {
            input id="q" type="search" name="q" value=(v(&p.q)) placeholder="Words, or \"a phrase\"" autofocus aria-label="Query";
            label { "Source " input type="text" name="source" value=(v(&p.source)) size="12"; }
            label { "From " input type="date" name="from" value=(v(&p.from)); }
            label { "To " input type="date" name="to" value=(v(&p.to)); }
            button type="submit" { "Search" }
        }
    }
}

fn overview(stats: &Stats, indexed: u64) -> Markup {
    html! {
        section.overview {
            p {
                (stats.articles) " articles stored, " (indexed) " indexed"
                @if let (Some(a), Some(b)) = (stats.earliest, stats.latest) {
                    ", published " (a) " to " (b)
                }
                "."
            }
            @if !stats.sources.is_empty() {
                h2 { "Sources" }
                ul.facet-list {
                    @for (s, n) in stats.sources.iter().take(20) {
                        li { a href=(format!("/articles?source={}", enc(s))) { (s) } " " span.count { (n) } }
                    }
                }
            }
            h2 { "Query syntax" }
            ul {
                li { "All words must match: " code { "assad kofi annan" } }
                li { "Phrases in double quotes: " code { "\"close ranks\"" } }
                li { "One field: " code { "title:ceasefire" } }
            }
        }
    }
}

/// Percent-encodes a query-string value.
fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A search URL: the current parameters with some replaced.
fn search_url(p: &SearchParams, change: &[(&str, Option<String>)]) -> String {
    let mut pairs: Vec<(&str, Option<String>)> = vec![
        ("q", p.q.clone()),
        ("source", p.source.clone()),
        ("from", p.from.clone()),
        ("to", p.to.clone()),
        ("limit", p.limit.map(|l| l.to_string())),
    ];
    for (k, v) in change {
        if let Some(slot) = pairs.iter_mut().find(|(name, _)| name == k) {
            slot.1 = v.clone();
        } else {
            pairs.push((k, v.clone()));
        }
    }
    let qs: Vec<String> = pairs
        .into_iter()
        .filter_map(|(k, v)| {
            v.filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", enc(&v)))
        })
        .collect();
    format!("/search?{}", qs.join("&"))
}

/// The snippet with its matched words in `<mark>`, every piece escaped.
fn highlighted(snippet: &str, ranges: &[(usize, usize)]) -> Markup {
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(a, b) in ranges {
        if a < at || b <= a {
            continue;
        }
        let (Some(before), Some(mark)) = (snippet.get(at..a), snippet.get(a..b)) else {
            continue;
        };
        pieces.push((false, before));
        pieces.push((true, mark));
        at = b;
    }
    pieces.push((false, snippet.get(at..).unwrap_or("")));
    html! {
        @for (is_mark, text) in pieces {
            @if is_mark { mark { (text) } } @else { (text) }
        }
    }
}

fn results(
    p: &SearchParams,
    limit: usize,
    offset: usize,
    page: &SearchPage,
    events: &[Option<u64>],
) -> Markup {
    let active_source = p.source.clone().filter(|s| !s.trim().is_empty());
    html! {
        div.with-facets {
            section.results {
                p.summary {
                    @if page.total == 0 { "No articles match." }
                    @else {
                        (page.total) " matching articles"
                        @if page.total > page.hits.len() as u64 {
                            ", showing " (offset + 1) "–" (offset + page.hits.len())
                        }
                    }
                }
                ol.hits start=(offset + 1) {
                    @for (i, h) in page.hits.iter().enumerate() {
                        li.hit {
                            a.headline href=(format!("/articles/{}", h.id)) { (h.headline) }
                            div.meta {
                                span.source { (h.source.as_deref().unwrap_or("unknown source")) }
                                " · "
                                @match h.published { Some(d) => time datetime=(d) { (d) }, None => span.undated { "undated" } }
                                @if let Some(Some(e)) = events.get(i) {
                                    " · " a.event-link href=(format!("/events/{e}")) { "event " (e) }
                                }
                            }
                            p.snippet { (highlighted(&h.snippet, &h.highlights)) }
                        }
                    }
                }
                (pager(p, limit, offset, page.total))
            }
            aside.facets {
                h2 { "Source" }
                ul.facet-list {
                    @if let Some(s) = &active_source {
                        li.active { (s) " " a href=(search_url(p, &[("source", None)])) title="Remove this filter" { "× all sources" } }
                    }
                    @if page.facets.sources.is_empty() {
                    li.undated { "no source known for these articles" }
                }
                @for (s, n) in page.facets.sources.iter().take(15) {
                        li { a href=(search_url(p, &[("source", Some(s.clone()))])) { (s) } " " span.count { (n) } }
                    }
                }
                h2 { "Date" }
                @if p.from.as_deref().is_some_and(|s| !s.is_empty()) || p.to.as_deref().is_some_and(|s| !s.is_empty()) {
                    p.active {
                        (p.from.clone().unwrap_or_default()) " – " (p.to.clone().unwrap_or_default()) " "
                        a href=(search_url(p, &[("from", None), ("to", None)])) { "× any date" }
                    }
                }
                (histogram(p, &page.facets.months))
                @if page.facets.undated > 0 {
                    p.undated { (page.facets.undated) " undated" }
                }
            }
        }
    }
}

/// The month histogram as an inline SVG (attributes, not inline styles, so
/// the CSP needs no `unsafe-inline`); every bar links to its month.
fn histogram(p: &SearchParams, months: &[(String, u64)]) -> Markup {
    if months.is_empty() {
        return html! {};
    }
    let max = months.iter().map(|m| m.1).max().unwrap_or(1).max(1) as f64;
    // A fixed drawing box scaled to the sidebar's width: bars get thinner as
    // months get more, never wider than a tenth of the box.
    let width = 240.0;
    let height = 80.0;
    let bar = (width / months.len() as f64).min(24.0);
    let drawn = bar * months.len() as f64;
    let month_range = |m: &str| -> Option<(String, String)> {
        let first = chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        let last = next.pred_opt()?;
        Some((first.to_string(), last.to_string()))
    };
    html! {
        svg.histogram viewBox=(format!("0 0 {width} {}", height + 14.0)) role="img" aria-label="Matches per month" {
            @for (i, (m, n)) in months.iter().enumerate() {
                @let h = ((*n as f64 / max) * height).max(1.0);
                @let x = i as f64 * bar;
                @if let Some((from, to)) = month_range(m) {
                    a href=(search_url(p, &[("from", Some(from)), ("to", Some(to)), ("offset", None)])) {
                        rect x=(x) y=(height - h) width=((bar - 1.0).max(1.0)) height=(h) {
                            title { (m) ": " (n) }
                        }
                    }
                }
            }
            text x="0" y=(height + 12.0) { (months[0].0) }
            @if months.len() > 1 {
                text x=(drawn) y=(height + 12.0) text-anchor="end" { (months[months.len() - 1].0) }
            }
        }
        details.months {
            summary { "Months (" (months.len()) ")" }
            ul.facet-list {
                @for (m, n) in months {
                    @if let Some((from, to)) = month_range(m) {
                        li { a href=(search_url(p, &[("from", Some(from)), ("to", Some(to))])) { (m) } " " span.count { (n) } }
                    }
                }
            }
        }
    }
}

fn pager(p: &SearchParams, limit: usize, offset: usize, total: u64) -> Markup {
    let total = total as usize;
    let prev = offset.checked_sub(limit).or((offset > 0).then_some(0));
    let next = (offset + limit < total && offset + limit <= api::MAX_SEARCH_OFFSET)
        .then_some(offset + limit);
    html! {
        nav.pager {
            @if let Some(o) = prev { a rel="prev" href=(search_url(p, &[("offset", Some(o.to_string()))])) { "← Previous" } }
            @if total > limit { span { "Page " (offset / limit + 1) " of " (total.div_ceil(limit)) } }
            @if let Some(o) = next { a rel="next" href=(search_url(p, &[("offset", Some(o.to_string()))])) { "Next →" } }
        }
    }
}

/// `/articles?source=...&from=...&to=...&offset=...`: articles in ingest order.
pub async fn articles(
    State(state): State<Arc<AppState>>,
    params: Result<Query<ArticleParams>, QueryRejection>,
) -> Page {
    Page(articles_inner(state, params).await)
}

async fn articles_inner(
    state: Arc<AppState>,
    params: Result<Query<ArticleParams>, QueryRejection>,
) -> Result<Markup, ServerError> {
    let Query(p) = params.map_err(api::bad_query)?;
    let q = p.to_query()?;
    let (offset, limit) = (q.offset, q.limit.unwrap_or(api::DEFAULT_LIMIT));
    let (items, next) = blocking(&state, move |s| api::article_page(s, q)).await?;
    let url = |o: usize| {
        let mut parts = vec![format!("offset={o}")];
        for (k, v) in [("source", &p.source), ("from", &p.from), ("to", &p.to)] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", enc(v)));
            }
        }
        format!("/articles?{}", parts.join("&"))
    };
    Ok(layout(
        "Articles",
        "",
        html! {
            h1 { "Articles" @if let Some(s) = p.source.as_deref().filter(|s| !s.is_empty()) { " from " (s) } }
            table.articles {
                thead { tr { th { "Published" } th { "Source" } th { "Headline" } th.num { "Words" } } }
                tbody {
                    @for a in &items {
                        tr {
                            td { @match a.article.published.date { Some(d) => (d), None => span.undated { "undated" } } }
                            td { (a.article.source.as_deref().unwrap_or("-")) }
                            td { a href=(format!("/articles/{}", a.article.id)) { (a.article.headline()) } }
                            td.num { (a.article.word_count()) }
                        }
                    }
                }
            }
            nav.pager {
                @if offset > 0 { a rel="prev" href=(url(offset.saturating_sub(limit))) { "← Previous" } }
                @if let Some(n) = next { a rel="next" href=(url(n)) { "Next →" } }
            }
        },
    ))
}

/// `/articles/{id}`: one article, clean text, date provenance, removed chrome.
pub async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Page {
    Page(
        blocking(&state, move |s| {
            let a = api::find_article(s, &id)?;
            let event = api::events_of(s, &[a.article.id.to_string()])?
                .pop()
                .flatten();
            Ok((a, event))
        })
        .await
        .map(|(a, event)| article_page(&a, event)),
    )
}

fn article_page(stored: &StoredArticle, event: Option<u64>) -> Markup {
    let a = &stored.article;
    let headline = a.headline();
    let web_url = a
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let body = html! {
            article.article {
                h1 { (headline) }
                dl.provenance {
                    dt { "Source" } dd { (a.source.as_deref().unwrap_or("unknown")) }
                    dt { "Published" }
                    dd.published {
                        @match a.published.date {
                            Some(d) => time datetime=(d) { (d.format("%-d %B %Y").to_string()) },
                            None => span.undated { "undated (no credible date found)" },
                        }
                    }
                    @if let Some(p) = &a.published.provenance {
                        dt { "Date found by" }
                        dd.date-provenance {
                            code { (p.rule) } ", confidence " (format!("{:.2}", p.confidence))
                            @if let Some((s, e)) = p.span { ", input bytes " (s) "–" (e) }
                        }
                    }
                    @if let Some(d) = &a.dateline { dt { "Dateline" } dd { (d) } }
                    @if let Some(w) = &a.wire_credit { dt { "Wire credit" } dd { (w) } }
                    @if let Some(e) = event {
                        dt { "Event" } dd { a.event-link href=(format!("/events/{e}")) { "event " (e) } }
                    }
                    dt { "Language" } dd { (a.language.as_deref().unwrap_or("unknown")) }
                    dt { "Words" } dd { (a.word_count()) }
                    @if let Some(u) = &a.url {
                        dt { "URL" }
                        dd.url {
                            @if let Some(link) = web_url {
                                a href=(link) rel="noopener noreferrer nofollow" { (u) }
                            } @else { (u) }
                        }
                    }
                    @if let Some(p) = &a.path { dt { "Input" } dd.path { code { (p) } } }
                    dt { "Id" } dd { code { (a.id) } " · " a href=(format!("/api/articles/{}", a.id)) { "JSON" } }
                }
                section.text {
                    @for para in a.text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                        p { (para) }
                    }
                }
                details.removed {
                    summary { "Removed chrome (" (a.removed.len()) " blocks)" }
                    @if a.removed.is_empty() {
                        p { "Nothing was removed from this input." }
                    } @else {
                        table {
                            thead { tr { th { "Reason" } th { "Removed text" } th.num { "Bytes" } } }
                            tbody {
                                @for r in &a.removed {
                                    tr {
                                        td { code { (r.reason) } }
                                        td.removed-text { (r.text) }
                                        td.num { (r.span.0) "–" (r.span.1) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
    };
    layout(&headline, "", body)
}

// ------------------------------------------------------ events and stories

/// `/events?offset=...`: every event, with its date, size and sources.
pub async fn events(
    State(state): State<Arc<AppState>>,
    params: Result<Query<api::PageParams>, QueryRejection>,
) -> Page {
    Page(events_inner(state, params).await)
}

async fn events_inner(
    state: Arc<AppState>,
    params: Result<Query<api::PageParams>, QueryRejection>,
) -> Result<Markup, ServerError> {
    let Query(p) = params.map_err(api::bad_query)?;
    let (offset, limit) = p.parse()?;
    let all = blocking(&state, api::all_events).await?;
    let total = all.len();
    let items: Vec<_> = all.into_iter().skip(offset).take(limit).collect();
    Ok(layout(
        "Events",
        "",
        html! {
            h1 { "Events" }
            p.summary { (total) " events: articles about one happening, copies of one wire story counted once." }
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
fn date_label(d: &storyline_model::EventDate) -> Markup {
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
    let id = api::parse_id("event", &id)?;
    let (e, record) = blocking(&state, move |s| {
        let detail = api::find_event(s, id)?;
        let record = api::all_events(s)?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| ServerError::NotFound(format!("no event with id {id}")))?;
        Ok((detail, record))
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
    let id = api::parse_id("story", &id)?;
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
        p.summary { (entries.len()) " events · " a href=(format!("/api/stories/{id}")) { "JSON" } }
        ol.timeline {
            @for t in &entries {
                @let undated = t.date.kind == storyline_model::DateKind::Undated;
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
    };
    Ok(layout(&format!("Story {id}"), "", body))
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn highlights_are_escaped_and_marked() {
        let s = "a <script>x</script> close ranks";
        let out = highlighted(s, &[(21, 26), (27, 32)]).into_string();
        assert_eq!(
            out,
            "a &lt;script&gt;x&lt;/script&gt; <mark>close</mark> <mark>ranks</mark>"
        );
    }

    #[test]
    fn bad_highlight_ranges_are_ignored_not_panicked_on() {
        let s = "été";
        let out = highlighted(s, &[(1, 2), (5, 99)]).into_string();
        assert_eq!(out, "été");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(enc("\"close ranks\"&x"), "%22close%20ranks%22%26x");
    }

    #[test]
    fn status_of_page_errors() {
        let r = error_page(&ServerError::NotFound("x".into()));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}
