//! Deterministic transliteration of Arabic-script (Arabic, Persian, Urdu)
//! and Cyrillic (Russian, Ukrainian, Bulgarian, Serbian) names to Latin, the
//! key that ties a name written in its own script to its romanisation in the
//! same corpus (الجولاني / al-Jolani, Путин / Putin).
//!
//! The result is not meant for reading: it is fed to [`super::names`]'
//! folding and comparison, which already absorb romanisation variants
//! (doubled letters, kh/h, ou/u, dropped short vowels in the skeleton).
//!
//! Arabic script, letter by letter (after [`normalise_arabic`]):
//!
//! | letters | Latin | letters | Latin | letters | Latin |
//! |---|---|---|---|---|---|
//! | ب | b | ت ط | t | ث | th |
//! | ج | j | ح ه ھ ہ | h (final ة, and final ه of a longer word: a) | خ | kh |
//! | د ض ڈ | d | ذ | dh | ر ڑ | r |
//! | ز ظ | z | س ص | s | ش | sh |
//! | ع | a at word start, else dropped | غ | gh | ف | f |
//! | ق | q | ك | k | ل | l |
//! | م | m | ن ں | n | ء ئ ؤ | dropped (hamza) |
//! | پ | p | چ | ch | ژ | zh |
//! | گ | g | ٹ | t | ے | e |
//!
//! - `ال` at the start of a word is the article: `al-` (a separate token, so
//!   the name keys drop it as they drop "al-" in Latin; sun letters are not
//!   assimilated). `الله` is `allah`.
//! - ا is the long vowel `a`; و and ي are the long vowels `u` and `i`
//!   after a consonant when no vowel letter follows, and the consonants `w`
//!   and `y` at a word's start, after a vowel letter or before ا; ى (alef
//!   maqsura) is read as ي, final ة (ta marbuta) is `a`.
//! - Short vowels are not written in Arabic script and are not invented:
//!   محمد is `mhmd`. [`super::names`] compares such tokens by consonants.
//!
//! Cyrillic, BGN/PCGN-like: а a, б b, в v, г g (h in Ukrainian), д d, е e,
//! ё e, ж zh, з z, и i (y in Ukrainian), й y, к k, л l, м m, н n, о o, п p,
//! р r, с s, т t, у u, ф f, х kh, ц ts, ч ch, ш sh, щ shch (sht in
//! Bulgarian), ъ a before a consonant (Bulgarian) else dropped, ы y, ь
//! dropped, э e, ю yu, я ya; Ukrainian і i, ї yi (i inside a word), є ye, ґ g; Serbian ђ dj,
//! ј j, љ lj, њ nj, ћ c, џ dz, and in a Serbian name ч c, ш s, ж z (the
//! Latin alphabet's č š ž with the diacritics the name keys fold away); е
//! is ye at a Russian word's start or after a vowel (Ельцин Yeltsin). A
//! name is read as Ukrainian when it has і, ї, є or ґ, as Serbian when it
//! has ђ ј љ њ ћ or џ, as Bulgarian when ъ stands before a consonant.

/// The script a name is written in, for the scripts this module reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    /// Arabic script (Arabic, Persian, Urdu).
    Arabic,
    /// Cyrillic script (Russian, Ukrainian, Serbian, Bulgarian, ...).
    Cyrillic,
}

