//! WARC reader: response records that hold HTML become documents, with the
//! record's target URI as URL and the HTTP charset as declared encoding.
//! Parsing of the WARC container itself is the `warc` crate's.

use crate::{sha256_hex, IngestError};
use std::io::BufRead;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};
use warc::{RecordType, WarcHeader, WarcReader};

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

pub(crate) fn read_warc(
    file: &str,
    reader: Box<dyn BufRead>,
    each: &mut dyn FnMut(Result<RawDocument, IngestError>),
) {
    for (index, record) in WarcReader::new(reader).iter_records().enumerate() {
        let n = index + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let reason = match &e {
                    warc::Error::ReadData(io) => format!("truncated or corrupt WARC stream: {io}"),
                    other => format!("malformed WARC record: {other}"),
                };
                each(Err(IngestError::new(format!("{file}#record={n}"), reason)));
                return;
            }
        };
        if *record.warc_type() != RecordType::Response {
            continue;
        }
        let Some((content_type, body)) = http_payload(record.body()) else {
            continue;
        };
        let is_html = content_type
            .as_deref()
            .map(|c| c.to_ascii_lowercase().contains("html"))
            .unwrap_or(true);
        if !is_html || body.is_empty() {
            continue;
        }
        each(Ok(RawDocument {
            locator: format!("{file}#record={n}"),
            format: SourceFormat::Html,
            body: body.to_vec(),
            declared_charset: content_type.as_deref().and_then(charset_of),
            raw_sha256: sha256_hex(record.body()),
            meta: StatedMeta {
                url: record.header(WarcHeader::TargetURI).map(|u| u.to_string()),
                ..StatedMeta::default()
            },
        }));
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
