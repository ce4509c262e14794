//! Storyline's readers: the I/O edge of ingest.
//!
//! Owns walking the paths a user names, opening files (gzipped or not), telling
//! their format from the name, and splitting them into [`RawDocument`]s: one per
//! `.txt` or `.html` file, one per JSON Lines record, one per WARC response
//! record holding HTML. Every failure is an [`IngestError`] naming the file (and
//! line or record) and the reason; a failure never stops the other documents.

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use storyline_model::{RawDocument, SourceFormat, StatedMeta};

/// Largest file or decompressed stream read whole (`.txt`, `.html`); larger
/// ones are refused with an error rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A document or file that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{locator}: {reason}")]
pub struct IngestError {
    /// The file path, with `:N` for a JSON Lines line or `#record=N` for a WARC record.
    pub locator: String,
    pub reason: String,
}

impl IngestError {
    fn new(locator: impl Into<String>, reason: impl Into<String>) -> Self {
        IngestError {
            locator: locator.into(),
            reason: reason.into(),
        }
    }
}

/// The container format of a file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Html,
    JsonLines,
    Warc,
}

impl FileKind {
    /// The kind of a file from its name (a trailing `.gz` is looked through).
    pub fn of(path: &Path) -> Option<(FileKind, bool)> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let (name, gz) = match name.strip_suffix(".gz") {
            Some(inner) => (inner.to_string(), true),
            None => (name, false),
        };
        let ext = name.rsplit_once('.')?.1;
        let kind = match ext {
            "txt" | "text" => FileKind::Text,
            "html" | "htm" | "xhtml" => FileKind::Html,
            "jsonl" | "ndjson" => FileKind::JsonLines,
            "warc" => FileKind::Warc,
            _ => return None,
        };
        Some((kind, gz))
    }
}

/// Expands the given paths into the files to read, sorted, in a stable order.
/// Directories are walked recursively and files of unknown kinds inside them
/// skipped; a named file of unknown kind or a missing path is an error.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => errors.push(IngestError::new(shown, format!("cannot read: {e}"))),
            Ok(m) if m.is_dir() => {
                let mut found: Vec<PathBuf> = Vec::new();
                for entry in walkdir::WalkDir::new(path).follow_links(true) {
                    match entry {
                        Ok(e) if e.file_type().is_file() && FileKind::of(e.path()).is_some() => {
                            found.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let at = e
                                .path()
                                .map(|p| p.display().to_string())
                                .unwrap_or_else(|| shown.clone());
                            errors.push(IngestError::new(at, format!("cannot read: {e}")));
                        }
                    }
                }
                found.sort();
                files.extend(found);
            }
            Ok(_) => {
                if FileKind::of(path).is_some() {
                    files.push(path.clone());
                } else {
                    errors.push(IngestError::new(
                        shown,
                        "unknown file kind: expected .txt, .html, .htm, .jsonl, .warc (optionally .gz)",
                    ));
                }
            }
        }
    }
    (files, errors)
}

fn sha256_hex(bytes: &[u8]) -> String {
    storyline_pipeline::article::hex(&Sha256::digest(bytes))
}

/// Opens a file, through a gzip decoder when its name ends in `.gz`.
fn open(path: &Path, gz: bool) -> std::io::Result<Box<dyn BufRead>> {
    let file = File::open(path)?;
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(BufReader::new(file)),
        ))
    } else {
        Box::new(BufReader::with_capacity(256 * 1024, file))
    })
}

/// Reads a whole (decompressed) file, refusing one larger than [`MAX_FILE_BYTES`].
fn read_whole(path: &Path, gz: bool) -> Result<Vec<u8>, String> {
    let reader = open(path, gz).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(e, gz))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file too large: over {} MiB",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

fn describe_io(e: std::io::Error, gz: bool) -> String {
    if gz
        && matches!(
            e.kind(),
            std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::InvalidInput
                | std::io::ErrorKind::InvalidData
        )
    {
        format!("truncated or corrupt gzip stream: {e}")
    } else {
        format!("read failed: {e}")
    }
}

/// Reads one file into documents, calling `each` for every document or error
/// in file order. Streaming: a JSON Lines or WARC file is never held whole.
pub fn read_file(path: &Path, each: &mut dyn FnMut(Result<RawDocument, IngestError>)) {
    let shown = path.display().to_string();
    let Some((kind, gz)) = FileKind::of(path) else {
        each(Err(IngestError::new(shown, "unknown file kind")));
        return;
    };
    match kind {
        FileKind::Text | FileKind::Html => {
            let format = if kind == FileKind::Html {
                SourceFormat::Html
            } else {
                SourceFormat::Text
            };
            each(
                read_whole(path, gz)
                    .map(|bytes| RawDocument {
                        locator: shown.clone(),
                        format,
                        raw_sha256: sha256_hex(&bytes),
                        body: bytes,
                        declared_charset: None,
                        meta: StatedMeta::default(),
                    })
                    .map_err(|reason| IngestError::new(shown.clone(), reason)),
            );
        }
        FileKind::JsonLines => match open(path, gz) {
            Ok(reader) => read_jsonl(&shown, reader, gz, each),
            Err(e) => each(Err(IngestError::new(shown, format!("cannot read: {e}")))),
        },
        FileKind::Warc => match open(path, gz) {
            Ok(reader) => warc::read_warc(&shown, reader, each),
            Err(e) => each(Err(IngestError::new(shown, format!("cannot read: {e}")))),
        },
    }
}

pub mod annotate;
pub mod driver;
pub mod events;
mod jsonl;
mod warc;
#[cfg(feature = "postgres")]
pub mod worker;

pub use driver::{ingest_paths, IngestReport, Progress, Quiet};
pub use events::{
    entity_events, events_mentioning, events_mentioning_in_index, events_mentioning_within,
    find_entity, find_entity_within, rebuild_events, select_events, story_events, update_events,
    update_events_in, EntityLookup, EventsReport, Selection,
};
use jsonl::read_jsonl;
