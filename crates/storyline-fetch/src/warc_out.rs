//! WARC writer: each fetched page as one gzipped WARC/1.0 response record
//! (one gzip member per record, as crawlers write them), so that `ingest`
//! reads the fetcher's output like any crawl.

use crate::FetchError;
use flate2::write::GzEncoder;
use flate2::Compression;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// An open `.warc.gz` file, created on the first record.
pub struct WarcFile {
    path: PathBuf,
    out: Option<BufWriter<File>>,
    records: u64,
}

impl WarcFile {
    /// A WARC file to be created at `path` when a record is first written.
    pub fn new(path: PathBuf) -> Self {
        WarcFile {
            path,
            out: None,
            records: 0,
        }
    }

    /// Where the file is (or will be).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records written.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Appends a response record for `uri`: `http_head` is the status line
    /// and headers (ending in a blank line), `body` the payload.
    pub fn write_response(
        &mut self,
        uri: &str,
        date: &str,
        http_head: &str,
        body: &[u8],
    ) -> Result<(), FetchError> {
        let path = self.path.clone();
        let io = |source| FetchError::Io {
            path: path.clone(),
            source,
        };
        if self.out.is_none() {
            if let Some(parent) = self.path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            self.out = Some(BufWriter::new(File::create(&self.path).map_err(io)?));
        }
        let length = http_head.len() + body.len();
        let id = Sha256::digest(format!("{uri}\0{date}\0{}", self.records).as_bytes());
        let h = |r: std::ops::Range<usize>| {
            id[r].iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        let header = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{}-{}-{}-{}-{}>\r\n\
             WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n",
            h(0..4),
            h(4..6),
            h(6..8),
            h(8..10),
            h(10..16)
        );
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        let member = gz
            .write_all(header.as_bytes())
            .and_then(|_| gz.write_all(http_head.as_bytes()))
            .and_then(|_| gz.write_all(body))
            .and_then(|_| gz.write_all(b"\r\n\r\n"))
            .and_then(|_| gz.finish());
        let member = member.map_err(io)?;
        let out = self.out.as_mut().expect("opened above");
        out.write_all(&member)
            .and_then(|_| out.flush())
            .map_err(io)?;
        self.records += 1;
        Ok(())
    }
}
