//! The watch pages: `/watches` lists the saved watches, `/watches/NAME`
//! shows one watch's alerts, each linking the article or event and saying
//! why it matched, and where its webhook delivery stands.

use super::layout::*;
use crate::api::watches::watch_alerts;
use crate::state::{blocking, AppState};
use axum::extract::{Path, State};
use maud::html;
use std::sync::Arc;

/// `/watches`: every watch, with a link to its alerts and feed.
pub async fn watches(State(state): State<Arc<AppState>>) -> Page {
    let all = blocking(&state, |s| s.with_store(|st| Ok(st.watches()?))).await?;
    Ok(layout(
        "Watches",
        "",
        html! {
            h1 { "Watches" }
            p.summary { (all.len()) " saved; alerts are raised after each ingest, for new articles only." }
            ul.watches {
                @for w in &all {
                    li {
                        a href=(format!("/watches/{}", enc(&w.name))) { (w.name) }
                        " · " a href=(format!("/watch/{}.atom", enc(&w.name))) { "Atom feed" }
                    }
                }
            }
        },
    ))
}

/// `/watches/NAME`: one watch's alerts, newest first.
pub async fn watch(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Page {
    let (w, alerts) = blocking(&state, move |s| watch_alerts(s, name, None)).await?;
    Ok(layout(
        &format!("Watch {}", w.name),
        "",
        html! {
            h1 { "Watch " (w.name) }
            p.summary {
                (plural(alerts.len(), "alert")) " · "
                a href=(format!("/watch/{}.atom", enc(&w.name))) { "Atom feed" }
                @if let Some(url) = &w.webhook {
                    " · webhook " code.webhook { (url) }
                    @if let Some(var) = &w.secret_env { " (signed with $" (var) ")" }
                }
            }
            ol.alerts {
                @for a in &alerts {
                    li.alert {
                        a href=(a.page_path()) { (a.title) }
                        " " span.meta { (a.kind) " " span.reason { (a.reason) } " · " time datetime=(a.raised_at) { (a.raised_at) } }
                        @if let Some(d) = &a.delivery {
                            " " span.delivery data-state=(d.state) { "webhook: " (d.describe(", ")) }
                        }
                    }
                }
            }
        },
    ))
}
