//! Language codes. whatlang detects a language as an ISO 639-3 code
//! ("spa"); the store, the index, the filters and the display use the
//! shorter ISO 639-1 code ("es") that users and HTML `lang` attributes know.

use whatlang::Lang;

/// The ISO 639-1 code of a language whatlang detects (every one of them has one).
pub fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

/// A language code as the store keeps it: a code given as ISO 639-3 that
/// whatlang knows ("spa", "cmn") becomes its ISO 639-1 code ("es", "zh");
/// anything else is kept, lowercased and trimmed ("es" stays "es"). `None`
/// for an empty code.
pub fn normalize_language_code(code: &str) -> Option<String> {
    let code = code.trim().to_lowercase();
    if code.is_empty() {
        return None;
    }
    Some(match Lang::from_code(code.as_str()) {
        Some(lang) => iso639_1(lang).to_string(),
        None => code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detected_language_has_a_distinct_two_letter_code() {
        let mut codes: Vec<&str> = Lang::all().iter().map(|l| iso639_1(*l)).collect();
        assert!(
            codes.iter().all(|c| c.len() == 2 && c.is_ascii()),
            "{codes:?}"
        );
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }

    #[test]
    fn three_letter_codes_become_two_letter_ones() {
        for (code, two) in [
            ("spa", Some("es")),
            ("CMN", Some("zh")),
            (" es ", Some("es")),
            ("xx", Some("xx")),
            ("", None),
        ] {
            assert_eq!(normalize_language_code(code).as_deref(), two, "{code:?}");
        }
    }
}
