//! Storyline's readers: the I/O edge of ingest.
//!
//! Owns walking the paths a user names, opening files (gzipped or not), telling
//! their format from the name, and splitting them into [`RawDocument`]s: one per
//! `.txt` or `.html` file, one per JSON Lines record, one per WARC response
//! record holding HTML, one per feed item carrying its story (see
//! [`feeds`]). Every failure is an [`IngestError`] naming the file (and
//! line or record) and the reason; a failure never stops the other documents.
#![warn(missing_docs)]

use flate2::bufread::MultiGzDecoder;
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use storyline_model::{FeedStub, RawDocument, SourceFormat, StatedMeta};

const MIB: u64 = 1024 * 1024;

/// How much one input may make the readers decompress or hold. Whatever a
/// file holds, a reader keeps at most one record of `max_record_bytes` in
/// memory, and stops a gzip stream that inflates past `max_file_bytes` or
/// faster than `max_gzip_ratio`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest document: a `.txt` or `.html` file, one JSON Lines line, one
    /// WARC record (decompressed). A longer line or record is skipped with
    /// an error naming it, read past in small chunks; the file goes on.
    pub max_record_bytes: u64,
    /// Most bytes one gzipped file may decompress to; the rest of the file
    /// is refused with an error naming it.
    pub max_file_bytes: u64,
    /// Most decompressed bytes per compressed byte of a gzip stream, checked
    /// once it has produced [`ReadLimits::ratio_check_after`] bytes: a
    /// decompression bomb (zeros, one repeated letter) inflates about a
    /// thousandfold, news HTML five- to twentyfold.
    pub max_gzip_ratio: u64,
    /// Decompressed bytes after which the ratio is checked (small files may
    /// compress well without harm).
    pub ratio_check_after: u64,
}

impl ReadLimits {
    /// Default [`ReadLimits::max_record_bytes`]: 64 MiB (a `.txt` or
    /// `.html` file is read whole up to this).
    pub const MAX_RECORD_BYTES: u64 = 64 * MIB;
    /// Default [`ReadLimits::max_file_bytes`]: 16 GiB. Readers stream, so
    /// this bounds time, not memory: a crawl's `.warc.gz` (a gigabyte
    /// compressed, five or more decompressed) must pass, and a bomb is
    /// caught by the ratio long before.
    pub const MAX_FILE_BYTES: u64 = 16 * 1024 * MIB;
    /// [`ReadLimits::max_file_bytes`] of uploads to the server: 256 MiB,
    /// four times the largest body it accepts by default.
    pub const UPLOAD_FILE_BYTES: u64 = 256 * MIB;
    /// Default [`ReadLimits::max_gzip_ratio`]: 200.
    pub const MAX_GZIP_RATIO: u64 = 200;
    /// Default [`ReadLimits::ratio_check_after`]: 8 MiB.
    pub const RATIO_CHECK_AFTER: u64 = 8 * MIB;

    /// The limits of files uploaded to the server.
    pub fn for_uploads() -> Self {
        ReadLimits {
            max_file_bytes: Self::UPLOAD_FILE_BYTES,
            ..ReadLimits::default()
        }
    }
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_record_bytes: Self::MAX_RECORD_BYTES,
            max_file_bytes: Self::MAX_FILE_BYTES,
            max_gzip_ratio: Self::MAX_GZIP_RATIO,
            ratio_check_after: Self::RATIO_CHECK_AFTER,
        }
    }
}

/// A size for messages: whole MiB, or KiB below 1 MiB.
fn size(bytes: u64) -> String {
    if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// A document or file that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{locator}: {reason}")]
pub struct IngestError {
    /// The file path, with `:N` for a JSON Lines line or `#record=N` for a WARC record.
    pub locator: String,
    /// What went wrong, in words a user can act on.
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
    /// `.txt`: already-scraped text, one document.
    Text,
    /// `.html`, `.htm`: a raw page, one document.
    Html,
    /// `.jsonl`: one document per line.
    JsonLines,
    /// `.warc`: one document per HTML response record.
    Warc,
    /// An RSS, Atom or JSON Feed file, or a news sitemap (`.rss`, `.atom`,
    /// `.xml`, `feed.json`).
    Feed,
}

impl FileKind {
    /// The kind of a file from its name (a trailing `.gz` is looked through).
    /// Only the extension has to be ASCII: a name that is not valid UTF-8
    /// is read like any other.
    pub fn of(path: &Path) -> Option<(FileKind, bool)> {
        let name = path.file_name()?.as_encoded_bytes().to_ascii_lowercase();
        let (name, gz) = match name.strip_suffix(b".gz") {
            Some(inner) => (inner, true),
            None => (&name[..], false),
        };
        let dot = name.iter().rposition(|&c| c == b'.')?;
        let kind = match &name[dot + 1..] {
            b"txt" | b"text" => FileKind::Text,
            b"html" | b"htm" | b"xhtml" => FileKind::Html,
            b"jsonl" | b"ndjson" => FileKind::JsonLines,
            b"warc" => FileKind::Warc,
            b"rss" | b"atom" | b"xml" => FileKind::Feed,
            b"json" if name.ends_with(b"feed.json") => FileKind::Feed,
            _ => return None,
        };
        Some((kind, gz))
    }
}

/// What [`discover_all`] found under the paths given.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The files to read, sorted, in a stable order.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read, and named files of unknown kinds.
    pub errors: Vec<IngestError>,
    /// Files inside the folders walked that are of no kind storyline reads
    /// (a README, an image), left alone.
    pub skipped: Vec<PathBuf>,
}

