//! The article list and one article's page.

use super::layout::*;
use crate::params::{self, ArticleParams, Params};
use crate::state::{blocking, AppState};
use crate::views;
use axum::extract::{Path, State};
use maud::{html, Markup};
use std::sync::Arc;
use storyline_store::{EntityCount, StoredArticle};

/// `/articles?source=...&from=...&to=...&offset=...`: articles in ingest order.
pub async fn articles(
    State(state): State<Arc<AppState>>,
    Params(p): Params<ArticleParams>,
    Params(page): Params<params::PageParams>,
) -> Page {
    let q = p.to_query(&page)?;
    let (offset, limit) = (q.offset, q.limit.unwrap_or(params::DEFAULT_LIMIT));
    let views::Page {
        items,
        next_offset: next,
        ..
    } = blocking(&state, move |s| views::article_page(s, q)).await?;
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
    let (a, event, entities) = blocking(&state, move |s| {
        let a = views::find_article(s, &id)?;
        let event = views::events_of(s, &[a.article.id.to_string()])?
            .pop()
            .flatten();
        let entities =
            s.with_store(|st| Ok(st.entities_in(std::slice::from_ref(&a.article.id))?))?;
        Ok((a, event, entities))
    })
    .await?;
    Ok(article_page(&a, event, &entities))
}

fn article_page(stored: &StoredArticle, event: Option<u64>, entities: &[EntityCount]) -> Markup {
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
                            "confidence " (format!("{:.2}", p.confidence))
                            @if let Some((s, e)) = p.span { ", input bytes " (s) "–" (e) }
                            (why("Found", &p.rule))
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
