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

/// The JSON string whose body starts at `start` (after its opening quote),
/// decoded, and the offset after its closing quote; `None` for anything
/// serde_json would refuse (a control character, a bad or lone-surrogate
/// escape, no closing quote).
///
/// A string without escapes is one scan and one copy. Otherwise the text
/// is read a [`WINDOW`] of 64 bytes at a time: one comparison gives where
/// all its special bytes are ([`Specials`]), and each escape in it is
/// decoded from that mask, with no second look at the bytes between. After
/// each escape the next 64 bytes are copied whole, and the copy cut back
/// where the next special byte is. In HTML with its quotes escaped an
/// escape comes every twenty bytes or so: searching from each escape for
/// the next (eight bytes at a time) and then copying the text before it
/// spent most of its time on mispredicted branches and on the wait for
/// each search. The output never outgrows the buffer reserved at the start
/// (an escape decodes to fewer bytes than it takes, so the rest of the
/// line bounds the output).
fn json_string(text: &str, start: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let first = start + special_byte(&b[start..])?;
    if b[first] == b'"' {
        return Some((text[start..first].to_string(), first + 1));
    }
    let mut out = Vec::with_capacity(b.len() - start);
    out.extend_from_slice(&b[start..first]);
    // Everything before `i` is decoded into `out`.
    let mut i = first;
    'windows: while let Some(window) = b.get(i..i + WINDOW) {
        let window: &[u8; WINDOW] = window.try_into().ok()?;
        let at = i;
        let Specials { mut any, backslash } = specials(window);
        // `out[..done]` is the text before `i`; after it, a copy of the
        // bytes from `i` on, correct up to the next special byte.
        let mut done = out.len();
        out.extend_from_slice(window);
        loop {
            if any == 0 {
                // Plain text to the window's end.
                out.truncate(done + (at + WINDOW - i));
                i = at + WINDOW;
                continue 'windows;
            }
            let k = any.trailing_zeros() as usize;
            let p = at + k;
            out.truncate(done + (p - i));
            if backslash & (1 << k) == 0 {
                // A `"` ends the string; a control character is an error.
                return (b[p] == b'"').then(|| (utf8(out), p + 1));
            }
            i = unescape(b, p, &mut out)?;
            if i >= at + WINDOW {
                continue 'windows; // the escape ran past the window
            }
            any &= !0 << (i - at);
            done = out.len();
            match b.get(i..i + WINDOW) {
                Some(next) => out.extend_from_slice(next),
                None => break 'windows,
            }
        }
    }
    // The line's last bytes (less than a window), one by one.
    loop {
        let p = i + b[i..].iter().position(|&c| is_special(c))?;
        out.extend_from_slice(&b[i..p]);
        match b[p] {
            b'"' => return Some((utf8(out), p + 1)),
            b'\\' => i = unescape(b, p, &mut out)?,
            _ => return None, // a control character
        }
    }
}

/// The text [`json_string`] decoded.
fn utf8(out: Vec<u8>) -> String {
    debug_assert!(std::str::from_utf8(&out).is_ok());
    // SAFETY: `out` is valid UTF-8: it is, in order, runs of the string's
    // `&str` and the UTF-8 encodings of the `char`s its escapes stand for
    // (`unescape`). Each run is whole characters: it starts right after an
    // ASCII byte (the opening quote, or an escape's last byte) and ends
    // right before one (the next backslash, or the closing quote);
    // `json_string` copies a run in pieces (of up to a window each), but
    // each piece starts where the one before ended, and the last is cut
    // back to the run's end. Checking it again (`String::from_utf8`) would
    // be a second pass over every page: 8% more instructions here.
    unsafe { String::from_utf8_unchecked(out) }
}

/// Decodes the escape whose backslash is at `b[i]`, appending it to `out`:
/// the offset after it, or `None` for a bad escape (an unknown letter, bad
/// hex digits, a lone surrogate, the line's end).
#[inline]
fn unescape(b: &[u8], i: usize, out: &mut Vec<u8>) -> Option<usize> {
    let c = *b.get(i + 1)?;
    if c == b'u' {
        return unescape_u(b, i, out);
    }
    // A table, not a `match`: escapes of every kind come mixed, and a jump
    // to each kind's code would be mispredicted most of the time.
    let byte = UNESCAPED[usize::from(c)];
    if byte == 0 {
        return None;
    }
    out.push(byte);
    Some(i + 2)
}

