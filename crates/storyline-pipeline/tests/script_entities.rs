//! Entity mentions in Arabic-script and Cyrillic news text: the names, their
//! types, roles and rules, as a golden snapshot of hand-written news
//! paragraphs.

use storyline_pipeline::annotate::annotate;

const ARABIC: &str = "\
قال الرئيس السوري بشار الأسد إن الحرب على الإرهاب لم تنته بعد، وذلك خلال لقائه وفدا روسيا في دمشق يوم الثلاثاء.
وأعلن أبو محمد الجولاني، زعيم هيئة تحرير الشام، أن فصائل المعارضة في إدلب سترد على أي هجوم. وأضاف الجولاني أن المقاتلين مستعدون.
من جهته، قال وزير الخارجية التركي مولود جاويش أوغلو إن أنقرة تجري اتصالات مع موسكو وطهران.
وأكدت الأمم المتحدة أن أكثر من ٣٠٠ ألف شخص نزحوا من ريف حلب خلال الأسبوع الماضي.
واستقبل ولي العهد السعودي الأمير محمد بن سلمان الرئيس المصري عبد الفتاح السيسي في الرياض.
";

const RUSSIAN: &str = "\
Президент России Владимир Путин заявил, что Москва готова к переговорам с Киевом.
Об этом сообщил министр иностранных дел России Сергей Лавров на пресс-конференции в Анкаре.
Однако Пресс-секретарь Кремля Дмитрий Песков сказал журналистам, что встреча пока не запланирована.
«Мы не ведем таких переговоров», — заявила официальный представитель МИД Мария Захарова.
Ранее Министерство обороны России сообщило об ударах по Харькову и Одессе.
";

const PERSIAN_UKRAINIAN: &str = "\
وزیر امور خارجه ایران عباس عراقچی در تهران گفت که مذاکرات ادامه دارد.
Президент України Володимир Зеленський заявив, що Київ не погодиться на такі умови.
";

fn listing(text: &str) -> String {
    let a = annotate(text, None);
    a.mentions
        .iter()
        .map(|m| {
            let (s, e) = m.provenance.span.expect("every mention has a span");
            assert_eq!(&text[s..e], m.text, "the span is the name as written");
            format!(
                "{:<28} {:<13} {:<26} {}",
                m.text,
                format!("{:?}", m.kind),
                m.provenance.rule,
                m.role.as_deref().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn arabic_news_entities() {
    insta::assert_snapshot!(listing(ARABIC));
}

#[test]
fn russian_news_entities() {
    insta::assert_snapshot!(listing(RUSSIAN));
}

#[test]
fn persian_and_ukrainian_news_entities() {
    insta::assert_snapshot!(listing(PERSIAN_UKRAINIAN));
}

mod properties {
    use proptest::prelude::*;
    use storyline_pipeline::annotate::{annotate, names, translit};

    /// Arabic-script and Cyrillic letters, with the marks, digits, joiners,
    /// punctuation and spaces news text puts between them, and a little
    /// Latin.
    fn script_char() -> impl Strategy<Value = char> {
        prop_oneof![
            8 => (0x0600u32..0x0700).prop_filter_map("char", char::from_u32),
            2 => (0x0750u32..0x0780).prop_filter_map("char", char::from_u32),
            1 => (0xFB50u32..0xFE00).prop_filter_map("char", char::from_u32),
            8 => (0x0400u32..0x0530).prop_filter_map("char", char::from_u32),
            6 => Just(' '),
            1 => prop::sample::select(vec![
                '\n', '.', ',', '،', '؟', '«', '»', '"', '-', '\u{200C}', '\u{200F}',
                '\u{0640}', '\u{064E}', '\u{0651}', '٣', '7', 'A', 'z', '%', '/', ':',
            ]),
        ]
    }

    fn script_text() -> impl Strategy<Value = String> {
        prop::collection::vec(script_char(), 0..400).prop_map(|v| v.into_iter().collect())
    }

    /// Words from the lexicon and cue lists, so the rules fire, joined by
    /// random script text.
    fn cue_text() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "قال",
            "الرئيس",
            "السوري",
            "أبو",
            "محمد",
            "الجولاني",
            "بن",
            "عبد",
            "الله",
            "هيئة",
            "تحرير",
            "الشام",
            "دمشق",
            "وسوريا",
            "إن",
            "Президент",
            "России",
            "Владимир",
            "Путин",
            "заявил",
            "Министерство",
            "обороны",
            "Москве",
            "МИД",
            "министр",
            "вчера",
            "،",
            ".",
            "\n",
        ]);
        prop::collection::vec(
            prop_oneof![3 => words.prop_map(String::from), 1 => script_text()],
            0..60,
        )
        .prop_map(|v| v.join(" "))
    }

    fn check(text: &str) {
        let a = annotate(text, None);
        for m in &a.mentions {
            let (s, e) = m.provenance.span.expect("span");
            assert!(s < e && text.is_char_boundary(s) && text.is_char_boundary(e));
            assert_eq!(&text[s..e], m.text);
            assert!(!m.provenance.rule.is_empty());
            if let Some(k) = m.alias_of {
                assert!(k < a.mentions.len());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_script_text_annotates_without_panic(text in script_text()) {
            check(&text);
        }

        #[test]
        fn cue_words_in_random_order_annotate_without_panic(text in cue_text()) {
            check(&text);
        }

        #[test]
        fn transliteration_is_ascii_and_names_compare(a in script_text(), b in script_text()) {
            if let Some(t) = translit::transliterate(&a) {
                prop_assert!(t.is_ascii());
            }
            let r = names::relate(&a, &b);
            if translit::script_of(&a).is_some() && a == b && names::latin_tokens(&a).is_some() {
                prop_assert_eq!(r, names::NameRelation::Same);
            }
        }
    }
}
