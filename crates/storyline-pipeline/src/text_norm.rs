//! Script-specific spelling folds shared by search and name keys.
//!
//! Arabic text is written with optional marks and with letter variants that
//! writers use interchangeably: hamza seats on alef, waw and ya, ta marbuta
//! for ha at a word's end, alef maqsura for ya, short-vowel diacritics
//! (harakat) and the tatweel stretch. A reader sees one word; a byte compare
//! sees many. [`fold_arabic`] maps every such spelling to one form, so the
//! search index (its tokenizer) and the entity name keys agree on what is
//! "the same word". It is a pure function of its input.
//!
//! [`is_cjk`] tells the scripts written without spaces between words (Han,
//! Kana, Hangul), which search and event terms cut into character bigrams.

use std::borrow::Cow;

/// What one character becomes under the Arabic fold: itself, another
/// letter, or nothing (a diacritic or the tatweel, dropped).
#[inline]
pub fn fold_arabic_char(c: char) -> Option<char> {
    match c {
        // Alef with hamza above / below, alef with madda, alef wasla.
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => Some('\u{0627}'),
        // Waw with hamza -> waw; ya with hamza -> ya.
        '\u{0624}' => Some('\u{0648}'),
        '\u{0626}' => Some('\u{064A}'),
        // Ta marbuta -> ha.
        '\u{0629}' => Some('\u{0647}'),
        // Alef maqsura -> ya.
        '\u{0649}' => Some('\u{064A}'),
        // Harakat (fathatan .. the marks up to U+065F, which include the
        // hamza above/below and madda of decomposed text), the superscript
        // alef, and the tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => None,
        _ => Some(c),
    }
}

/// True when `c` is a character [`fold_arabic_char`] changes or drops.
#[inline]
fn is_folded_arabic(c: char) -> bool {
    matches!(c, '\u{0622}'..='\u{0626}' | '\u{0629}' | '\u{0640}' | '\u{0649}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0671}')
}

/// `text` with its Arabic spelling variants folded: alef forms (أ إ آ ٱ) to
/// ا, hamza on waw and ya (ؤ ئ) to و and ي, ta marbuta (ة) to ه, alef
/// maqsura (ى) to ي, and the harakat (U+064B–U+065F), superscript alef
/// (U+0670) and tatweel (U+0640) removed. Other characters are kept as they
/// are; text without any of these characters is returned borrowed.
pub fn fold_arabic(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_folded_arabic) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter_map(fold_arabic_char).collect())
}

/// True for characters of the scripts written without spaces between words
/// that search and event terms cut into bigrams: Han, Hiragana, Katakana, Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{3005}'..='\u{3007}'   // 々 〆 〇
        | '\u{3040}'..='\u{309F}'   // Hiragana
        | '\u{30A0}'..='\u{30FF}'   // Katakana
        | '\u{3130}'..='\u{318F}'   // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // Han extension A
        | '\u{4E00}'..='\u{9FFF}'   // Han
        | '\u{A960}'..='\u{A97F}'   // Hangul Jamo extended A
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // Han compatibility
        | '\u{FF66}'..='\u{FF9F}'   // half-width Katakana
        | '\u{20000}'..='\u{3FFFF}' // Han extensions B and later
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letter_variants_fold_and_marks_are_removed() {
        for (raw, folded) in [
            // Alef forms fold to bare alef.
            ("أحمد", "احمد"),
            ("إسلام", "اسلام"),
            ("آمن", "امن"),
            ("ٱلله", "الله"),
            // Hamza seats, ta marbuta and alef maqsura fold.
            ("مؤتمر", "موتمر"),
            ("رئيس", "رييس"),
            ("مدينة", "مدينه"),
            ("مصطفى", "مصطفي"),
            // Diacritics and tatweel are removed: "Muhammad" fully
            // vowelled, and "Arab" stretched with tatweel.
            ("مُحَمَّدٌ", "محمد"),
            ("عـــرب", "عرب"),
            ("رحمٰن", "رحمن"),
        ] {
            assert_eq!(fold_arabic(raw), folded, "{raw}");
        }
    }

    #[test]
    fn decomposed_and_composed_hamza_spellings_agree() {
        // U+0627 U+0654 is the decomposed form of U+0623.
        assert_eq!(fold_arabic("\u{0627}\u{0654}حمد"), fold_arabic("أحمد"));
        assert_eq!(fold_arabic("\u{0627}\u{0653}من"), fold_arabic("آمن"));
    }

    #[test]
    fn other_scripts_pass_through_borrowed() {
        for s in ["Reuters said", "華為技術", "Zürich", "Москва", ""] {
            assert!(matches!(fold_arabic(s), Cow::Borrowed(_)), "{s}");
        }
        assert_eq!(fold_arabic("Cairo القاهرة"), "Cairo القاهره");
    }
}