/// [`unescape`] for `\uXXXX`, or two of them for a surrogate pair.
#[inline(never)]
fn unescape_u(b: &[u8], i: usize, out: &mut Vec<u8>) -> Option<usize> {
    let u = hex4(b.get(i + 2..i + 6)?)?;
    let (c, next) = match u {
        0xD800..=0xDBFF => {
            if b.get(i + 6..i + 8)? != b"\\u" {
                return None;
            }
            let low = hex4(b.get(i + 8..i + 12)?)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            let c = char::from_u32(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))?;
            (c, i + 12)
        }
        0xDC00..=0xDFFF => return None,
        _ => (char::from_u32(u)?, i + 6),
    };
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    Some(next)
}

/// The byte each one-letter escape stands for (`\n`: a newline), by the
/// letter; 0 for a letter that is no escape.
static UNESCAPED: [u8; 256] = {
    let mut t = [0; 256];
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t[b'/' as usize] = b'/';
    t[b'b' as usize] = 0x08;
    t[b'f' as usize] = 0x0c;
    t[b'n' as usize] = b'\n';
    t[b'r' as usize] = b'\r';
    t[b't' as usize] = b'\t';
    t
};

/// The value of four hex digits.
fn hex4(h: &[u8]) -> Option<u32> {
    h.iter().try_fold(0u32, |acc, &c| {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        Some(acc << 4 | u32::from(d))
    })
}

/// The offset of the first `"`, backslash or control character (below
/// 0x20) in `b`, a block at a time.
fn special_byte(b: &[u8]) -> Option<usize> {
    let mut blocks = b.chunks_exact(BLOCK);
    let mut i = 0;
    for block in &mut blocks {
        let block: &[u8; BLOCK] = block.try_into().ok()?;
        let any = specials16(block).any;
        if any != 0 {
            return Some(i + any.trailing_zeros() as usize);
        }
        i += BLOCK;
    }
    let rest = blocks.remainder();
    rest.iter().position(|&c| is_special(c)).map(|k| i + k)
}

/// A byte that ends a run of plain string text.
fn is_special(c: u8) -> bool {
    c == b'"' || c == b'\\' || c < 0x20
}

/// The bytes [`specials16`] compares at once.
const BLOCK: usize = 16;

/// The bytes [`json_string`] compares at once.
const WINDOW: usize = 4 * BLOCK;

/// Where the special bytes of a block or window are: bit `k` stands for
/// byte `k`.
#[derive(Debug, PartialEq)]
struct Specials {
    /// Every `"`, backslash and control character.
    any: u64,
    /// The backslashes.
    backslash: u64,
}

/// [`Specials`] of a window, a block at a time.
#[inline]
fn specials(window: &[u8; WINDOW]) -> Specials {
    let mut s = Specials {
        any: 0,
        backslash: 0,
    };
    for (n, block) in window.chunks_exact(BLOCK).enumerate() {
        if let Ok(block) = block.try_into() {
            let b = specials16(block);
            s.any |= b.any << (n * BLOCK);
            s.backslash |= b.backslash << (n * BLOCK);
        }
    }
    s
}

/// [`Specials`] of a block with SSE2 (part of every x86_64 CPU, so no
/// feature check): each kind of byte found in all sixteen at once.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn specials16(block: &[u8; BLOCK]) -> Specials {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: the intrinsics need SSE2, which this build enables (the cfg
    // above: every x86_64 target does); the load reads the sixteen bytes
    // `block` borrows, and an unaligned load (`loadu`) needs no alignment.
    let (any, backslash) = unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // Below 0x20 (unsigned): the byte is its own minimum with 0x1f.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let any = _mm_or_si128(_mm_or_si128(quote, backslash), control);
        (_mm_movemask_epi8(any), _mm_movemask_epi8(backslash))
    };
    // The masks fill the low sixteen bits (the sign bit stays clear).
    Specials {
        any: any as u64,
        backslash: backslash as u64,
    }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use specials16_swar as specials16;

