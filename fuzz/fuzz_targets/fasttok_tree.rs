#![no_main]
//! Differential target: whenever the fast tokenizer takes a page
//! (`fasttok::fast_parse` returns `Some`), its tree must be exactly the one
//! html5ever's own tokenizer builds, compared as full dumps
//! (`storyline_pipeline::treedump`: node kinds, namespaced names,
//! attributes, text nodes, comments, doctype, quirks mode).
//!
//! The bytes are read as UTF-8 lossily: every input the fuzzer makes reaches
//! both parsers (the tokenizers only ever see `&str`, which the pipeline's
//! decoder produces the same way), instead of most mutations being thrown
//! away as invalid UTF-8; U+FFFD in the text is itself a case worth covering.

use libfuzzer_sys::fuzz_target;
use storyline_pipeline::treedump::fast_divergence;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    if let Some((fast, slow)) = fast_divergence(&html) {
        panic!("trees differ on {html:?}\n--- fast\n{fast}\n--- html5ever\n{slow}");
    }
});
