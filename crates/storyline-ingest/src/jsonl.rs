//! JSON Lines reader: one article per line, fields `id`, `url`, `source`,
//! `published`, `title`, and `text` or `html`.

use crate::{sha256_hex, IngestError};
use serde_json::Value;
use std::io::BufRead;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};

/// Takes a field out of the record (moved, not copied: bodies are large).
fn field(obj: &mut serde_json::Map<String, Value>, name: &str) -> Option<String> {
    match obj.remove(name)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses one JSON Lines record into a document.
fn parse_record(line: &[u8], file: &str, line_no: usize) -> Result<RawDocument, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err("expected a JSON object".to_string());
    };
    let (text, html) = (field(&mut obj, "text"), field(&mut obj, "html"));
    let (format, body) = match (text, html) {
        (_, Some(html)) if !html.trim().is_empty() => (SourceFormat::Html, html),
        (Some(text), _) => (SourceFormat::Text, text),
        _ => return Err("no `text` or `html` field".to_string()),
    };
    Ok(RawDocument {
        locator: format!("{file}#line={line_no}"),
        format,
        body: body.into_bytes(),
        declared_charset: Some("utf-8".to_string()),
        raw_sha256: sha256_hex(line),
        meta: StatedMeta {
            id: field(&mut obj, "id"),
            url: field(&mut obj, "url"),
            source: field(&mut obj, "source"),
            published: field(&mut obj, "published"),
            title: field(&mut obj, "title"),
        },
    })
}

/// Reads every line of a JSON Lines stream. Blank lines are skipped; a bad
/// line is an error for that line only; a read failure (a truncated gzip)
/// ends the file with an error.
pub(crate) fn read_jsonl(
    file: &str,
    mut reader: Box<dyn BufRead>,
    gz: bool,
    each: &mut dyn FnMut(Result<RawDocument, IngestError>),
) {
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        line_no += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {
                let line = buf.trim_ascii();
                if line.is_empty() {
                    continue;
                }
                each(
                    parse_record(line, file, line_no)
                        .map_err(|reason| IngestError::new(format!("{file}:{line_no}"), reason)),
                );
            }
            Err(e) => {
                each(Err(IngestError::new(
                    format!("{file}:{line_no}"),
                    crate::describe_io(e, gz),
                )));
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_field_wins_and_numbers_are_ids() {
        let d = parse_record(
            br#"{"id": 7, "html": "<p>x</p>", "text": "x", "published": "2011-01-25"}"#,
            "f.jsonl",
            3,
        )
        .unwrap();
        assert_eq!(d.format, SourceFormat::Html);
        assert_eq!(d.meta.id.as_deref(), Some("7"));
        assert_eq!(d.locator, "f.jsonl#line=3");
    }

    #[test]
    fn bad_records_say_why() {
        assert_eq!(
            parse_record(br#"{"title": "t"}"#, "f", 1).unwrap_err(),
            "no `text` or `html` field"
        );
        assert!(parse_record(b"{not json", "f", 1)
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert_eq!(
            parse_record(b"[1,2]", "f", 1).unwrap_err(),
            "expected a JSON object"
        );
    }
}
