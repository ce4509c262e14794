//! The entity list and one entity's page.

use super::events::*;
use super::layout::*;
use super::quotes::*;
use crate::params::{self, Params};
use crate::state::{blocking, AppState};
use crate::views;
use axum::extract::{Path, State};
use maud::html;
use std::sync::Arc;
use storyline_model::DateKind;

/// `/entities?name=...&kind=...&offset=...`: people, organisations and
/// places, most mentioned first, with their aliases.
pub async fn entities(
    State(state): State<Arc<AppState>>,
    Params(p): Params<params::EntityParams>,
    Params(page): Params<params::PageParams>,
) -> Page {
    let kind = p.kind()?;
    let name = p.name();
    let (offset, limit) = page.parse_or(50)?;
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
            (csv_link("entities", offset, limit, &extra))
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
pub async fn entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Params(zoom): Params<params::ZoomParams>,
) -> Page {
    let (from, to) = zoom.range()?;
    let v = blocking(&state, move |s| {
        views::entity_view(s, &id, views::TIMELINE_EVENTS)
    })
    .await?;
    let e = &v.entity.summary;
    let timeline = storyline_pipeline::events::timeline(&v.events);
    let all = timeline.len();
    let entries = in_range(timeline, from, to);
    let zoomed = from.is_some() || to.is_some();
    let base = format!("/entities/{}", enc(&e.id));
    // The list under the chart: the latest of the events shown.
    let listed = &entries[entries.len().saturating_sub(views::ENTITY_EVENTS)..];
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
            section.entity-timeline #timeline {
                h2 { "Timeline" }
                @if all > 0 { (chart_zoom(&base, from, to)) }
                @if all == 0 {
                    p.undated { "No event mentions this entity yet." }
                } @else if entries.is_empty() {
                    p.undated { "No dated event in this range." }
                } @else {
                    p.summary {
                        (plural(entries.len(), "event"))
                        @if zoomed { " of " (all) " in this range" }
                        @if undated > 0 { ", " (undated) " undated" }
                        " · " a href=(format!("/quotes?speaker={}", enc(&e.id))) { "quotes" }
                        " · " a.download href=(format!("/api/timeline?q={}&format=csv", enc(&e.id))) download="timeline.csv" { "timeline as CSV" }
                        " · " a.dossier href=(format!("/api/dossier?q={}&format=html", enc(&e.id))) download="dossier.html" { "dossier" }
                    }
                    (timeline_chart(&entries, &base))
                    @if listed.len() < entries.len() {
                        p.summary.list-note { "Below, the latest " (listed.len()) " of them; zoom in to list others." }
                    }
                    (timeline_list(listed))
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
                    (entity_links(&v.co_occurring))
                }
            }
        }
    };
    Ok(layout(&e.name, "", body))
}
