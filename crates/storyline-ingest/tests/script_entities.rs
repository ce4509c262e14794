//! Names written in Arabic and Cyrillic script join the entity their Latin
//! romanisation names when a store holds both: ingest the seeds (English,
//! "Abu Mohammed al-Jolani") with an Arabic article ("الجولاني") and a
//! Russian and an English article about one person ("Путин", "Putin").

mod common;
use common::*;
use storyline_model::EntityKind;
use storyline_store::DataDir;

const ARABIC: &str = "\
أعلن أبو محمد الجولاني، زعيم هيئة تحرير الشام، أن فصائل المعارضة في إدلب سترد على أي هجوم تشنه قوات النظام على المنطقة خلال الأيام المقبلة.

وأضاف الجولاني في كلمة مصورة نشرت على قنوات الهيئة أن المقاتلين مستعدون للدفاع عن المدنيين، داعيا الفصائل الأخرى إلى رص الصفوف وتوحيد الجهود.

وقال الرئيس السوري بشار الأسد في وقت سابق إن الحكومة عازمة على استعادة السيطرة على كامل الأراضي السورية، بما فيها محافظة إدلب.
";

const RUSSIAN: &str = "\
Президент России Владимир Путин заявил, что Москва готова к переговорам, но только на своих условиях, сообщает пресс-служба Кремля.

По словам Путина, российская сторона не получала новых предложений. Путин также отметил, что экономика страны справляется с санкциями лучше, чем ожидали на Западе.

Министр иностранных дел России Сергей Лавров ранее говорил, что Москва открыта для диалога с Вашингтоном.
";

const ENGLISH: &str = "\
Russian President Vladimir Putin said on Tuesday that Moscow was ready for talks, but only on its own terms, according to a Kremlin statement released after a meeting of the security council.

Putin also said the country's economy was coping with sanctions better than Western governments had expected, and that new trade routes to Asia were already open.

Foreign Minister Sergei Lavrov said earlier that Moscow remained open to dialogue with Washington on arms control.
";

#[test]
fn names_in_arabic_and_cyrillic_script_join_their_latin_entity() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("jolani-ar.txt"), ARABIC).unwrap();
    std::fs::write(docs.join("putin-ru.txt"), RUSSIAN).unwrap();
    std::fs::write(docs.join("putin-en.txt"), ENGLISH).unwrap();
    let mut dir = DataDir::open(&tmp.path().join("data")).unwrap();
    ingest(&[seeds(), docs], &mut dir);
    let all = dir.store().list_entities(None).unwrap();

    let jolani = one_entity_under(
        &all,
        &[
            "Abu Mohammed al-Jolani",
            "الجولاني",
            "أبو محمد الجولاني",
            "Jolani",
        ],
    );
    assert_eq!(jolani.kind, EntityKind::Person);
    // The Latin forms are the most used: one of them stays the name.
    assert!(jolani.name.starts_with("Abu Moham"), "{}", jolani.name);

    let putin = one_entity_under(
        &all,
        &["Vladimir Putin", "Владимир Путин", "Путин", "Putin"],
    );
    let lavrov = entity_with(&all, "Сергей Лавров");
    assert_eq!(lavrov.len(), 1);
    assert_eq!(lavrov[0].id, entity_with(&all, "Sergei Lavrov")[0].id);
    assert_ne!(lavrov[0].id, putin.id);
    let idlib = entity_with(&all, "إدلب");
    assert_eq!(idlib.len(), 1);
    assert_eq!(idlib[0].id, entity_with(&all, "Idlib")[0].id);
    assert_eq!(idlib[0].kind, EntityKind::Place);
}
