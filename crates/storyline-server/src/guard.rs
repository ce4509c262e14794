//! Checks every request passes before it is routed: the URL's length and
//! the `Host` it was sent to.
//!
//! The Host check defends against DNS rebinding: a web page on a name the
//! attacker controls, re-pointed at 127.0.0.1, could otherwise read this
//! server's API from the victim's browser. Such a request carries the
//! attacker's name as its Host, so only names this server is known by are
//! accepted: `localhost`, any IP address literal (the bind address and any
//! address the host has: an address is never a rebinding vector, since no
//! one can re-point it), and the names given with `serve --allow-host`.
//! A request without a Host (HTTP/1.0) names nothing and passes.

pub use crate::config::AllowedHosts;
use crate::error::ServerError;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Longest URL (path and query) accepted, in bytes; a longer one is a 414.
/// The longest query text ([`storyline_store::MAX_QUERY_CHARS`]) with every
/// filter, percent-encoded, fits several times over.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// The middleware: a 414 for a URL over [`MAX_URL_BYTES`], a 421 for a Host
/// this server is not known by.
pub async fn check_request(
    State(allowed_hosts): State<Arc<AllowedHosts>>,
    req: Request,
    next: Next,
) -> Response {
    let url_len = req
        .uri()
        .path_and_query()
        .map_or(req.uri().path().len(), |p| p.as_str().len());
    if url_len > MAX_URL_BYTES {
        return ServerError::UriTooLong(MAX_URL_BYTES).into_response();
    }
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}").to_string())
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_string()));
    if let Some(host) = host {
        if !allowed_hosts.allows(&host) {
            return ServerError::MisdirectedHost(host).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_addresses_and_allowed_names_pass_others_do_not() {
        let hosts = AllowedHosts::new(&["News.Example:8080", "intranet"]);
        for ok in [
            "localhost",
            "LOCALHOST:7878",
            "localhost.",
            "127.0.0.1",
            "127.0.0.1:7878",
            "[::1]",
            "[::1]:7878",
            "192.168.1.20:80",
            "news.example",
            "news.example:443",
            "Intranet",
        ] {
            assert!(hosts.allows(ok), "{ok} refused");
        }
        for bad in [
            "evil.example",
            "evil.example:7878",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "news.example.evil",
            "[::1",
            "",
            "\u{fffd}",
        ] {
            assert!(!hosts.allows(bad), "{bad} accepted");
        }
    }
}
