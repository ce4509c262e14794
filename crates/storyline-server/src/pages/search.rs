//! The search page (also the home page): the form, the store's overview,
//! results with highlighted snippets, facets, the month histogram and paging.

use super::layout::*;
use crate::params::{self, Params, SearchParams};
use crate::state::{blocking, AppState};
use crate::views;
use axum::extract::State;
use maud::{html, Markup};
use std::sync::Arc;
use storyline_store::Stats;

/// `/search?q=...&source=...&from=...&to=...&offset=...` (and `/`).
pub async fn search(State(state): State<Arc<AppState>>, Params(p): Params<SearchParams>) -> Page {
    let query = p.to_query()?;
    let q_text = p.q.clone().unwrap_or_default();
    let (entity, event) = (p.entity.clone(), p.event.clone());
    let nonempty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let (entity, event) = (nonempty(entity), nonempty(event));
    let exact = p.exact.unwrap_or(false);
    let found = blocking(&state, move |s| match query {
        Some((q, offset)) => Ok(Found::Results(
            offset,
            Box::new(views::run_search(s, q, offset, entity, event, exact)?),
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
            @if p.exact == Some(true) { input type="hidden" name="exact" value="true"; }
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
                li { "A name also finds its other spellings (" code { "Gaddafi" } " finds Gadhafi); the results say which, with a link to search only as written" }
            }
        }
    }
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
        ("exact", p.exact.filter(|&e| e).map(|e| e.to_string())),
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
                (expansion_note(p, &f.expanded))
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
                        li { a href=(search_url(p, &[("entity", Some(e.id.clone())), ("offset", None)])) title=(e.kind.as_str()) { (e.name) } " " span.count { (e.articles) } }
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

/// Which other spellings were searched, with a link to search only as
/// written; and which names several entities bear.
fn expansion_note(p: &SearchParams, e: &storyline_store::ExpandedQuery) -> Markup {
    let spellings: Vec<&str> = e
        .expanded
        .iter()
        .flat_map(|x| x.aliases.iter().map(String::as_str))
        .collect();
    let terms: Vec<&str> = e.expanded.iter().map(|x| x.term.as_str()).collect();
    html! {
        @if !spellings.is_empty() {
            p.expansion {
                "Also searched: " (spellings.join(", ")) " — "
                a href=(search_url(p, &[("exact", Some("true".into())), ("offset", None)])) {
                    "search only ‘" (terms.join("’, ‘")) "’"
                }
            }
        }
        @if p.exact == Some(true) {
            p.expansion {
                "Names searched only as written — "
                a href=(search_url(p, &[("exact", None), ("offset", None)])) { "also search their other spellings" }
            }
        }
        @if !e.ambiguous.is_empty() {
            p.expansion {
                "Not expanded, several entities bear " (e.ambiguous.join(", ")) "."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