/// [`specials16`] on any CPU, eight bytes at a time in a `u64`.
#[cfg(any(not(all(target_arch = "x86_64", target_feature = "sse2")), test))]
fn specials16_swar(block: &[u8; BLOCK]) -> Specials {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The high bit of each zero byte of `x` (exactly: no carry crosses a
    // byte, as the low seven bits plus 0x7f stay below 0x100).
    let zero = |x: u64| !(((x & LOW7) + LOW7) | x) & !LOW7;
    // The high bit of byte k to bit k.
    let bits = |m: u64| (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    let mut s = Specials {
        any: 0,
        backslash: 0,
    };
    for (w, word) in block.chunks_exact(8).enumerate() {
        let mut le = [0; 8];
        le.copy_from_slice(word);
        let x = u64::from_le_bytes(le);
        let backslash = zero(x ^ (ONES * u64::from(b'\\')));
        let rest = zero(x ^ (ONES * u64::from(b'"'))) | zero(x & (ONES * 0xe0));
        s.any |= bits(backslash | rest) << (8 * w);
        s.backslash |= bits(backslash) << (8 * w);
    }
    s
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
            ..StatedMeta::default()
        },
    })
}

/// How [`read_line`] ended a line.
#[derive(Debug, PartialEq)]
enum Line {
    /// The stream had ended: no line.
    End,
    /// A line (with its newline, when it had one) is in the buffer.
    Read,
    /// The line was longer than the limit: the buffer holds its first bytes
    /// only, and the rest of it was read and dropped.
    TooLong,
}

/// `BufRead::read_until(b'\n')` with the `memchr` crate's vectorised
/// search (std's is a word at a time): lines of JSON Lines are whole pages.
/// At most `max` bytes of a line are kept: the rest of a longer line is
/// read past a buffer at a time and dropped, so a line of any length costs
/// no more memory than `max`.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Line> {
    let mut read = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => (true, i + 1),
            None => (available.is_empty(), available.len()),
        };
        if !too_long && buf.len() + used > max {
            too_long = true;
        }
        if !too_long {
            buf.extend_from_slice(&available[..used]);
        }
        reader.consume(used);
        read += used;
        if done {
            return Ok(match (read, too_long) {
                (0, _) => Line::End,
                (_, true) => Line::TooLong,
                (_, false) => Line::Read,
            });
        }
    }
}

