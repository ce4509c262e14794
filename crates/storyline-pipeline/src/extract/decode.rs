//! Decode stage: raw bytes to NFC-normalised Unicode text.
//!
//! Owns encoding detection (byte-order marks, a declared charset, strict UTF-8,
//! then chardetng's statistical guess for legacy encodings such as windows-1256
//! and latin-1) and the refusal of binary content.

use crate::PipelineError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Text decoded from bytes, with the name of the encoding it was read as.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The decoded text, in Unicode NFC.
    pub text: String,
    /// The name of the encoding it was read as (WHATWG label, "UTF-8").
    pub encoding: &'static str,
}

/// Decodes `bytes` to NFC text. `declared` is a charset label the container
/// gave (an HTTP header); for HTML a `<meta charset>` in the first 2 KiB is
/// honoured as well. Empty and binary inputs are errors.
pub fn decode_bytes(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, PipelineError> {
    let (text, encoding) = decode_borrowed(bytes, declared)?;
    Ok(Decoded {
        text: text.into_owned(),
        encoding,
    })
}

/// [`decode_bytes`] borrowing the bytes when they already are the text
/// (UTF-8 in NFC without NUL, most pages): no copy of the page.
pub fn decode_borrowed<'a>(
    bytes: &'a [u8],
    declared: Option<&str>,
) -> Result<(Cow<'a, str>, &'static str), PipelineError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(PipelineError::Empty);
    }
    let (encoding, body) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, &bytes[bom_len..])
    } else if let Some(enc) = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != UTF_16LE && *e != UTF_16BE)
    {
        (enc, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, bytes)
    } else if let Some(enc) = meta_charset(bytes) {
        (enc, bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (detector.guess(None, chardetng::Utf8Detection::Allow), bytes)
    };
    if encoding != UTF_16LE && encoding != UTF_16BE && looks_binary(body) {
        return Err(PipelineError::Binary);
    }
    let (text, _) = encoding.decode_without_bom_handling(body);
    // Most pages are already NFC: the quick check is far cheaper than
    // re-composing a whole page.
    let mut text: Cow<str> = if nfc_quick_yes(&text) {
        text
    } else {
        Cow::Owned(nfc_by_segments(&text))
    };
    // A stray NUL past the binary check's sample (or one UTF-16 encodes) is
    // no text: it becomes U+FFFD, as an HTML parser would make it, and
    // PostgreSQL could not store it.
    if memchr::memchr(0, text.as_bytes()).is_some() {
        text = Cow::Owned(text.replace('\0', "\u{fffd}"));
    }
    if text.trim().is_empty() {
        return Err(PipelineError::Empty);
    }
    Ok((text, encoding.name()))
}

/// The NFC quick check over the characters at or above U+0300 only (their
/// UTF-8 lead byte is 0xCC or more): every character below it is NFC and
/// of combining class 0, so leaving them out can turn a "yes" into a
/// "maybe" (then the text is normalised anyway) but never the reverse.
fn nfc_quick_yes(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let high = std::iter::from_fn(|| {
        while i < b.len() {
            // Runs of ASCII are passed a word at a time.
            if b[i] < 0x80 {
                let run = b.len().min(i + 64);
                if b[i..run].is_ascii() {
                    i = run;
                    continue;
                }
            }
            if b[i] >= 0xCC {
                let c = s[i..].chars().next()?;
                i += c.len_utf8();
                return Some(c);
            }
            i += 1;
        }
        None
    });
    unicode_normalization::is_nfc_quick(high) == unicode_normalization::IsNormalized::Yes
}