/// True for letters (and marks) of the Arabic script blocks.
pub fn is_arabic_char(c: char) -> bool {
    matches!(c as u32,
        0x0610..=0x061A | 0x0620..=0x065F | 0x066E..=0x06D3 | 0x06D5..=0x06DC
        | 0x06DF..=0x06E8 | 0x06EA..=0x06EF | 0x06FA..=0x06FF | 0x0750..=0x077F
        | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
        && !matches!(c as u32, 0x0660..=0x0669 | 0x06F0..=0x06F9 | 0xFD3E | 0xFD3F)
}

/// True for Cyrillic letters.
pub fn is_cyrillic_char(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
}

/// The script of a name: the script of most of its letters, when that is
/// Arabic or Cyrillic.
pub fn script_of(name: &str) -> Option<Script> {
    let (mut arabic, mut cyrillic, mut other) = (0usize, 0usize, 0usize);
    for c in name.chars().filter(|c| c.is_alphabetic()) {
        if is_arabic_char(c) {
            arabic += 1;
        } else if is_cyrillic_char(c) {
            cyrillic += 1;
        } else {
            other += 1;
        }
    }
    if arabic > cyrillic && arabic > other {
        Some(Script::Arabic)
    } else if cyrillic > arabic && cyrillic > other {
        Some(Script::Cyrillic)
    } else {
        None
    }
}

/// Arabic orthographic normalisation: diacritics (harakat, shadda, sukun,
/// superscript alef) and tatweel removed; alef forms (أ إ آ ٱ) to ا; ى
/// (alef maqsura, written for final ي in much of the press) to ي;
/// Persian/Urdu ی ک ہ ھ to their Arabic letters. Applied inside
/// [`transliterate`] so the key is the same however the name is spelt.
///
/// The letters search folds too (hamza seats, ta marbuta, alef maqsura,
/// harakat, tatweel) go through [`crate::text_norm::fold_arabic_char`], the
/// one fold search and name keys share; this function adds what only names
/// need (presentation forms, Persian and Urdu letters, Quranic marks).
pub(crate) fn normalise_arabic(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}') {
            // Presentation forms: their compatibility decomposition (a form
            // without one is dropped).
            for d in std::iter::once(c).nfkc() {
                if !matches!(d, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}') {
                    normalise_letter(d, &mut out);
                }
            }
        } else {
            normalise_letter(c, &mut out);
        }
    }
    out
}

fn normalise_letter(c: char, out: &mut String) {
    match c {
        // Quranic marks (the harakat and tatweel are the shared fold's).
        '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}' => {}
        'ٲ' | 'ٳ' => out.push('ا'),
        'ی' | 'ې' | 'ۍ' | 'ٸ' => out.push('ي'),
        'ک' | 'ڪ' => out.push('ك'),
        'ۀ' | 'ە' | 'ہ' | 'ھ' => out.push('ه'),
        other => out.extend(crate::text_norm::fold_arabic_char(other)),
    }
}

/// Transliterates a name to Latin when it is written in Arabic or Cyrillic
/// script (`None` otherwise). Words are transliterated one by one; anything
/// that is neither script (digits, Latin letters) is kept as it is.
pub fn transliterate(name: &str) -> Option<String> {
    let script = script_of(name)?;
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| match script {
            Script::Arabic => arabic_word(w),
            Script::Cyrillic => cyrillic_word(w, cyrillic_flavour(name)),
        })
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// One Arabic-script word to Latin (see the module table).
fn arabic_word(word: &str) -> String {
    let norm = normalise_arabic(word);
    // Zero-width non-joiner inside Persian words joins morphemes.
    let norm: String = norm
        .chars()
        .filter(|c| !matches!(c, '\u{200C}' | '\u{200D}'))
        .collect();
    if norm == "الله" || norm == "لله" {
        return "allah".into();
    }
    let (article, body) = match norm.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => (true, rest.to_string()),
        _ => (false, norm.clone()),
    };
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::new();
    // Whether the last letter was read as a consonant.
    let mut after_consonant = false;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let at_end = next.is_none();
        let (piece, consonant): (&str, bool) = match c {
            'ا' => ("a", false),
            'و' | 'ي' => {
                // A long vowel after a consonant, unless a vowel letter
                // follows (then it is the consonant w / y of "wa", "ya").
                let vowel = after_consonant && next != Some('ا');
                match (c, vowel) {
                    ('و', true) => ("u", false),
                    ('و', false) => ("w", true),
                    (_, true) => ("i", false),
                    (_, false) => ("y", true),
                }
            }
            'ب' => ("b", true),
            'ت' | 'ط' | 'ٹ' => ("t", true),
            'ث' => ("th", true),
            'ج' => ("j", true),
            // A final ه (of a word of three letters or more) reads as ة
            // does: the shared Arabic fold writes ة as ه, and the reading
            // must not change.
            'ه' if at_end && i >= 2 => ("a", false),
            'ح' | 'ه' => ("h", true),
            'خ' => ("kh", true),
            'د' | 'ض' | 'ڈ' => ("d", true),
            'ذ' => ("dh", true),
            'ر' | 'ڑ' => ("r", true),
            'ز' | 'ظ' => ("z", true),
            'س' | 'ص' => ("s", true),
            'ش' => ("sh", true),
            'ع' => (if i == 0 { "a" } else { "" }, true),
            'غ' => ("gh", true),
            'ف' | 'ڤ' => ("f", true),
            'ق' => ("q", true),
            'گ' => ("g", true),
            'ك' => ("k", true),
            'ل' => ("l", true),
            'م' => ("m", true),
            'ن' | 'ں' => ("n", true),
            'ة' => (if at_end { "a" } else { "t" }, false),
            'پ' => ("p", true),
            'چ' => ("ch", true),
            'ژ' => ("zh", true),
            'ے' => ("e", false),
            // A hamza seat after a consonant carries a vowel (مسؤول mas'ul).
            'ؤ' if after_consonant => ("u", false),
            'ئ' if after_consonant && !at_end => ("i", false),
            'ء' | 'ئ' | 'ؤ' => ("", after_consonant),
            other if other.is_ascii_alphanumeric() => {
                out.push(other.to_ascii_lowercase());
                ("", true)
            }
            _ => ("", after_consonant),
        };
        out.push_str(piece);
        after_consonant = consonant;
    }
    if out.is_empty() {
        return String::new();
    }
    if article {
        format!("al-{out}")
    } else {
        out
    }
}

