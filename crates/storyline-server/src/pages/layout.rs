//! What every page shares: the frame around a page (head, navigation,
//! search box), the error page, the stylesheet and script served from the
//! binary, and small pieces of markup used by several pages.

use crate::error::ServerError;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use storyline_store::EntityCount;

const STYLE: &str = include_str!("../../assets/style.css");

const SCRIPT: &str = include_str!("../../assets/app.js");

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

/// An HTML page, or the HTML error page of what went wrong.
pub type Page = Result<Markup, PageError>;

/// A page's error, answered with the HTML error page and the error's status.
pub struct PageError(ServerError);

impl From<ServerError> for PageError {
    fn from(e: ServerError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0)
    }
}

impl IntoResponse for crate::params::QueryError {
    fn into_response(self) -> Response {
        error_for_path(&self.path, self.error)
    }
}

/// An error in the kind of the path asked for: the JSON error body under
/// `/api`, the HTML error page elsewhere.
pub fn error_for_path(path: &str, e: ServerError) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        e.into_response()
    } else {
        error_page(&e)
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

pub(super) fn layout(title: &str, query: &str, main: Markup) -> Markup {
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

/// Percent-encodes a query-string value.
pub(crate) fn enc(s: &str) -> String {
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

/// Entity names linking to their pages, with how many articles mention each.
pub(super) fn entity_links(list: &[EntityCount]) -> Markup {
    html! {
        ul.entity-links {
            @for e in list {
                li {
                    a.entity-link href=(format!("/entities/{}", enc(&e.id))) title=(e.kind.as_str()) { (e.name) }
                    @if e.articles > 1 { " " span.count { (e.articles) } }
                }
            }
        }
    }
}

/// The link that downloads a listing's page as CSV from the API
/// (`/api/{listing}`), with the page's paging and `filters` (a query-string
/// tail starting with `&`, or empty).
pub(super) fn csv_link(listing: &str, offset: usize, limit: usize, filters: &str) -> Markup {
    let href = format!("/api/{listing}?offset={offset}&limit={limit}{filters}&format=csv");
    html! {
        p.downloads { a.download href=(href) download=(format!("{listing}.csv")) { "Download this page as CSV" } }
    }
}

/// A page-of-results navigation for listings with a known total.
pub(super) fn list_pager(
    base: &str,
    extra: &str,
    offset: usize,
    limit: usize,
    total: usize,
) -> Markup {
    let url = |o: usize| format!("{base}?offset={o}{extra}");
    html! {
        nav.pager {
            @if offset > 0 { a rel="prev" href=(url(offset.saturating_sub(limit))) { "← Previous" } }
            @if total > limit { span { "Page " (offset / limit + 1) " of " (total.div_ceil(limit)) } }
            @if offset + limit < total { a rel="next" href=(url(offset + limit)) { "Next →" } }
        }
    }
}

/// A "why" disclosure, closed until opened: the internal rule that made a
/// finding (`text.stated_date`), kept out of the main text.
pub(super) fn why(finding: &str, rule: &str) -> Markup {
    html! {
        details.why {
            summary { "why" }
            (finding) " by rule " code.rule { (rule) }
        }
    }
}

pub(super) fn plural(n: usize, what: &str) -> String {
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
    fn status_of_page_errors() {
        let r = error_page(&ServerError::NotFound("x".into()));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}
