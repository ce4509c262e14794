//! The watch pages: `/watches` lists the saved watches, `/watches/NAME`
//! shows one watch's alerts, each linking the article or event and saying
//! why it matched.

use super::layout::*;
use crate::api::watches::{link_of, watch_alerts};
use crate::error::ServerError;
use crate::state::{blocking, AppState};
use axum::extract::{Path, State};
use maud::{html, Markup};
use std::sync::Arc;

/// `/watches`: every watch, with a link to its alerts and feed.
pub async fn watches(State(state): State<Arc<AppState>>) -> Page {
    Page(watches_inner(state).await)
}

async fn watches_inner(state: Arc<AppState>) -> Result<Markup, ServerError> {
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
    Page(watch_inner(state, name).await)
}

async fn watch_inner(state: Arc<AppState>, name: String) -> Result<Markup, ServerError> {
    let (w, alerts) = blocking(&state, move |s| watch_alerts(s, name, None)).await?;
    Ok(layout(
        &format!("Watch {}", w.name),
        "",
        html! {
            h1 { "Watch " (w.name) }
            p.summary {
                (plural(alerts.len(), "alert")) " · "
                a href=(format!("/watch/{}.atom", enc(&w.name))) { "Atom feed" }
            }
            ol.alerts {
                @for a in &alerts {
                    li.alert {
                        a href=(link_of(a)) { (a.title) }
                        " " span.meta { (a.kind) " " (a.reason) " · " time datetime=(a.raised_at) { (a.raised_at) } }
                    }
                }
            }
        },
    ))
}