/// NFC of a text, normalising only the words that need it: the text is
/// cut before each ASCII character (every ASCII character has canonical
/// combining class 0 and never composes with what precedes it, so NFC of
/// the whole is NFC of the pieces), and a piece (an ASCII character and the
/// non-ASCII run after it) is re-composed only when the quick check does not
/// pass it. Pages in scripts with combining marks (Arabic, Devanagari,
/// Vietnamese...) fail the whole-text quick check, and re-composing a whole
/// page was most of their decoding time.
fn nfc_by_segments(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        // The next non-ASCII run.
        let Some(off) = b[i..].iter().position(|c| !c.is_ascii()) else {
            break;
        };
        let run = i + off;
        let end = b[run..]
            .iter()
            .position(u8::is_ascii)
            .map_or(b.len(), |e| run + e);
        // The ASCII character before the run may compose with it.
        let start = if run > 0 { run - 1 } else { run };
        let piece = &s[start..end];
        if unicode_normalization::is_nfc_quick(piece.chars())
            != unicode_normalization::IsNormalized::Yes
        {
            out.push_str(&s[copied..start]);
            out.extend(piece.nfc());
            copied = end;
        }
        i = end;
    }
    out.push_str(&s[copied..]);
    out
}

/// True when the bytes hold NUL or many control bytes: no text encoding we
/// accept (other than UTF-16, handled by its BOM) produces those.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > sample.len()
}

/// A `<meta charset=...>` or `http-equiv` content charset in the first 2 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let pos = head.find("charset=")?;
    let rest = head[pos + 8..].trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Encoding::for_label(label.as_bytes()).filter(|e| *e != UTF_16LE && *e != UTF_16BE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_is_nfc_normalised() {
        // "é" written as e + combining acute becomes one code point.
        let d = decode_bytes("Cafe\u{301} news".as_bytes(), None).unwrap();
        assert_eq!(d.text, "Caf\u{e9} news");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn normalising_by_pieces_equals_normalising_the_whole() {
        for s in [
            "Cafe\u{301} au lait, e\u{301}\u{301} x\u{323}\u{307}",
            "\u{301}starts with a mark, then A\u{30a}ngstro\u{308}m",
            "\u{1100}\u{1161}\u{11a8} Hangul jamo, \u{1e0b}\u{323} dot above and below",
            "قال زعيم آ \u{627}\u{653} ends with a mark\u{301}",
            "Tiếng Việt có dấu: Tie\u{302}\u{301}ng Vie\u{323}\u{302}t",
            "plain ascii only",
            "",
        ] {
            let whole: String = s.nfc().collect();
            assert_eq!(nfc_by_segments(s), whole, "{s:?}");
        }
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Idlib province".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_bytes(&bytes, None).unwrap();
        assert_eq!(d.text, "Idlib province");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    /// Asserts `text` encoded in `encoding` decodes back to itself with no
    /// declared charset.
    fn assert_detected(encoding: &'static encoding_rs::Encoding, text: &str) {
        let (bytes, _, _) = encoding.encode(text);
        let d = decode_bytes(&bytes, None).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn windows_1256_arabic_is_detected() {
        let text =
            "قال زعيم هيئة تحرير الشام إن الفصائل يجب أن توحد صفوفها في إدلب ضد النظام السوري";
        assert_detected(encoding_rs::WINDOWS_1256, text);
    }

    #[test]
    fn latin1_is_detected() {
        let text =
            "Le président a déclaré que la réunion était très utile pour la sécurité régionale.";
        assert_detected(encoding_rs::WINDOWS_1252, text);
    }

    #[test]
    fn declared_charset_wins_over_guessing() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("na\u{ef}ve caf\u{e9}");
        let d = decode_bytes(&bytes, Some("iso-8859-1")).unwrap();
        assert_eq!(d.text, "na\u{ef}ve caf\u{e9}");
    }

    /// Regression: a NUL byte after the first 8 KiB of a text page reached
    /// the stored text, which PostgreSQL refuses.
    #[test]
    fn nul_past_the_binary_sample_becomes_a_replacement_character() {
        let mut bytes = "word ".repeat(3000).into_bytes();
        bytes.extend_from_slice(b"tail\0end");
        let d = decode_bytes(&bytes, None).unwrap();
        assert!(!d.text.contains('\0'));
        assert!(d.text.ends_with("tail\u{fffd}end"));
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert!(matches!(
            decode_bytes(b"  \n", None),
            Err(PipelineError::Empty)
        ));
        assert!(matches!(
            decode_bytes(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 3], None),
            Err(PipelineError::Binary)
        ));
    }
}
