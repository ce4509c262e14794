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
