//! `POST /api/ingest`: the authorised upload of files to ingest, staged
//! under the data directory and handed to the ingest pipeline.

use crate::error::{ErrorBody, ServerError};
use crate::state::{blocking, AppState};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use storyline_store::{DataDir, StoreError};
use utoipa::ToSchema;

/// A file, record or document an ingest could not use.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IngestFailure {
    /// The uploaded file's name, with `:N` for a JSON Lines line.
    pub locator: String,
    pub reason: String,
}

/// What an ingest did.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IngestResponse {
    pub files: u64,
    pub read: u64,
    pub new: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub failures: Vec<IngestFailure>,
}

/// Compares in time independent of where the strings differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The answers of a write refused for its bearer token (see [`authorize`]),
/// as the OpenAPI document lists them; never built, only described.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum TokenRefused {
    /// Missing or wrong token
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// Server is read-only (no token configured)
    #[response(status = 403)]
    ReadOnly(ErrorBody),
}

/// Checks the bearer token before anything of the body is read.
pub(crate) fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ServerError> {
    let Some(token) = &state.token else {
        return Err(ServerError::Forbidden(
            "this server is read-only: start it with --token (or STORYLINE_TOKEN) to enable ingest"
                .into(),
        ));
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match sent {
        Some(s) if same_token(s, token) => Ok(()),
        _ => Err(ServerError::Unauthorized),
    }
}

/// Longest upload file name accepted, in bytes (the usual file-system limit).
pub const MAX_UPLOAD_NAME_BYTES: usize = 255;

/// Keeps a safe file name: its last component, with only `[A-Za-z0-9._-]`,
/// numbered, and short enough for any file system (the end, which holds the
/// extensions, is kept). A name over [`MAX_UPLOAD_NAME_BYTES`] is a 400.
fn safe_name(name: &str, n: usize) -> Result<String, ServerError> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    if last.len() > MAX_UPLOAD_NAME_BYTES {
        return Err(ServerError::BadRequest(format!(
            "upload file name is {} bytes long; the limit is {MAX_UPLOAD_NAME_BYTES}",
            last.len()
        )));
    }
    let clean: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    // ASCII only now, so any byte index is a character boundary.
    let clean = &clean[clean.len().saturating_sub(200)..];
    let clean = clean.trim_start_matches('.');
    Ok(if clean.is_empty() {
        format!("upload-{n}.jsonl")
    } else {
        format!("{n:03}-{clean}")
    })
}

/// Uploads are received under `DATA/uploads/` in a directory named so.
const STAGING_PREFIX: &str = ".receiving-";

/// A staging directory older than this was left by a server stopped in the
/// middle of an upload; the next upload removes it.
pub const STALE_STAGING: std::time::Duration = std::time::Duration::from_secs(3600);

fn remove_stale_staging(uploads: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(uploads) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_STAGING);
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn too_large(status: StatusCode, max: usize, message: String) -> ServerError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ServerError::PayloadTooLarge(max)
    } else {
        ServerError::BadRequest(message)
    }
}