/// Reads every line of a JSON Lines stream. Blank lines are skipped; a bad
/// or over-long line is an error for that line only; a read failure (a
/// truncated gzip, a decompression bomb) ends the file with an error, and
/// so does a file without a single record.
pub(crate) fn read_jsonl(
    file: &str,
    mut reader: Box<dyn BufRead>,
    gz: bool,
    limits: crate::ReadLimits,
    each: &mut dyn FnMut(Result<RawDocument, IngestError>),
) {
    let max = usize::try_from(limits.max_record_bytes).unwrap_or(usize::MAX);
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut records = 0u64;
    loop {
        buf.clear();
        line_no += 1;
        match read_line(&mut *reader, &mut buf, max) {
            Ok(Line::End) => break,
            Ok(Line::TooLong) => {
                records += 1;
                each(Err(IngestError::new(
                    format!("{file}:{line_no}"),
                    format!(
                        "line too long: over {}, skipped (--max-record-mib)",
                        crate::size(limits.max_record_bytes)
                    ),
                )));
            }
            Ok(Line::Read) => {
                let line = buf.trim_ascii();
                if line.is_empty() {
                    continue;
                }
                records += 1;
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
                return;
            }
        }
    }
    if records == 0 {
        each(Err(IngestError::new(
            file,
            "no JSON Lines records: the file is empty or blank",
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReadLimits;

    #[test]
    fn lines_read_the_same_whatever_the_read_buffer_holds() {
        // Lines whole in the read buffer and lines straddling its end (a
        // few bytes of buffer), blank lines, CRLF, a bad line, no final
        // newline.
        let input = "{\"text\":\"one\"}\n\n  \r\n{\"html\":\"<p>two \\u00e9</p>\",\"id\":2}\r\n\
                     not json\n{\"text\":\"a longer third line of text\"}";
        let read = |capacity: usize| {
            let reader = std::io::BufReader::with_capacity(capacity, input.as_bytes());
            let mut out = Vec::new();
            read_jsonl(
                "f.jsonl",
                Box::new(reader),
                false,
                ReadLimits::default(),
                &mut |r| {
                    out.push(match r {
                        Ok(d) => format!("{} {} {:?}", d.locator, d.raw_sha256, d.body),
                        Err(e) => e.to_string(),
                    })
                },
            );
            out
        };
        let whole = read(1 << 20);
        assert_eq!(whole.len(), 4, "{whole:?}");
        assert!(whole[2].contains("f.jsonl:5"), "{whole:?}");
        for capacity in 1..64 {
            assert_eq!(read(capacity), whole, "buffer of {capacity} bytes");
        }
    }

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

    /// `json_string` on `"{body}"` followed by `after`, against serde_json
    /// on the same string: the same text, or both refuse it.
    fn agrees_with_serde_json(body: &str, after: &str) {
        let line = format!("\"{body}\"{after}");
        let expected = serde_json::from_str::<String>(&line[..body.len() + 2]).ok();
        let got = json_string(&line, 1);
        assert_eq!(got.as_ref().map(|(s, _)| s), expected.as_ref(), "{line:?}");
        if let Some((_, end)) = got {
            assert_eq!(end, body.len() + 2, "{line:?}");
        }
    }

    #[test]
    fn escapes_at_every_offset_of_a_block() {
        // Each escape (and a raw multi-byte character) placed at every
        // offset across the first two windows and their blocks, alone,
        // doubled and next to the closing quote, with the line going on
        // for a few bytes or many (a string that ends in a window, or in
        // the line's last bytes, read one by one).
        let escapes = [
            r#"\""#,
            r"\\",
            r"\/",
            r"\b",
            r"\f",
            r"\n",
            r"\r",
            r"\t",
            r"\u00e9",
            r"\u20AC",
            r"\u0000",
            r"\ud83d\ude00",
            "\u{e9}",
            "\u{1f600}",
        ];
        for escape in escapes {
            for offset in 0..2 * WINDOW + 10 {
                let pad = "x".repeat(offset);
                for after in [0, 1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 200] {
                    let after = &" ".repeat(after);
                    for body in [
                        format!("{pad}{escape}"),
                        format!("{pad}{escape}tail"),
                        format!("{pad}{escape}{escape}{pad}"),
                        format!("{escape}{pad}{escape}"),
                    ] {
                        agrees_with_serde_json(&body, after);
                    }
                }
            }
        }
    }

    #[test]
    fn bad_strings_are_refused_as_serde_json_refuses_them() {
        for offset in [
            0, 1, 7, 14, 15, 16, 17, 31, 32, 33, 62, 63, 64, 65, 66, 127, 128,
        ] {
            let pad = "y".repeat(offset);
            for bad in [
                r"\ud800", // a lone high surrogate
                r"\ud800x",
                r"\ud800\n",     // followed by another escape
                r"\ud800\u0041", // followed by a non-surrogate
                r"\ud800\ud800", // followed by a high surrogate
                r"\udc00",       // a lone low surrogate
                r"\udc00\ud800", // a pair in the wrong order
                r"\u12",         // too few hex digits
                r"\u12g4",
                r"\x41", // an unknown escape
                r"\U0041",
                "\t", // a raw control character
                "\n",
                "\u{0}",
                "\u{1f}",
            ] {
                let body = format!("{pad}{bad}{pad}");
                agrees_with_serde_json(&body, "");
                agrees_with_serde_json(&body, &" ".repeat(WINDOW));
                assert_eq!(json_string(&format!("\"{body}\""), 1), None, "{body:?}");
            }
            // Unterminated: the line ends in the text, in an escape, or
            // right after a backslash.
            for line in [
                format!("\"{pad}"),
                format!("\"{pad}\\u00e"),
                format!("\"{pad}\\ud83d"),
                format!("\"{pad}\\ud83d\\ude0"),
                format!("\"{pad}\\\""),
                format!("\"{pad}\\"),
                format!("\"{pad}\\\\"),
            ] {
                assert_eq!(json_string(&line, 1), None, "{line:?}");
                assert!(serde_json::from_str::<String>(&line).is_err(), "{line:?}");
            }
        }
    }

    #[test]
    fn special_bytes_are_found_word_by_word() {
        let naive = |b: &[u8]| b.iter().position(|&c| is_special(c));
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
                // The masks a byte-by-byte scan gives (of a block or a window).
                let expected = || {
                    let mask = |f: fn(u8) -> bool| {
                        (0..b.len()).filter(|&k| f(b[k])).map(|k| 1u64 << k).sum()
                    };
                    Specials {
                        any: mask(is_special),
                        backslash: mask(|c| c == b'\\'),
                    }
                };
                if let Ok(block) = <[u8; BLOCK]>::try_from(&b[..]) {
                    assert_eq!(specials16(&block), expected(), "{b:?}");
                    assert_eq!(specials16_swar(&block), expected(), "{b:?}");
                }
                if let Ok(window) = <[u8; WINDOW]>::try_from(&b[..]) {
                    assert_eq!(specials(&window), expected(), "{b:?}");
                }
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
