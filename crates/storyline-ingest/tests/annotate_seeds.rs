//! The acceptance facts for entities, aliases and quotes on the five seed
//! articles (what a reader finds in them: who is named under which spellings,
//! who said what), plus a golden snapshot of what the annotate stage
//! stores for them.

mod common;
use common::*;
use storyline_model::{AliasRule, EntityKind};
use storyline_pipeline::annotate::names::name_key;
use storyline_store::DataDir;

#[test]
fn seeds_give_one_entity_per_actor_under_every_spelling() {
    let (_tmp, dir) = seeded_data_dir();
    let all = dir.store().list_entities(None).unwrap();

    let jolani = [
        "Abu Mohammed al-Jolani",
        "Abu Mohamed al-Jolani",
        "Abu Mohamed Al-Jolani",
        "Abu Muhammad al-Julani",
        "Jolani",
        "Julani",
    ];
    let first = one_entity_under(&all, &jolani);
    assert_eq!(first.kind, EntityKind::Person);

    let hts = entity_with(&all, "HTS");
    assert_eq!(hts.len(), 1);
    assert_eq!(hts[0].kind, EntityKind::Organisation);
    for name in [
        "Hayat Tahrir al-Sham",
        "Hay’at Tahrir al-Sham",
        "Hayat Tahrir Al-Sham",
    ] {
        assert_eq!(entity_with(&all, name)[0].id, hts[0].id, "{name}");
    }

    let idlib = entity_with(&all, "Idlib");
    assert_eq!(idlib[0].kind, EntityKind::Place);
    assert_eq!(entity_with(&all, "Idleb")[0].id, idlib[0].id);

    // Aliases the text states.
    let q = entity_with(&all, "Abu Maria al-Qahtani");
    assert_eq!(
        entity_with(&all, "Maysar bin Ali al-Jubouri")[0].id,
        q[0].id
    );
    let z = entity_with(&all, "Abu Ahmed Zakour");
    assert_eq!(entity_with(&all, "Jihad Issa al-Sheikh")[0].id, z[0].id);

    // Other people kept apart.
    let people = [
        "Bashar Assad",
        "Mevlut Cavusoglu",
        "Faisal Mekdad",
        "Hulusi Akar",
        "Hakan Fidan",
        "Sergei Shoigu",
        "Ali Mahmoud Abbas",
    ];
    let mut ids: Vec<&str> = people
        .iter()
        .map(|p| {
            let e = entity_with(&all, p);
            assert_eq!(e.len(), 1, "{p}");
            assert_eq!(e[0].kind, EntityKind::Person, "{p}");
            e[0].id.as_str()
        })
        .collect();
    ids.push(first.id.as_str());
    ids.push(q[0].id.as_str());
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "every person is a separate entity");
}

#[test]
fn seeds_quote_bank_attributes_jolani_and_deduplicates() {
    let (_tmp, dir) = seeded_data_dir();
    let store = dir.store();
    let jolani = store.entity(&name_key("Jolani")).unwrap().unwrap();
    let bank = store.quote_bank(None).unwrap();
    let hundred: Vec<_> = bank
        .iter()
        .filter(|q| {
            q.text.starts_with(
                "For 100 days, we have been fighting one of the fiercest battles on all levels",
            )
        })
        .collect();
    assert_eq!(hundred.len(), 1, "once in the quote bank");
    assert_eq!(hundred[0].articles.len(), 3);
    assert_eq!(
        hundred[0].speaker_entity.as_deref(),
        Some(jolani.summary.id.as_str())
    );

    let his = store.quote_bank(Some(&jolani.summary.id)).unwrap();
    // Quotes given as "he said" are his too.
    let he_said = his
        .iter()
        .filter(|q| {
            q.articles.iter().any(|s| {
                s.speaker_text
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case("he"))
            })
        })
        .count();
    assert!(
        he_said >= 3,
        "{he_said} 'he said' quotes attributed to Jolani"
    );
    assert!(his.iter().any(|q| q
        .text
        .starts_with("Political stances can change in an instant")));
    assert!(his
        .iter()
        .any(|q| q.text.starts_with("The people of the north will not allow")));
    // The Turkish foreign minister's quote is not Jolani's.
    let useful = bank
        .iter()
        .find(|q| q.text.starts_with("I can say that it was a useful meeting"))
        .unwrap();
    let cavusoglu = store
        .entity(&name_key("Mevlut Cavusoglu"))
        .unwrap()
        .unwrap();
    assert_eq!(
        useful.speaker_entity.as_deref(),
        Some(cavusoglu.summary.id.as_str())
    );
}

#[test]
fn merge_and_split_survive_reingest() {
    let (tmp, mut dir) = seeded_data_dir();
    let jolani = dir.store().entity(&name_key("Julani")).unwrap().unwrap();
    let split = AliasRule {
        merge: false,
        a: name_key(&jolani.summary.name),
        b: name_key("Julani"),
    };
    let merge = AliasRule {
        merge: true,
        a: name_key("Hakan Fidan"),
        b: name_key("Hulusi Akar"),
    };
    dir.store_mut().add_alias_rule(&split).unwrap();
    dir.store_mut().add_alias_rule(&merge).unwrap();
    storyline_ingest::annotate::refresh_entities(dir.store_mut()).unwrap();
    let check = |dir: &DataDir| {
        let s = dir.store();
        let j = s.entity(&name_key("Julani")).unwrap().unwrap();
        let full = s
            .entity(&name_key("Abu Mohammed al-Jolani"))
            .unwrap()
            .unwrap();
        assert_ne!(j.summary.id, full.summary.id, "split holds");
        let f = s.entity(&name_key("Hakan Fidan")).unwrap().unwrap();
        let a = s.entity(&name_key("Hulusi Akar")).unwrap().unwrap();
        assert_eq!(f.summary.id, a.summary.id, "merge holds");
    };
    check(&dir);
    // Re-ingest into the same store, and into a store reopened from disk.
    ingest(&[seeds()], &mut dir);
    check(&dir);
    drop(dir);
    let mut dir = DataDir::open(tmp.path()).unwrap();
    ingest(&[seeds()], &mut dir);
    check(&dir);
}

#[test]
fn seeds_golden_annotations() {
    let (_tmp, dir) = seeded_data_dir();
    let store = dir.store();
    let entities: Vec<String> = store
        .list_entities(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind != EntityKind::Other)
        .map(|e| {
            let aliases: Vec<String> = e
                .aliases
                .iter()
                .map(|(a, n)| format!("{a} ({n})"))
                .collect();
            format!(
                "{} [{}] x{}: {}",
                e.name,
                e.kind.as_str(),
                e.mentions,
                aliases.join(", ")
            )
        })
        .collect();
    let quotes: Vec<String> = store
        .quote_bank(None)
        .unwrap()
        .into_iter()
        .map(|q| {
            let cut: String = q.text.chars().take(60).collect();
            format!(
                "{} <- {} | articles {} | sources {} | first {}",
                cut,
                q.speaker.unwrap_or_else(|| "?".into()),
                q.articles.len(),
                q.independent_sources,
                q.first_reported
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into())
            )
        })
        .collect();
    insta::assert_yaml_snapshot!("seed_entities", entities);
    insta::assert_yaml_snapshot!("seed_quote_bank", quotes);
}