/// Expands the given paths into the files to read, sorted, in a stable order.
/// Directories are walked recursively and files of unknown kinds inside them
/// skipped; a named file of unknown kind or a missing path is an error.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let found = discover_all(paths);
    (found.files, found.errors)
}

/// [`discover`], also listing the files of unknown kinds it skipped.
pub fn discover_all(paths: &[PathBuf]) -> Discovered {
    let mut out = Discovered::default();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => out
                .errors
                .push(IngestError::new(shown, format!("cannot read: {e}"))),
            Ok(m) if m.is_dir() => {
                let mut found: Vec<PathBuf> = Vec::new();
                for entry in walkdir::WalkDir::new(path).follow_links(true) {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            if FileKind::of(e.path()).is_some() {
                                found.push(e.into_path())
                            } else {
                                out.skipped.push(e.into_path())
                            }
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let at = e
                                .path()
                                .map(|p| p.display().to_string())
                                .unwrap_or_else(|| shown.clone());
                            out.errors
                                .push(IngestError::new(at, format!("cannot read: {e}")));
                        }
                    }
                }
                found.sort();
                out.files.extend(found);
            }
            Ok(_) => {
                if FileKind::of(path).is_some() {
                    out.files.push(path.clone());
                } else {
                    out.errors.push(IngestError::new(
                        shown,
                        "unknown file kind: expected .txt, .html, .htm, .jsonl, .warc, .rss, .atom, .xml, feed.json (optionally .gz)",
                    ));
                }
            }
        }
    }
    out.skipped.sort();
    out
}

fn sha256_hex(bytes: &[u8]) -> String {
    storyline_pipeline::article::hex(&Sha256::digest(bytes))
}

/// A read of a gzip stream stopped by [`ReadLimits`]; carried inside an
/// `io::Error` to the reader that reports it.
#[derive(Debug)]
struct InflateLimit(String);

impl std::fmt::Display for InflateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InflateLimit {}

/// Counts the bytes read from the compressed file.
struct CountingReader<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A gzip decoder that fails once its output passes
/// [`ReadLimits::max_file_bytes`], or outgrows its input by more than
/// [`ReadLimits::max_gzip_ratio`].
struct BoundedInflate<R> {
    decoder: MultiGzDecoder<BufReader<CountingReader<R>>>,
    compressed: Rc<Cell<u64>>,
    inflated: u64,
    limits: ReadLimits,
}

impl<R: Read> BoundedInflate<R> {
    fn new(inner: R, limits: ReadLimits) -> Self {
        let compressed = Rc::new(Cell::new(0));
        BoundedInflate {
            decoder: MultiGzDecoder::new(BufReader::new(CountingReader {
                inner,
                count: Rc::clone(&compressed),
            })),
            compressed,
            inflated: 0,
            limits,
        }
    }
}

impl<R: Read> Read for BoundedInflate<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.decoder.read(buf)?;
        self.inflated += n as u64;
        let limits = &self.limits;
        let refuse = |reason: String| Err(std::io::Error::other(InflateLimit(reason)));
        if self.inflated > limits.max_file_bytes {
            return refuse(format!(
                "decompresses to over {}, the limit per file (--max-file-mib)",
                size(limits.max_file_bytes)
            ));
        }
        let compressed = self.compressed.get().max(1);
        if self.inflated >= limits.ratio_check_after
            && self.inflated / compressed > limits.max_gzip_ratio
        {
            return refuse(format!(
                "looks like a decompression bomb: {} from {} of gzip (over {}x)",
                size(self.inflated),
                size(compressed),
                limits.max_gzip_ratio
            ));
        }
        Ok(n)
    }
}