/// The Cyrillic alphabet a name is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavour {
    Russian,
    Ukrainian,
    Bulgarian,
    Serbian,
}

fn cyrillic_flavour(name: &str) -> Flavour {
    let lower = name.to_lowercase();
    if lower.contains(['і', 'ї', 'є', 'ґ']) {
        return Flavour::Ukrainian;
    }
    if lower.contains(['ђ', 'ј', 'љ', 'њ', 'ћ', 'џ']) {
        return Flavour::Serbian;
    }
    let chars: Vec<char> = lower.chars().collect();
    let bulgarian = chars
        .windows(2)
        .any(|w| w[0] == 'ъ' && w[1].is_alphabetic() && !"аеёиоуыэюяьъ".contains(w[1]));
    if bulgarian {
        Flavour::Bulgarian
    } else {
        Flavour::Russian
    }
}

/// One Cyrillic word to Latin (see the module table).
fn cyrillic_word(word: &str, flavour: Flavour) -> String {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::new();
    let serbian = flavour == Flavour::Serbian;
    for (i, &c) in lower.iter().enumerate() {
        let next = lower.get(i + 1).copied();
        let after_vowel = i == 0
            || lower
                .get(i - 1)
                .is_some_and(|p| "аеёиоуыэюяьъ".contains(*p));
        let piece: &str = match c {
            'е' if after_vowel && flavour == Flavour::Russian => "ye",
            'ч' | 'ћ' if serbian => "c",
            'ш' if serbian => "s",
            'ж' if serbian => "z",
            'џ' if serbian => "dz",
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' if flavour == Flavour::Ukrainian => "h",
            'г' | 'ґ' | 'ѓ' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'є' => "ye",
            'ж' => "zh",
            'з' => "z",
            'и' if flavour == Flavour::Ukrainian => "y",
            'и' | 'і' => "i",
            'ї' => {
                if i == 0 {
                    "yi"
                } else {
                    "i"
                }
            }
            'й' => "y",
            'ј' => "j",
            'к' | 'ќ' => "k",
            'л' => "l",
            'љ' => "lj",
            'м' => "m",
            'н' => "n",
            'њ' => "nj",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'ћ' => "c",
            'ђ' => "dj",
            'у' | 'ў' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'џ' => "dz",
            'ш' => "sh",
            'щ' if flavour == Flavour::Bulgarian => "sht",
            'щ' => "shch",
            // Bulgarian ъ is a vowel before a consonant; the Russian hard
            // sign is silent.
            'ъ' if next.is_some_and(|n| n.is_alphabetic() && !"аеёиоуыэюяьъ".contains(n)) => {
                "a"
            }
            'ы' => "y",
            'ь' | 'ъ' => "",
            'ю' => "yu",
            'я' => "ya",
            other if other.is_ascii_alphanumeric() => {
                out.push(other);
                ""
            }
            _ => "",
        };
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_names_read_in_latin() {
        assert_eq!(transliterate("الجولاني").as_deref(), Some("al-julani"));
        assert_eq!(transliterate("بشار الأسد").as_deref(), Some("bshar al-asd"));
        assert_eq!(transliterate("أبو محمد").as_deref(), Some("abu mhmd"));
        assert_eq!(transliterate("عبد الله").as_deref(), Some("abd allah"));
        assert_eq!(transliterate("حماة").as_deref(), Some("hmaa"));
        assert_eq!(transliterate("Putin"), None);
    }

    #[test]
    fn arabic_spelling_variants_read_alike() {
        // Diacritics, tatweel, hamza forms and Persian letters.
        for (a, b) in [
            ("الجولانى", "الجولاني"),
            ("الجـولاني", "الجولاني"),
            ("بَشّار", "بشار"),
            ("إدلب", "ادلب"),
            ("کرمان", "كرمان"),
        ] {
            assert_eq!(transliterate(a), transliterate(b), "{a} / {b}");
        }
    }

    #[test]
    fn cyrillic_names_read_in_latin() {
        assert_eq!(transliterate("Путин").as_deref(), Some("putin"));
        assert_eq!(
            transliterate("Владимир Путин").as_deref(),
            Some("vladimir putin")
        );
        assert_eq!(transliterate("Лавров").as_deref(), Some("lavrov"));
        assert_eq!(transliterate("Зеленський").as_deref(), Some("zelenskiy"));
        assert_eq!(transliterate("Володимир").as_deref(), Some("volodimir"));
        assert_eq!(transliterate("Київ").as_deref(), Some("kyiv"));
        assert_eq!(transliterate("Харків").as_deref(), Some("kharkiv"));
        assert_eq!(transliterate("Щербаков").as_deref(), Some("shcherbakov"));
        assert_eq!(transliterate("Вучић").as_deref(), Some("vucic"));
        assert_eq!(transliterate("Ельцин").as_deref(), Some("yeltsin"));
        assert_eq!(transliterate("Пловдив").as_deref(), Some("plovdiv"));
        assert_eq!(transliterate("Търговище").as_deref(), Some("targovishte"));
    }

    #[test]
    fn regression_presentation_form_without_decomposition_overflows_stack() {
        // Presentation-form code points that NFKC leaves as they are (a
        // noncharacter, an unassigned one) were normalised again forever.
        for c in ['\u{FDD0}', '\u{FDEF}', '\u{FBC2}', '\u{FE75}'] {
            let word: String = ['ب', c, 'ن'].iter().collect();
            assert_eq!(normalise_arabic(&word), "بن");
            assert!(transliterate(&word).is_some_and(|t| t.is_ascii()));
        }
        // Those with a decomposition read as their letters.
        assert_eq!(normalise_arabic("\u{FE8D}\u{FEDF}"), "ال");
    }

    #[test]
    fn readings_survive_the_shared_arabic_fold() {
        // The shared fold writes ة as ه, ى as ي, ؤ as و and ئ as ي: a name
        // reads the same before and after it.
        let fold = |w: &str| crate::text_norm::fold_arabic(w).into_owned();
        for name in [
            "حماة",
            "الرقة",
            "أسامة بن لادن",
            "مسؤول",
            "رئيس",
            "مصطفى",
            "الجولاني",
            "غزة",
        ] {
            assert_eq!(transliterate(name), transliterate(&fold(name)), "{name}");
        }
    }

    #[test]
    fn scripts_are_told_apart() {
        assert_eq!(script_of("الجولاني"), Some(Script::Arabic));
        assert_eq!(script_of("Путин"), Some(Script::Cyrillic));
        assert_eq!(script_of("Jolani"), None);
        assert_eq!(script_of("2020"), None);
    }
}
