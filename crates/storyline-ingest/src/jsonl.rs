//! JSON Lines reader: one article per line, fields `id`, `url`, `source`,
//! `published`, `title`, and `text` or `html`.

use crate::{sha256_hex, IngestError};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::BufRead;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};

/// One field's value: a string as it is, a number as its JSON text, anything
/// else (null, true, an array, an object) as absent.
struct Field(Option<String>);

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Field, E> {
                Ok(Field(Some(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Field, E> {
                Ok(Field(Some(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Field, E> {
                Ok(Field(Some(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Field, E> {
                Ok(Field(Some(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Field, E> {
                Ok(Field(
                    serde_json::Number::from_f64(v).map(|n| n.to_string()),
                ))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Field, E> {
                Ok(Field(None))
            }
            fn visit_unit<E>(self) -> Result<Field, E> {
                Ok(Field(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Field(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Field(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// The keys a record is read for; any other key is skipped unread.
enum Key {
    Id,
    Url,
    Source,
    Published,
    Title,
    Text,
    Html,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "id" => Key::Id,
                    "url" => Key::Url,
                    "source" => Key::Source,
                    "published" => Key::Published,
                    "title" => Key::Title,
                    "text" => Key::Text,
                    "html" => Key::Html,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// The fields of one record, read straight from the JSON text (no
/// intermediate `serde_json::Value`: no map of keys, and fields the reader
/// does not use, such as topic lists, are skipped without being built). A
/// key given twice keeps its last value, as a JSON object does.
#[derive(Default)]
struct Record {
    id: Option<String>,
    url: Option<String>,
    source: Option<String>,
    published: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

/// A JSON value that is not an object.
struct NotAnObject;

/// The record, or `Err(None)` for a JSON value that is not an object.
fn read_record(line: &[u8]) -> Result<Record, Option<serde_json::Error>> {
    match simple_record(line) {
        Some(r) => Ok(r),
        None => serde_record(line),
    }
}

/// [`read_record`] through serde_json, for any line.
fn serde_record(line: &[u8]) -> Result<Record, Option<serde_json::Error>> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Result<Record, NotAnObject>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut r = Record::default();
            while let Some(key) = map.next_key::<Key>()? {
                let slot = match key {
                    Key::Id => &mut r.id,
                    Key::Url => &mut r.url,
                    Key::Source => &mut r.source,
                    Key::Published => &mut r.published,
                    Key::Title => &mut r.title,
                    Key::Text => &mut r.text,
                    Key::Html => &mut r.html,
                    Key::Other => {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                };
                *slot = map.next_value::<Field>()?.0;
            }
            Ok(Ok(r))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Err(NotAnObject))
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Err(NotAnObject))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Err(NotAnObject))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Err(NotAnObject))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Err(NotAnObject))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Err(NotAnObject))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Err(NotAnObject))
        }
    }
    let mut de = serde_json::Deserializer::from_slice(line);
    let value = de.deserialize_any(V).map_err(Some)?;
    de.end().map_err(Some)?;
    value.map_err(|NotAnObject| None)
}

/// A record whose values are all strings (or `null`), read by hand: one
/// pass over each string that finds its end and decodes its escapes into
/// the field's `String` at once, where serde_json decodes into a scratch
/// buffer and the field copies it again (for pages of HTML, most of the
/// reading time). Anything else (numbers, arrays, objects, escaped keys, a
/// malformed line) gives `None`, and serde_json reads the line; a test
/// checks both agree.
fn simple_record(line: &[u8]) -> Option<Record> {
    let text = std::str::from_utf8(line).ok()?;
    let b = line;
    let ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    };
    let mut r = Record::default();
    let mut i = ws(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = ws(i + 1);
    if b.get(i) == Some(&b'}') {
        return (ws(i + 1) == b.len()).then_some(r);
    }
    loop {
        // A key without escapes.
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let end = i + 1 + memchr::memchr2(b'"', b'\\', &b[i + 1..])?;
        if b[end] != b'"' {
            return None;
        }
        let key = &text[i + 1..end];
        if key.bytes().any(|c| c < 0x20) {
            return None;
        }
        i = ws(end + 1);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(i + 1);
        let slot = match key {
            "id" => Some(&mut r.id),
            "url" => Some(&mut r.url),
            "source" => Some(&mut r.source),
            "published" => Some(&mut r.published),
            "title" => Some(&mut r.title),
            "text" => Some(&mut r.text),
            "html" => Some(&mut r.html),
            _ => None,
        };
        match b.get(i)? {
            b'"' => {
                let (value, next) = json_string(text, i + 1)?;
                if let Some(slot) = slot {
                    *slot = Some(value);
                }
                i = next;
            }
            b'n' if b[i..].starts_with(b"null") => {
                if let Some(slot) = slot {
                    *slot = None;
                }
                i += 4;
            }
            _ => return None,
        }
        i = ws(i);
        match b.get(i)? {
            b',' => i = ws(i + 1),
            b'}' => return (ws(i + 1) == b.len()).then_some(r),
            _ => return None,
        }
    }
}

/// The JSON string whose body starts at `i` (after its opening quote),
/// decoded, and the offset after its closing quote; `None` for anything
/// serde_json would refuse (a control character, a bad or lone-surrogate
/// escape).
fn json_string(text: &str, mut i: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    loop {
        let p = i + special_byte(&b[i..])?;
        let chunk = &text[i..p];
        match b[p] {
            b'"' => {
                if out.is_empty() {
                    return Some((chunk.to_string(), p + 1));
                }
                out.push_str(chunk);
                return Some((out, p + 1));
            }
            b'\\' => {}
            _ => return None, // a control character
        }
        if out.capacity() == 0 {
            out.reserve(b.len() - i);
        }
        out.push_str(chunk);
        let c = *b.get(p + 1)?;
        i = p + 2;
        out.push(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let u = hex4(b.get(i..i + 4)?)?;
                i += 4;
                match u {
                    0xD800..=0xDBFF => {
                        if b.get(i..i + 2)? != b"\\u" {
                            return None;
                        }
                        let low = hex4(b.get(i + 2..i + 6)?)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        i += 6;
                        char::from_u32(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    0xDC00..=0xDFFF => return None,
                    _ => char::from_u32(u)?,
                }
            }
            _ => return None,
        });
    }
}

/// The value of four hex digits.
fn hex4(h: &[u8]) -> Option<u32> {
    h.iter()
        .try_fold(0u32, |acc, &c| Some(acc << 4 | (c as char).to_digit(16)?))
}

/// The offset of the first `"`, backslash or control character (below
/// 0x20) in `b`, eight bytes at a time (the zero-byte bit trick: a byte is
/// flagged exactly when it is the first such byte of its word, or later).
fn special_byte(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut i = 0;
    while i + 8 <= b.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(word);
        let mask = has_zero(x ^ (ONES * u64::from(b'"')))
            | has_zero(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
        if mask != 0 {
            return Some(i + (mask.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b[i..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .map(|p| i + p)
}

/// Parses one JSON Lines record into a document.
fn parse_record(line: &[u8], file: &str, line_no: usize) -> Result<RawDocument, String> {
    let r = read_record(line).map_err(|e| match e {
        Some(e) => format!("invalid JSON: {e}"),
        None => "expected a JSON object".to_string(),
    })?;
    let (format, body) = match (r.text, r.html) {
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
            id: r.id,
            url: r.url,
            source: r.source,
            published: r.published,
            title: r.title,
        },
    })
}

/// `BufRead::read_until(b'\n')` with the `memchr` crate's vectorised
/// search (std's is a word at a time): lines of JSON Lines are whole pages.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => {
                buf.extend_from_slice(&available[..=i]);
                (true, i + 1)
            }
            None => {
                buf.extend_from_slice(available);
                (available.is_empty(), available.len())
            }
        };
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
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
        match read_line(&mut *reader, &mut buf) {
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

    fn fields(r: Record) -> [Option<String>; 7] {
        [r.id, r.url, r.source, r.published, r.title, r.text, r.html]
    }

    #[test]
    fn strings_decode_as_serde_json_decodes_them() {
        let pieces = [
            "a",
            "bcdefgh",
            "\"",
            "\\",
            "\n",
            "\u{e9}",
            "\u{1f600}",
            "\u{7f}",
            "/",
            "\t",
            "\u{2019}",
        ];
        let mut state = 11u32;
        for len in 0..60 {
            for _ in 0..20 {
                let mut text = String::new();
                for _ in 0..len {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
                }
                // serde_json escapes as JSON does, and Python's json.dumps
                // (non-ASCII as \u escapes) too.
                let plain = serde_json::to_string(&text).unwrap();
                let ascii: String = plain
                    .chars()
                    .flat_map(|c| {
                        if c.is_ascii() {
                            vec![c.to_string()]
                        } else {
                            let mut units = [0u16; 2];
                            c.encode_utf16(&mut units)
                                .iter()
                                .map(|u| format!("\\u{u:04x}"))
                                .collect()
                        }
                    })
                    .collect();
                for json in [plain, ascii] {
                    let line = format!("{json} ");
                    assert_eq!(
                        json_string(&line, 1),
                        Some((text.clone(), json.len())),
                        "{json}"
                    );
                }
            }
        }
    }

    #[test]
    fn special_bytes_are_found_word_by_word() {
        let naive = |b: &[u8]| b.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20);
        let mut state = 7u32;
        for len in 0..80 {
            for _ in 0..50 {
                let b: Vec<u8> = (0..len)
                    .map(|_| {
                        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        let pick = (state >> 16) as usize % 40;
                        [b'a', b'"', b'\\', 0x1f, 0x20, 0x80, 0xff, b'!', b'#', 0x00]
                            .get(pick)
                            .copied()
                            .unwrap_or(b'a')
                    })
                    .collect();
                assert_eq!(special_byte(&b), naive(&b), "{b:?}");
            }
        }
    }

    #[test]
    fn the_hand_reader_reads_what_serde_json_reads() {
        let lines: [&[u8]; 12] = [
            br#"{"url": "http://x/a?b=1&c=\u00e9", "html": "<p class=\"a\">caf\u00e9 \ud83d\ude00 \/ \\ \b\f\n\r\t</p>"}"#,
            br#" { "title" : "a" , "title": "b", "extra": "x\"y", "text": "t", "id": null } "#,
            br#"{}"#,
            "{\"text\": \"\u{e9}t\u{e9} \u{1f600}\"}".as_bytes(),
            br#"{"text": "lone \ud800 surrogate"}"#,
            br#"{"text": "low \udc00 first"}"#,
            br#"{"text": "bad \x escape"}"#,
            b"{\"text\": \"raw\tcontrol\"}",
            br#"{"text": "x"} trailing"#,
            br#"{"text": "x",}"#,
            br#"{"id": 5, "text": "x"}"#,
            br#"{"te\u0078t": "x", "html": "<b>"}"#,
        ];
        // Read by hand (the same fields as serde_json gives), refused by
        // both, or left to serde_json (a number, an escaped key).
        let expected = [
            "hand", "hand", "hand", "hand", "bad", "bad", "bad", "bad", "bad", "bad", "serde",
            "serde",
        ];
        for (line, expected) in lines.into_iter().zip(expected) {
            let fast = simple_record(line).map(fields);
            let slow = serde_record(line).ok().map(fields);
            let got = match (&fast, &slow) {
                (Some(f), Some(s)) if f == s => "hand",
                (None, None) => "bad",
                (None, Some(_)) => "serde",
                _ => "differ",
            };
            assert_eq!(got, expected, "{}", String::from_utf8_lossy(line));
        }
    }

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
    fn fields_read_as_a_json_object_gives_them() {
        // Each field as `serde_json::Value` gives it: strings as they are
        // (escapes decoded), numbers as their JSON text, other values absent;
        // unknown fields skipped; a repeated key keeps its last value.
        let reference = |line: &[u8]| {
            let serde_json::Value::Object(obj) = serde_json::from_slice(line).unwrap() else {
                panic!("not an object");
            };
            let f = |k: &str| match obj.get(k) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            [
                f("id"),
                f("url"),
                f("source"),
                f("published"),
                f("title"),
                f("text"),
            ]
        };
        for line in [
            &br#"{"topics": [{"a": [1, null]}, "x"], "id": -12, "url": null, "source": 1.5, "published": true, "title": "T\u00e9 \"q\"", "title": "Last", "te\u0078t": "body\n", "extra": {"k": "v"}}"#[..],
            br#"{"id": 18446744073709551616, "source": 7, "published": "1987-02-26", "text": "x", "url": 2e3}"#,
            br#"{"text": "", "title": ["a"], "id": {"x": 1}, "source": false}"#,
        ] {
            let d = parse_record(line, "f", 1).unwrap();
            let m = &d.meta;
            let got = [
                m.id.clone(),
                m.url.clone(),
                m.source.clone(),
                m.published.clone(),
                m.title.clone(),
                Some(String::from_utf8(d.body.clone()).unwrap()),
            ];
            assert_eq!(got, reference(line), "{}", String::from_utf8_lossy(line));
        }
        let d = parse_record(br#"{"title": "a", "title": "Last", "text": "x"}"#, "f", 1).unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("Last"));
        assert!(parse_record(br#"{"text": "x"} {}"#, "f", 1)
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert_eq!(
            parse_record(b"\"text\"", "f", 1).unwrap_err(),
            "expected a JSON object"
        );
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