/// Opens a file, through a bounded gzip decoder when its name ends in `.gz`.
fn open(path: &Path, gz: bool, limits: ReadLimits) -> std::io::Result<Box<dyn BufRead>> {
    let file = File::open(path)?;
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            BoundedInflate::new(file, limits),
        ))
    } else {
        Box::new(BufReader::with_capacity(256 * 1024, file))
    })
}

/// Reads a whole (decompressed) file, refusing one larger than
/// [`ReadLimits::max_record_bytes`].
fn read_whole(path: &Path, gz: bool, limits: ReadLimits) -> Result<Vec<u8>, String> {
    let reader = open(path, gz, limits).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    reader
        .take(limits.max_record_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(e, gz))?;
    if bytes.len() as u64 > limits.max_record_bytes {
        return Err(format!(
            "file too large: over {} (--max-record-mib)",
            size(limits.max_record_bytes)
        ));
    }
    Ok(bytes)
}

fn describe_io(e: std::io::Error, gz: bool) -> String {
    if let Some(limit) = e.get_ref().and_then(|i| i.downcast_ref::<InflateLimit>()) {
        return limit.to_string();
    }
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

/// Reads one file into documents with the default [`ReadLimits`]; see
/// [`read_file_with`].
pub fn read_file(
    path: &Path,
    each: &mut dyn FnMut(Result<RawDocument, IngestError>),
) -> Vec<FeedStub> {
    read_file_with(path, ReadLimits::default(), each)
}

/// Reads one file into documents, calling `each` for every document or error
/// in file order. Streaming: a JSON Lines or WARC file is never held whole,
/// and no more than one record of `limits.max_record_bytes` is. A file that
/// yields nothing (an empty JSON Lines file, a WARC without records) is an
/// error. Returns a feed's items that only link to their page (none for
/// other kinds), read after its documents.
pub fn read_file_with(
    path: &Path,
    limits: ReadLimits,
    each: &mut dyn FnMut(Result<RawDocument, IngestError>),
) -> Vec<FeedStub> {
    let shown = path.display().to_string();
    let Some((kind, gz)) = FileKind::of(path) else {
        each(Err(IngestError::new(shown, "unknown file kind")));
        return Vec::new();
    };
    match kind {
        FileKind::Text | FileKind::Html => {
            let format = if kind == FileKind::Html {
                SourceFormat::Html
            } else {
                SourceFormat::Text
            };
            each(
                read_whole(path, gz, limits)
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
        FileKind::JsonLines => match open(path, gz, limits) {
            Ok(reader) => read_jsonl(&shown, reader, gz, limits, each),
            Err(e) => each(Err(IngestError::new(shown, format!("cannot read: {e}")))),
        },
        FileKind::Warc => match open(path, gz, limits) {
            Ok(reader) => warc::read_warc(&shown, reader, gz, limits, each),
            Err(e) => each(Err(IngestError::new(shown, format!("cannot read: {e}")))),
        },
        FileKind::Feed => match read_feed_file(path, limits) {
            Ok(items) => {
                items.documents.into_iter().for_each(|d| each(Ok(d)));
                items.errors.into_iter().for_each(|e| each(Err(e)));
                return items.stubs;
            }
            Err(e) => each(Err(e)),
        },
    }
    Vec::new()
}

/// Reads a feed or news sitemap file (gzipped or not) whole, within
/// [`ReadLimits::max_record_bytes`]: its documents, its stubs and the items
/// that failed.
pub fn read_feed_file(path: &Path, limits: ReadLimits) -> Result<FeedItems, IngestError> {
    let shown = path.display().to_string();
    let gz = FileKind::of(path).is_some_and(|(_, gz)| gz);
    let bytes = read_whole(path, gz, limits).map_err(|r| IngestError::new(shown.clone(), r))?;
    feeds::read_feed(&shown, &bytes).map_err(|r| IngestError::new(shown, r))
}

pub mod annotate;
pub mod dossier;
pub mod driver;
pub mod events;
pub mod feeds;
pub mod guard;
mod jsonl;
pub mod listing;
pub mod stubs;
mod warc;
pub mod watches;
#[cfg(feature = "postgres")]
pub mod worker;

pub use driver::{ingest_paths, ingest_paths_with, IngestReport, Progress, Quiet};
pub use events::{
    entity_events, entity_events_latest, entity_events_scoped, events_mentioning,
    events_mentioning_in_index, events_mentioning_within, find_entity, find_entity_head,
    find_entity_within, is_salient_in, rebuild_events, select_events, select_events_scoped,
    story_events, update_events, update_events_in, EntityLookup, EventsReport, Mentions, Selection,
};
pub use feeds::FeedItems;
use jsonl::read_jsonl;
