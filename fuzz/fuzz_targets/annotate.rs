#![no_main]
//! Arbitrary text through the annotate stage (names, quotes, dates): no
//! panic, and every span it reports lies in the text on char boundaries.

use libfuzzer_sys::fuzz_target;
use storyline_pipeline::annotate::annotate;

fn check(text: &str, span: Option<(usize, usize)>) {
    if let Some((s, e)) = span {
        assert!(s <= e && e <= text.len(), "span {s}..{e} outside the text");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let published = chrono::NaiveDate::from_ymd_opt(2020, 1, 7);
    let a = annotate(&text, published);
    for m in &a.mentions {
        check(&text, m.provenance.span);
    }
    for q in &a.quotes {
        check(&text, q.provenance.span);
        check(&text, q.speaker_span);
        check(&text, q.cue_span);
    }
    for d in &a.dates {
        check(&text, d.provenance.span);
    }
});
