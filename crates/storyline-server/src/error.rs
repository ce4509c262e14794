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
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("missing or wrong bearer token: send `Authorization: Bearer <token>`")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("request body too large: the limit is {0} bytes")]
    PayloadTooLarge(usize),
    #[error("{0}")]
    Conflict(String),
    #[error("this server does not answer to the host `{0}`: use its address, `localhost`, or a name given with `serve --allow-host`")]
    MisdirectedHost(String),
    #[error("the URL is too long: the limit is {0} bytes")]
    UriTooLong(usize),
    /// The request's budget ran out (its deadline passed) before it finished.
    #[error("the request did not finish within its {0} ms budget; ask for less (a narrower query, a smaller page)")]
    DeadlineExceeded(u128),
    /// Too many expensive requests are running; try again shortly.
    #[error("the server is busy with {0} expensive requests; try again in a moment")]
    Busy(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("server runtime: {0}")]
    Runtime(std::io::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The `Retry-After` of a 503 (busy, or over its deadline), in seconds.
pub const RETRY_AFTER_SECONDS: &str = "1";

/// The JSON body of every error response.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

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