/// Ingest articles: `multipart/form-data` with one or more files (any kind
/// `storyline ingest` reads, named by extension: .txt, .html, .jsonl, .warc,
/// optionally .gz), or any other body read as JSON Lines. Needs
/// `Authorization: Bearer <token>`; a server started without a token refuses.
#[utoipa::path(
    post, path = "/api/ingest",
    request_body(content = String, description = "multipart files, or a JSON Lines body", content_type = "application/x-ndjson"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "What was stored", body = IngestResponse),
        (status = 400, description = "Unreadable upload", body = ErrorBody),
        TokenRefused,
        (status = 409, description = "Another process holds the index writer", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
    )
)]
pub async fn ingest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Json<IngestResponse>, ServerError> {
    authorize(&state, &headers)?;
    let max = state.max_body;
    // Uploads are kept under <data>/uploads/, one directory per request, so
    // the `path` each article records points at the bytes it came from. The
    // files are received into a hidden staging directory, removed on any
    // failure, and renamed into place once every file arrived whole.
    let uploads = state.data.join("uploads");
    std::fs::create_dir_all(&uploads)
        .map_err(|e| ServerError::Internal(format!("creating {}: {e}", uploads.display())))?;
    remove_stale_staging(&uploads);
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(&uploads)
        .map_err(|e| ServerError::Internal(format!("upload directory: {e}")))?;
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut names = Vec::new();
    let write = |name: &str, bytes: &[u8]| -> Result<(), ServerError> {
        std::fs::write(staging.path().join(name), bytes)
            .map_err(|e| ServerError::Internal(format!("writing upload: {e}")))
    };
    if is_multipart {
        let mut multipart = Multipart::from_request(req, &state)
            .await
            .map_err(|e| ServerError::BadRequest(e.body_text()))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| too_large(e.status(), max, e.body_text()))?
        {
            let name = safe_name(field.file_name().unwrap_or(""), names.len())?;
            let bytes = field
                .bytes()
                .await
                .map_err(|e| too_large(e.status(), max, e.body_text()))?;
            if storyline_ingest::FileKind::of(std::path::Path::new(&name)).is_none() {
                return Err(ServerError::BadRequest(format!(
                    "unknown file kind `{name}`: expected .txt, .html, .htm, .jsonl, .warc, .rss, .atom, .xml, feed.json (optionally .gz)"
                )));
            }
            write(&name, &bytes)?;
            names.push(name);
        }
    } else {
        let bytes = axum::body::Bytes::from_request(req, &state)
            .await
            .map_err(|e| too_large(e.status(), max, e.body_text()))?;
        write("body.jsonl", &bytes)?;
        names.push("body.jsonl".to_string());
    }
    if names.is_empty() {
        return Err(ServerError::BadRequest("no files in the upload".into()));
    }
    let staged_as = staging.path().file_name().map(|n| n.to_string_lossy());
    let upload = uploads.join(format!(
        "{}-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%S"),
        staged_as
            .as_deref()
            .unwrap_or_default()
            .trim_start_matches(STAGING_PREFIX)
    ));
    std::fs::rename(staging.path(), &upload)
        .map_err(|e| ServerError::Internal(format!("moving the upload into place: {e}")))?;
    // Renamed: nothing is left at the staging path to remove.
    let _ = staging.keep();
    let files: Vec<_> = names.iter().map(|n| upload.join(n)).collect();
    let prefix = format!("{}/", upload.display());
    let report = blocking(&state, move |s| {
        // One upload is ingested at a time; another is refused at once,
        // as a second writer is.
        let _one_at_a_time = match s.ingest_lock.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::WouldBlock) => {
                return Err(ServerError::Conflict(
                    "another upload is being ingested; try again when it is done".into(),
                ))
            }
            Err(std::sync::TryLockError::Poisoned(_)) => {
                return Err(ServerError::Internal("ingest lock poisoned".into()))
            }
        };
        let _index = s
            .index_lock
            .lock()
            .map_err(|_| ServerError::Internal("index lock poisoned".into()))?;
        let mut dir = DataDir::open_at(&s.data, &s.store).map_err(writer_busy)?;
        let report = storyline_ingest::ingest_paths_with(
            &files,
            &mut dir,
            &storyline_pipeline::Settings::default(),
            storyline_ingest::ReadLimits::for_uploads(),
            &storyline_ingest::Quiet,
        )
        .map_err(writer_busy)?;
        // The alerts the upload raised go to their webhooks now, as after a
        // CLI ingest; a failed delivery keeps its state and is retried by a
        // later run.
        if let Err(e) = storyline_fetch::webhook::deliver_due(
            dir.store_mut(),
            chrono::Utc::now(),
            &s.webhooks,
            &|var| std::env::var(var).ok(),
        ) {
            eprintln!("storyline: webhook delivery after an upload: {e}");
        }
        drop(dir);
        s.index.refresh()?;
        Ok(report)
    })
    .await;
    // An upload that stored no new article is not pointed at by any; it
    // is removed like one that failed.
    if !matches!(&report, Ok(r) if r.new > 0) {
        let _ = std::fs::remove_dir_all(&upload);
    }
    let report = report?;
    Ok(Json(IngestResponse {
        files: report.files,
        read: report.read,
        new: report.new,
        unchanged: report.unchanged,
        failed: report.failed,
        failures: report
            .errors
            .into_iter()
            .map(|e| IngestFailure {
                locator: e
                    .locator
                    .strip_prefix(&prefix)
                    .unwrap_or(&e.locator)
                    .to_string(),
                reason: e.reason,
            })
            .collect(),
    }))
}

/// Another process (a `storyline ingest`) holding the index writer is a 409.
fn writer_busy(e: StoreError) -> ServerError {
    match e {
        StoreError::Index(e @ tantivy::TantivyError::LockFailure(..)) => {
            ServerError::Conflict(format!(
                "another process is writing to this data directory ({e}); try again when it is done"
            ))
        }
        StoreError::Busy { pid, .. } => ServerError::Conflict(format!(
            "another process{} is writing to this data directory; try again when it is done",
            pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
        )),
        other => ServerError::Store(other),
    }
}
