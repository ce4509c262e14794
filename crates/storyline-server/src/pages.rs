//! The web UI: server-rendered HTML (maud escapes every interpolated value,
//! so article titles and text can never become markup), one stylesheet and
//! one small script served from the binary. Every page reads without
//! JavaScript; the script only adds conveniences.

use crate::error::ServerError;
use crate::params::{self, ArticleParams, SearchParams};
use crate::state::{blocking, AppState};
use crate::views;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use maud::{html, Markup, DOCTYPE};
use std::sync::Arc;
use storyline_model::DateKind;
use storyline_pipeline::events::TimelineEntry;
use storyline_store::{Stats, StoredArticle};

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
    let mut res = (status, Html(body.into_string())).into_response();
    if status == axum::http::StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS),
        );
    }
    res
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
                        a href="/entities" { "Entities" }
                        a href="/quotes" { "Quotes" }
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
    let Query(p) = params.map_err(params::bad_query)?;
    let query = p.to_query()?;
    let q_text = p.q.clone().unwrap_or_default();
    let (entity, event) = (p.entity.clone(), p.event.clone());
    let nonempty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let (entity, event) = (nonempty(entity), nonempty(event));
    let found = blocking(&state, move |s| match query {
        Some((q, offset)) => Ok(Found::Results(
            offset,
            Box::new(views::run_search(s, q, offset, entity, event)?),
        )),
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
                Found::Results(offset, f) => (results(&p, offset, &f)),
            }
        },
    ))
}

enum Found {
    Overview(Stats, u64),
    /// The offset and the search.
    Results(usize, Box<views::FullSearch>),
}

