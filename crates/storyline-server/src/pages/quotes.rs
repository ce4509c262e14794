//! The quote bank page, and the quote list other pages show.

use super::layout::*;
use crate::params::{self, Params};
use crate::state::{blocking, AppState};
use crate::views;
use axum::extract::State;
use maud::{html, Markup};
use std::sync::Arc;

/// Quotes as a list: text, speaker (linked), first reported, the articles,
/// independent sources.
pub(super) fn quote_list(quotes: &[views::QuoteOut], show_speaker: bool) -> Markup {
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
                                @if q.speaker.is_some() && low_confidence(q) {
                                    " " abbr.low-confidence title="attributed with low confidence: check the article" { "(?)" }
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
                                    }
                                    (why("Attributed", &a.rule))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether no article attributes the quote with the confidence a reader
/// may rely on (see `Quote::LOW_SPEAKER_CONFIDENCE`).
fn low_confidence(q: &views::QuoteOut) -> bool {
    q.articles
        .iter()
        .all(|a| a.confidence < storyline_model::Quote::LOW_SPEAKER_CONFIDENCE)
}

/// `/quotes?speaker=...&offset=...`: the quote bank.
pub async fn quotes(
    State(state): State<Arc<AppState>>,
    Params(p): Params<params::QuoteParams>,
    Params(page): Params<params::PageParams>,
) -> Page {
    let (offset, limit) = page.parse_or(50)?;
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
            (csv_link("quotes", offset, limit, &extra))
            (quote_list(&items, true))
            (list_pager("/quotes", &extra, offset, limit, total))
        },
    ))
}
