//! The one error shape of the server. JSON endpoints answer
//! `{"error": {"status": 404, "code": "not_found", "message": "..."}}` with the
//! matching HTTP status; pages render the same message as HTML.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use storyline_store::StoreError;
use utoipa::ToSchema;

/// Errors of the server crate.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// No such article, event, entity or page (404).
    #[error("{0}")]
    NotFound(String),
    /// A parameter or query the server cannot use (400).
    #[error("{0}")]
    BadRequest(String),
    /// A write without the bearer token the server was started with (401).
    #[error("missing or wrong bearer token: send `Authorization: Bearer <token>`")]
    Unauthorized,
    /// A write the server does not allow (403).
    #[error("{0}")]
    Forbidden(String),
    /// An upload over the body limit (413).
    #[error("request body too large: the limit is {0} bytes")]
    PayloadTooLarge(usize),
    /// Another upload is running (409).
    #[error("{0}")]
    Conflict(String),
    /// A Host header this server is not known by (421).
    #[error("this server does not answer to the host `{0}`: use its address, `localhost`, or a name given with `serve --allow-host`")]
    MisdirectedHost(String),
    /// A request line over the URL limit (414).
    #[error("the URL is too long: the limit is {0} bytes")]
    UriTooLong(usize),
    /// The request's budget ran out (its deadline passed) before it finished.
    #[error("the request did not finish within its {0} ms budget; ask for less (a narrower query, a smaller page)")]
    DeadlineExceeded(u128),
    /// Too many expensive requests are running; try again shortly.
    #[error("the server is busy with {0} expensive requests; try again in a moment")]
    Busy(usize),
    /// The store failed (or refused a query: then 400).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// Why binding failed.
        source: std::io::Error,
    },
    /// The async runtime could not start.
    #[error("server runtime: {0}")]
    Runtime(std::io::Error),
    /// A bug or a task that died (500).
    #[error("internal error: {0}")]
    Internal(String),
}

/// The `Retry-After` of a 503 (busy, or over its deadline), in seconds.
pub const RETRY_AFTER_SECONDS: &str = "1";

/// The JSON body of every error response.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The status, a stable code and a message for a person.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status code, repeated.
    pub status: u16,
    /// A stable machine-readable code: `not_found`, `bad_request`,
    /// `unauthorized`, `forbidden`, `payload_too_large`, `conflict`,
    /// `misdirected_request` (a Host this server is not known by),
    /// `uri_too_long`, `header_fields_too_large`, `deadline_exceeded`,
    /// `busy`, `internal`.
    pub code: String,
    /// What went wrong, for a person.
    pub message: String,
}

impl ServerError {
    /// The HTTP status the error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::Unauthorized => StatusCode::UNAUTHORIZED,
            ServerError::Forbidden(_) => StatusCode::FORBIDDEN,
            ServerError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::Conflict(_) => StatusCode::CONFLICT,
            ServerError::MisdirectedHost(_) => StatusCode::MISDIRECTED_REQUEST,
            ServerError::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            ServerError::DeadlineExceeded(_)
            | ServerError::Busy(_)
            | ServerError::Store(StoreError::OverBudget(_)) => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Store(StoreError::Query(_) | StoreError::AmbiguousId(_)) => {
                StatusCode::BAD_REQUEST
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code of [`ErrorDetail::code`].
    pub fn code(&self) -> &'static str {
        if matches!(self, ServerError::Busy(_)) {
            return "busy";
        }
        match self.status() {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::BAD_REQUEST => "bad_request",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::CONFLICT => "conflict",
            StatusCode::MISDIRECTED_REQUEST => "misdirected_request",
            StatusCode::URI_TOO_LONG => "uri_too_long",
            StatusCode::SERVICE_UNAVAILABLE => "deadline_exceeded",
            _ => "internal",
        }
    }

    /// The JSON body of the response.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                status: self.status().as_u16(),
                code: self.code().to_string(),
                message: self.to_string(),
            },
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let mut res = (self.status(), Json(self.body())).into_response();
        if matches!(self, ServerError::Unauthorized) {
            res.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        if self.status() == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
        }
        res
    }
}