fn search_form(p: &SearchParams) -> Markup {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    html! {
        form.search action="/search" method="get" role="search" {
            input id="q" type="search" name="q" value=(v(&p.q)) placeholder="Words, or \"a phrase\"" autofocus aria-label="Query";
            label { "Source " input type="text" name="source" value=(v(&p.source)) size="12"; }
            label { "From " input type="date" name="from" value=(v(&p.from)); }
            label { "To " input type="date" name="to" value=(v(&p.to)); }
            label { "Language " input type="text" name="lang" value=(v(&p.lang)) size="3" placeholder="es" pattern="[A-Za-z]{2,3}"; }
            @if let Some(e) = p.entity.as_deref().filter(|e| !e.is_empty()) { input type="hidden" name="entity" value=(e); }
            @if let Some(e) = p.event.as_deref().filter(|e| !e.is_empty()) { input type="hidden" name="event" value=(e); }
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
        ("lang", p.lang.clone()),
        ("entity", p.entity.clone()),
        ("event", p.event.clone()),
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

fn results(p: &SearchParams, offset: usize, f: &views::FullSearch) -> Markup {
    let (limit, page, events) = (f.limit, &f.page, &f.events_of_hits);
    let active_source = p.source.clone().filter(|s| !s.trim().is_empty());
    let active_lang = p.lang.clone().filter(|s| !s.trim().is_empty());
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
                            a.headline href=(format!("/articles/{}", h.id)) lang=[h.language.as_deref()] { (h.headline) }
                            div.meta {
                                span.source { (h.source.as_deref().unwrap_or("unknown source")) }
                                " · "
                                @match h.published { Some(d) => time datetime=(d) { (d) }, None => span.undated { "undated" } }
                                @if let Some(l) = &h.language { " · " span.lang title="Detected language" { (l) } }
                                @if let Some(Some(e)) = events.get(i) {
                                    " · " a.event-link href=(format!("/events/{e}")) { "event " (e) }
                                }
                            }
                            p.snippet lang=[h.language.as_deref()] { (highlighted(&h.snippet, &h.highlights)) }
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
                h2 { "Language" }
                ul.facet-list.lang-facet {
                    @if let Some(l) = &active_lang {
                        li.active { (l) " " a href=(search_url(p, &[("lang", None), ("offset", None)])) title="Remove this filter" { "× all languages" } }
                    }
                    @for (l, n) in page.facets.languages.iter().filter(|(l, _)| active_lang.as_deref() != Some(l.as_str())).take(15) {
                        li { a href=(search_url(p, &[("lang", Some(l.clone())), ("offset", None)])) { (l) } " " span.count { (n) } }
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
                h2 { "Entity" }
                ul.facet-list.entity-facet {
                    @if let Some(e) = &f.entity {
                        li.active { a.entity-link href=(format!("/entities/{}", enc(&e.id))) { (e.name) } " " a href=(search_url(p, &[("entity", None), ("offset", None)])) title="Remove this filter" { "× any entity" } }
                    }
                    @for e in f.entity_facet.iter().filter(|e| f.entity.as_ref().is_none_or(|a| a.id != e.id)) {
                        li { a href=(search_url(p, &[("entity", Some(e.id.clone())), ("offset", None)])) title=(e.kind) { (e.name) } " " span.count { (e.articles) } }
                    }
                }
                h2 { "Event" }
                ul.facet-list.event-facet {
                    @if let Some(e) = &f.event {
                        li.active { a href=(format!("/events/{}", e.id)) { (e.headline) } " " a href=(search_url(p, &[("event", None), ("offset", None)])) title="Remove this filter" { "× any event" } }
                    }
                    @for e in f.event_facet.iter().filter(|e| f.event.as_ref().is_none_or(|a| a.id != e.id)) {
                        li { a href=(search_url(p, &[("event", Some(e.id.to_string())), ("offset", None)])) { (e.headline) } " " span.count { (e.count) } }
                    }
                    @if f.event_facet.is_empty() && f.event.is_none() { li.undated { "no events yet" } }
                }
                @if (page.sample.len() as u64) < page.total {
                    p.undated { "Entities and events counted over the best " (page.sample.len()) " matches." }
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
    let next = (offset + limit < total && offset + limit <= params::MAX_SEARCH_OFFSET)
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
    let Query(p) = params.map_err(params::bad_query)?;
    let q = p.to_query()?;
    let (offset, limit) = (q.offset, q.limit.unwrap_or(params::DEFAULT_LIMIT));
    let (items, next) = blocking(&state, move |s| views::article_page(s, q)).await?;
    let url = |o: usize| {
        let mut parts = vec![format!("offset={o}")];
        for (k, v) in [
            ("source", &p.source),
            ("from", &p.from),
            ("to", &p.to),
            ("lang", &p.lang),
        ] {
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
            h1 {
                "Articles"
                @if let Some(s) = p.source.as_deref().filter(|s| !s.is_empty()) { " from " (s) }
                @if let Some(l) = p.lang.as_deref().filter(|l| !l.is_empty()) { " in " (l) }
            }
            table.articles {
                thead { tr { th { "Published" } th { "Source" } th { "Language" } th { "Headline" } th.num { "Words" } } }
                tbody {
                    @for a in &items {
                        tr {
                            td { @match a.article.published.date { Some(d) => (d), None => span.undated { "undated" } } }
                            td { (a.article.source.as_deref().unwrap_or("-")) }
                            td.lang { @match &a.article.language { Some(l) => a href=(format!("/articles?lang={}", enc(l))) { (l) }, None => "-" } }
                            td { a href=(format!("/articles/{}", a.article.id)) lang=[a.article.language.as_deref()] { (a.article.headline()) } }
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
            let a = views::find_article(s, &id)?;
            let event = views::events_of(s, &[a.article.id.to_string()])?
                .pop()
                .flatten();
            let entities = s.with_store(|st| {
                Ok(st
                    .entities_in(std::slice::from_ref(&a.article.id))?
                    .into_iter()
                    .map(views::entity_count_out)
                    .collect::<Vec<_>>())
            })?;
            Ok((a, event, entities))
        })
        .await
        .map(|(a, event, entities)| article_page(&a, event, &entities)),
    )
}

fn article_page(
    stored: &StoredArticle,
    event: Option<u64>,
    entities: &[views::EntityCountOut],
) -> Markup {
    let a = &stored.article;
    let headline = a.headline();
    let web_url = a
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let body = html! {
            article.article {
                h1 lang=[a.language.as_deref()] dir="auto" { (headline) }
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
                    @if !entities.is_empty() {
                        dt { "Entities" } dd { (entity_links(entities)) }
                    }
                    dt { "Language" }
                    dd.lang {
                        @match &a.language {
                            Some(l) => a href=(format!("/articles?lang={}", enc(l))) { (l) },
                            None => "unknown",
                        }
                    }
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
                section.text lang=[a.language.as_deref()] dir="auto" {
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
        p.summary { (entries.len()) " events · " a href=(format!("/api/stories/{id}")) { "JSON" } }
        (timeline_list(&entries))
    };
    Ok(layout(&format!("Story {id}"), "", body))
}

/// Entity names linking to their pages, with how many articles mention each.
fn entity_links(list: &[views::EntityCountOut]) -> Markup {
    html! {
        ul.entity-links {
            @for e in list {
                li {
                    a.entity-link href=(format!("/entities/{}", enc(&e.id))) title=(e.kind) { (e.name) }
                    @if e.articles > 1 { " " span.count { (e.articles) } }
                }
            }
        }
    }
}

/// A timeline as a list: date with its kind, headline linking to the event,
/// summary sentence, sources; undated entries last and marked.
fn timeline_list(entries: &[TimelineEntry]) -> Markup {
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
fn timeline_chart(entries: &[TimelineEntry]) -> Markup {
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

/// A page-of-results navigation for listings with a known total.
fn list_pager(base: &str, extra: &str, offset: usize, limit: usize, total: usize) -> Markup {
    let url = |o: usize| format!("{base}?offset={o}{extra}");
    html! {
        nav.pager {
            @if offset > 0 { a rel="prev" href=(url(offset.saturating_sub(limit))) { "← Previous" } }
            @if total > limit { span { "Page " (offset / limit + 1) " of " (total.div_ceil(limit)) } }
            @if offset + limit < total { a rel="next" href=(url(offset + limit)) { "Next →" } }
        }
    }
}

/// `/entities?name=...&kind=...&offset=...`: people, organisations and
/// places, most mentioned first, with their aliases.
pub async fn entities(
    State(state): State<Arc<AppState>>,
    params: Result<Query<params::EntityParams>, QueryRejection>,
) -> Page {
    Page(entities_inner(state, params).await)
}

async fn entities_inner(
    state: Arc<AppState>,
    params: Result<Query<params::EntityParams>, QueryRejection>,
) -> Result<Markup, ServerError> {
    let Query(p) = params.map_err(params::bad_query)?;
    let kind = p.kind()?;
    let name = p.name();
    let limit = params::parse_limit(p.limit.or(Some(50)))?;
    let offset = crate::params::offset(p.offset)?;
    let n = name.clone();
    let (items, total) = blocking(&state, move |s| {
        views::entity_page(s, kind, n, offset, limit)
    })
    .await?;
    let mut extra = String::new();
    if let Some(n) = &name {
        extra.push_str(&format!("&name={}", enc(n)));
    }
    if let Some(k) = kind {
        extra.push_str(&format!("&kind={}", k.as_str()));
    }
    Ok(layout(
        "Entities",
        "",
        html! {
            h1 { "Entities" }
            form.search action="/entities" method="get" {
                input type="search" name="name" value=(name.clone().unwrap_or_default()) placeholder="A name in any spelling" aria-label="Name";
                label { "Type "
                    select name="kind" {
                        option value="" { "any" }
                        @for k in ["person", "organisation", "place", "other"] {
                            option value=(k) selected[kind.map(|x| x.as_str()) == Some(k)] { (k) }
                        }
                    }
                }
                button type="submit" { "Filter" }
            }
            p.summary { (total) " entities, most mentioned first; every spelling counted under one name." }
            table.entities {
                thead { tr { th { "Name" } th { "Type" } th.num { "Mentions" } th.num { "Articles" } th { "Aliases" } } }
                tbody {
                    @for e in &items {
                        tr {
                            td { a.entity-link href=(format!("/entities/{}", enc(&e.id))) { (e.name) } }
                            td { (e.kind.as_str()) }
                            td.num { (e.mentions) }
                            td.num { (e.articles) }
                            td.aliases {
                                @for (i, (alias, count)) in e.aliases.iter().take(8).enumerate() {
                                    @if i > 0 { ", " }
                                    (alias) " " span.count { "(" (count) ")" }
                                }
                                @if e.aliases.len() > 8 { ", …" }
                            }
                        }
                    }
                }
            }
            (list_pager("/entities", &extra, offset, limit, total))
        },
    ))
}

/// `/entities/{id}` (an id or any name): canonical name, type, aliases with
/// counts, the drawn timeline of its events and the list under it, its
/// quotes, co-occurring entities.
pub async fn entity(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Page {
    Page(entity_inner(state, id).await)
}

async fn entity_inner(state: Arc<AppState>, id: String) -> Result<Markup, ServerError> {
    let v = blocking(&state, move |s| views::entity_view(s, &id)).await?;
    let e = &v.entity.summary;
    let entries = storyline_pipeline::events::timeline(&v.events);
    let undated = entries
        .iter()
        .filter(|t| t.date.kind == DateKind::Undated)
        .count();
    let body = html! {
        article.entity {
            h1 { (e.name) }
            dl.provenance {
                dt { "Type" } dd.entity-kind { (e.kind.as_str()) }
                dt { "Mentions" } dd { (e.mentions) " in " (plural(e.articles as usize, "article")) }
                dt { "Aliases" }
                dd {
                    ul.aliases {
                        @for (alias, count) in &e.aliases {
                            li { span.alias { (alias) } " " span.count { "(" (count) ")" } }
                        }
                    }
                }
                dt { "Id" } dd { code { (e.id) } " · " a href=(format!("/api/entities/{}", enc(&e.id))) { "JSON" } }
            }
            section.entity-timeline {
                h2 { "Timeline" }
                @if entries.is_empty() {
                    p.undated { "No event mentions this entity yet." }
                } @else {
                    p.summary {
                        (plural(entries.len(), "event"))
                        @if undated > 0 { ", " (undated) " undated" }
                        " · " a href=(format!("/quotes?speaker={}", enc(&e.id))) { "quotes" }
                    }
                    (timeline_chart(&entries))
                    (timeline_list(&entries))
                }
            }
            section.entity-quotes {
                h2 { "Quotes" }
                @if v.quotes.is_empty() {
                    p.undated { "No quotes attributed." }
                } @else {
                    (quote_list(&v.quotes.iter().map(views::quote_out).collect::<Vec<_>>(), false))
                }
            }
            section.co-occurring {
                h2 { "Mentioned with" }
                @if v.co_occurring.is_empty() {
                    p.undated { "No other entity in its articles." }
                } @else {
                    (entity_links(&v.co_occurring.iter().cloned().map(views::entity_count_out).collect::<Vec<_>>()))
                }
            }
        }
    };
    Ok(layout(&e.name, "", body))
}

/// Quotes as a list: text, speaker (linked), first reported, the articles,
/// independent sources.
fn quote_list(quotes: &[views::QuoteOut], show_speaker: bool) -> Markup {
    html! {
        ol.quotes {
            @for q in quotes {
                li.quote {
                    blockquote { "“" (q.text) "”" }
                    div.meta {
                        @if show_speaker {
                            span.speaker {
                                @match (&q.speaker_entity, &q.speaker) {
                                    (Some(id), name) => a.entity-link href=(format!("/entities/{}", enc(id))) { (name.as_deref().unwrap_or(id)) },
                                    (None, Some(name)) => (name),
                                    (None, None) => span.undated { "speaker unknown" },
                                }
                            }
                            " · "
                        }
                        "first reported "
                        @match &q.first_reported { Some(d) => time datetime=(d) { (d) }, None => span.undated { "undated" } }
                        " · " span.quote-articles { (plural(q.articles.len(), "article")) }
                        " · " span.quote-sources { (plural(q.independent_sources as usize, "independent source")) }
                        @if q.partial { " · partial" }
                    }
                    details.quote-sightings {
                        summary { "Articles" }
                        ul {
                            @for a in &q.articles {
                                li {
                                    a href=(format!("/articles/{}", a.article)) { (a.article.get(..12).unwrap_or(&a.article)) }
                                    " " span.meta {
                                        (a.published.as_deref().unwrap_or("undated"))
                                        @if let Some(st) = &a.speaker_text { " · “" (st) "”" }
                                        @if let Some(c) = &a.cue { " " (c) }
                                        " · " code { (a.rule) }
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

/// `/quotes?speaker=...&offset=...`: the quote bank.
pub async fn quotes(
    State(state): State<Arc<AppState>>,
    params: Result<Query<params::QuoteParams>, QueryRejection>,
) -> Page {
    Page(quotes_inner(state, params).await)
}

async fn quotes_inner(
    state: Arc<AppState>,
    params: Result<Query<params::QuoteParams>, QueryRejection>,
) -> Result<Markup, ServerError> {
    let Query(p) = params.map_err(params::bad_query)?;
    let limit = params::parse_limit(p.limit.or(Some(50)))?;
    let offset = crate::params::offset(p.offset)?;
    let speaker = p
        .speaker
        .clone()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let partial = p.partial.unwrap_or(false);
    let sp = speaker.clone();
    let (items, total, who) = blocking(&state, move |s| {
        views::quote_page(s, sp, partial, offset, limit)
    })
    .await?;
    let items: Vec<views::QuoteOut> = items.iter().map(views::quote_out).collect();
    let mut extra = String::new();
    if let Some(s) = &speaker {
        extra.push_str(&format!("&speaker={}", enc(s)));
    }
    if partial {
        extra.push_str("&partial=true");
    }
    Ok(layout(
        "Quotes",
        "",
        html! {
            h1 {
                "Quote bank"
                @if let Some(w) = &who { ": " a.entity-link href=(format!("/entities/{}", enc(&w.id))) { (w.name) } }
            }
            form.search action="/quotes" method="get" {
                input type="search" name="speaker" value=(speaker.clone().unwrap_or_default()) placeholder="Speaker: a name in any spelling" aria-label="Speaker";
                label { input type="checkbox" name="partial" value="true" checked[partial]; " short partial quotes too" }
                button type="submit" { "Filter" }
            }
            p.summary { (plural(total, "quote")) ", each once however many articles repeat it; copies of one wire story count as one source." }
            (quote_list(&items, true))
            (list_pager("/quotes", &extra, offset, limit, total))
        },
    ))
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

    #[test]
    fn status_of_page_errors() {
        let r = error_page(&ServerError::NotFound("x".into()));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}
