//! WARC reader: response records that hold HTML become documents, with the
//! record's target URI as URL and the HTTP charset as declared encoding.
//! The container is read here rather than by the `warc` crate, which reads
//! a header line or a record body whole, however long, before any check:
//! each header is read within [`MAX_HEADER_BYTES`] and each record body
//! within [`crate::ReadLimits::max_record_bytes`].

use crate::{sha256_hex, IngestError};
use std::io::{BufRead, Read};
use storyline_model::{RawDocument, SourceFormat, StatedMeta};

/// Splits an HTTP response into its content type and body. `None` when the
/// response is not a 2xx.
fn http_payload(bytes: &[u8]) -> Option<(Option<String>, &[u8])> {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            bytes
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        })?;
    let head = String::from_utf8_lossy(&bytes[..split.0]);
    let mut lines = head.lines();
    let status = lines.next()?;
    let code = status.split_whitespace().nth(1)?;
    if !code.starts_with('2') {
        return None;
    }
    let content_type = lines.find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-type")
            .then(|| v.trim().to_string())
    });
    Some((content_type, &bytes[split.1..]))
}

fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|part| {
        let (k, v) = part.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The reason given for a stream that ends inside a record.
const CUT: &str = "truncated or corrupt WARC stream: the file ends inside a record";

/// Most bytes of one record's header block (the version line and the
/// named fields before the blank line).
const MAX_HEADER_BYTES: u64 = 1024 * 1024;

/// One line of a header block, its line ending stripped; `None` at the end
/// of the stream. A line is read at most `*budget` bytes far: a stream with
/// no line breaks (random bytes) fails without being read whole.
fn header_line(reader: &mut dyn BufRead, budget: &mut u64) -> Result<Option<Vec<u8>>, ReadFail> {
    let mut line = Vec::new();
    let n = reader
        .take(*budget + 1)
        .read_until(b'\n', &mut line)
        .map_err(ReadFail::Io)?;
    if n == 0 {
        return Ok(None);
    }
    if n as u64 > *budget {
        return Err(ReadFail::Format(format!(
            "malformed WARC record: header over {} KiB",
            MAX_HEADER_BYTES / 1024
        )));
    }
    *budget -= n as u64;
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(Some(line))
}

/// Why a WARC stream could not be read on: the stream failed, or its bytes
/// are no WARC record. Either ends the file.
enum ReadFail {
    Io(std::io::Error),
    Format(String),
}

/// One record's header: its type, target URI and block length.
struct RecordHeader {
    warc_type: String,
    target_uri: Option<String>,
    content_length: u64,
}

/// Whether reading (or skipping) a record's block took all its `length`
/// bytes: a short read means the stream ends inside the record.
fn whole_block(read: std::io::Result<u64>, length: u64) -> Result<(), ReadFail> {
    match read {
        Ok(got) if got == length => Ok(()),
        Ok(_) => Err(ReadFail::Format(CUT.into())),
        Err(e) => Err(ReadFail::Io(e)),
    }
}

/// Reads the next record's header, skipping the blank lines that end the
/// record before it; `None` at the end of the stream.
fn record_header(reader: &mut dyn BufRead) -> Result<Option<RecordHeader>, ReadFail> {
    let mut budget = MAX_HEADER_BYTES;
    let version = loop {
        match header_line(reader, &mut budget)? {
            None => return Ok(None),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    if !version.starts_with(b"WARC/") {
        return Err(ReadFail::Format(
            "not a WARC record: expected a `WARC/1.x` version line".into(),
        ));
    }
    let (mut warc_type, mut target_uri, mut length) = (String::new(), None, None);
    loop {
        let Some(line) = header_line(reader, &mut budget)? else {
            return Err(ReadFail::Format(CUT.into()));
        };
        if line.is_empty() {
            break;
        }
        let line = String::from_utf8_lossy(&line);
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadFail::Format(format!(
                "malformed WARC record: header line without a colon: {:?}",
                line.chars().take(80).collect::<String>()
            )));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => warc_type = value.to_ascii_lowercase(),
            "warc-target-uri" => target_uri = Some(value.to_string()),
            "content-length" => length = value.parse::<u64>().ok(),
            _ => {}
        }
    }
    let Some(length) = length else {
        return Err(ReadFail::Format(
            "malformed WARC record: no valid Content-Length".into(),
        ));
    };
    Ok(Some(RecordHeader {
        warc_type,
        target_uri,
        content_length: length,
    }))
}

/// Reads every record of a WARC stream. A record over the record limit is
/// an error for that record and is read past in chunks; a stream that is
/// not WARC, fails, or ends inside a record ends the file with an error,
/// and so does a file without a single response record holding HTML.
pub(crate) fn read_warc(
    file: &str,
    mut reader: Box<dyn BufRead>,
    gz: bool,
    limits: crate::ReadLimits,
    each: &mut dyn FnMut(Result<RawDocument, IngestError>),
) {
    let mut records = 0u64;
    let mut documents = 0u64;
    let mut failed = 0u64;
    let at = |n: u64| format!("{file}#record={n}");
    let fail = |n: u64, e: ReadFail| {
        let reason = match e {
            ReadFail::Io(e) => crate::describe_io(e, gz),
            ReadFail::Format(reason) => reason,
        };
        Err(IngestError::new(at(n), reason))
    };
    loop {
        let n = records + 1;
        let header = match record_header(&mut *reader) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(e) => {
                each(fail(n, e));
                return;
            }
        };
        records = n;
        let is_response = header.warc_type == "response";
        if !is_response || header.content_length > limits.max_record_bytes {
            // Read past the block in chunks: other record types are not
            // read, and a response over the limit is reported.
            if is_response {
                failed += 1;
                each(Err(IngestError::new(
                    at(n),
                    format!(
                        "record too large: {}, over {}, skipped (--max-record-mib)",
                        crate::size(header.content_length),
                        crate::size(limits.max_record_bytes)
                    ),
                )));
            }
            let skipped = std::io::copy(
                &mut (&mut *reader).take(header.content_length),
                &mut std::io::sink(),
            );
            if let Err(e) = whole_block(skipped, header.content_length) {
                each(fail(n, e));
                return;
            }
            continue;
        }
        let mut block = Vec::new();
        let got = (&mut *reader)
            .take(header.content_length)
            .read_to_end(&mut block)
            .map(|got| got as u64);
        if let Err(e) = whole_block(got, header.content_length) {
            each(fail(n, e));
            return;
        }
        let Some((content_type, body)) = http_payload(&block) else {
            continue;
        };
        let is_html = content_type
            .as_deref()
            .map(|c| c.to_ascii_lowercase().contains("html"))
            .unwrap_or(true);
        if !is_html || body.is_empty() {
            continue;
        }
        documents += 1;
        each(Ok(RawDocument {
            locator: at(n),
            format: SourceFormat::Html,
            body: body.to_vec(),
            declared_charset: content_type.as_deref().and_then(charset_of),
            raw_sha256: sha256_hex(&block),
            meta: StatedMeta {
                url: header.target_uri,
                ..StatedMeta::default()
            },
        }));
    }
    if records == 0 {
        each(Err(IngestError::new(
            file,
            "no WARC records: the file is empty",
        )));
    } else if documents == 0 && failed == 0 {
        each(Err(IngestError::new(
            file,
            format!("no response record holding HTML among its {records} WARC records"),
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_payload_and_charset() {
        let resp =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1256\r\n\r\n<p>x</p>";
        let (ct, body) = http_payload(resp).unwrap();
        assert_eq!(body, b"<p>x</p>");
        assert_eq!(charset_of(&ct.unwrap()).as_deref(), Some("windows-1256"));
        assert!(http_payload(b"HTTP/1.1 404 Not Found\r\n\r\nx").is_none());
    }
}
