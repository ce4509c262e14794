//! The contract every [`Store`] backend must meet, as a test suite. A backend's
//! test file invokes [`contract_tests!`](crate::contract_tests) with a function
//! that makes an empty store, and gets one `#[test]` per check; the same
//! assertions then hold for SQLite, PostgreSQL and any later backend.

use crate::{
    Alert, ArticleQuery, EventUpdate, FingerprintEntry, PutOutcome, RelativeDate, SiteLines, Store,
    StubKept, Watch,
};
use chrono::NaiveDate;
use storyline_model::annotation::SURNAME_RULE;
use storyline_model::{
    AliasRule, Annotations, Article, ArticleId, DateExpression, DateKind, DupLink, Entity,
    EntityKind, EventDate, EventMember, EventRecord, ExpressionKind, FeedStub, GroupMember,
    Mention, Provenance, Published, Quote, RemovedBlock, SourceFormat, StoryRecord,
    SyndicationGroup,
};
use storyline_pipeline::dedup::DedupParams;

/// A small article for the suite. `n` makes it distinct.
pub fn sample_article(n: u32, source: &str, date: Option<(i32, u32, u32)>) -> Article {
    Article {
        id: ArticleId(format!("{n:032x}")),
        path: Some(format!("fixtures/{n}.txt")),
        url: None,
        source: Some(source.to_string()),
        source_provenance: None,
        external_id: None,
        title: Some(format!("Title {n}")),
        text: format!("Paragraph one of article {n}.\n\nParagraph two."),
        published: match date {
            Some((y, m, d)) => Published::dated(
                NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                Provenance::new("input.published", 1.0).with_span(0, 10),
            ),
            None => Published::undated(),
        },
        language: Some("en".into()),
        format: SourceFormat::Text,
        raw_sha256: format!("{n:064x}"),
        dateline: None,
        wire_credit: Some("AFP".into()),
        removed: vec![RemovedBlock {
            span: (40, 52),
            text: "Name *".into(),
            reason: "chrome.form_label".into(),
        }],
    }
}

/// Expands to one `#[test]` per contract check, so a failure names its check.
///
/// `$stores` is evaluated at the start of each test. `Some(make)` runs the
/// check on fresh stores from `make`, which lives until the test ends and so
/// may own what the stores need (a temporary directory, a guard that drops
/// PostgreSQL schemas); `None` skips the check, the backend having said why.
/// A new check is a `pub fn` in this module, added to the list below.
#[macro_export]
macro_rules! contract_tests {
    ($stores:expr) => {
        $crate::contract_tests!(@each_store $stores;
            round_trip_keeps_every_field,
            same_id_is_stored_once,
            batches_report_outcomes_in_order,
            listing_filters_and_pages,
            id_prefixes_resolve,
            articles_after_follows_sequence,
            stats_count,
            lsh_index_finds_articles_sharing_a_band,
            links_round_trip,
            groups_replace_the_groups_they_merge,
            events_round_trip_and_update_in_place,
            annotations_are_stored_once_per_article,
            entities_list_with_aliases_and_counts,
            alias_rules_replace_opposite_decisions,
            alias_rule_and_its_entities_are_stored_together,
            quote_bank_deduplicates_across_articles,
            events_are_read_one_page_or_story_at_a_time,
            events_are_filtered_and_ordered_in_the_query,
            entities_of_articles_and_co_occurring_entities,
            entity_roles_count_the_titles_written_before_its_names,
            independent_sources_count_groups_once,
            event_signals_gather_what_clustering_reads,
            signals_written_since_events_were_saved,
            entities_revised_by_change_equal_a_replacement,
            schema_version_is_current_and_stable,
            names_changed_since_the_last_resolution,
            event_seq_is_the_saved_states_mark,
            a_batch_naming_one_article_twice_keeps_the_last,
            site_lines_count_each_stored_document_once,
            entity_pages_and_timelines_are_read_a_page_at_a_time,
            entities_are_found_by_the_keys_of_their_written_names,
            watches_round_trip_and_record_each_alert_once,
            webhook_deliveries_start_pending_and_a_delivered_one_stays,
            feed_stubs_wait_for_their_page_and_are_filled_once,
        );
        #[test]
        fn syndication_joins_later_copies_whatever_the_order() {
            if let Some(make) = $stores {
                $crate::contract::syndication_joins_later_copies_whatever_the_order(&make);
            }
        }
    };
    (@each_store $stores:expr; $($check:ident,)*) => {
        $(
            #[test]
            fn $check() {
                if let Some(make) = $stores {
                    $crate::contract::$check(make());
                }
            }
        )*
    };
}

fn mention(
    text: &str,
    key: &str,
    kind: EntityKind,
    span: (usize, usize),
    alias_of: Option<usize>,
    rule: &str,
) -> Mention {
    Mention {
        text: text.into(),
        key: key.into(),
        kind,
        role: None,
        alias_of,
        provenance: Provenance::new(rule, 0.8).with_span(span.0, span.1),
    }
}

fn quote(text: &str, speaker: &str, span: (usize, usize)) -> Quote {
    Quote {
        text: text.into(),
        key: text.to_lowercase(),
        speaker: Some(speaker.into()),
        speaker_key: Some("karim hadad".into()),
        speaker_text: Some("he".into()),
        speaker_span: None,
        cue: Some("said".into()),
        cue_span: None,
        partial: false,
        provenance: Provenance::new("quote.speaker_cue", 0.9).with_span(span.0, span.1),
    }
}

/// Karim Haddad's full name, written as `text`, opening an article.
fn full_name_mention(text: &str) -> Mention {
    mention(
        text,
        "karim hadad",
        EntityKind::Person,
        (0, 12),
        None,
        "entity.title",
    )
}

/// Mentions of a full name, its surname (linked in the article) and a
/// defined acronym (stated link).
fn sample_annotations() -> Annotations {
    Annotations {
        mentions: vec![
            full_name_mention("Karim Haddad"),
            mention(
                "Haddad",
                "hadad",
                EntityKind::Person,
                (20, 26),
                Some(0),
                SURNAME_RULE,
            ),
            mention(
                "Free Syrian Army",
                "fre syrian army",
                EntityKind::Organisation,
                (30, 46),
                None,
                "entity.org_word",
            ),
            mention(
                "FSA",
                "fsa",
                EntityKind::Organisation,
                (48, 51),
                Some(2),
                "entity.acronym_defined",
            ),
        ],
        quotes: vec![quote("we will win", "Karim Haddad", (60, 75))],
        dates: Vec::new(),
        publication_bound: None,
    }
}

/// The entities alias resolution makes of [`sample_annotations`]: the
/// person (`e1`, with the surname counted for the full name) and the
/// organisation (`e2`, with its acronym).
fn sample_entities() -> Vec<Entity> {
    vec![
        Entity {
            id: "e1".into(),
            canonical: "Karim Haddad".into(),
            canonical_key: "karim hadad".into(),
            kind: EntityKind::Person,
            keys: vec!["karim hadad".into()],
        },
        Entity {
            id: "e2".into(),
            canonical: "Free Syrian Army".into(),
            canonical_key: "fre syrian army".into(),
            kind: EntityKind::Organisation,
            keys: vec!["fre syrian army".into(), "fsa".into()],
        },
    ]
}

/// Contract check: annotations are stored once per article.
pub fn annotations_are_stored_once_per_article(mut s: Box<dyn Store>) {
    let a = sample_article(50, "AFP", Some((2018, 1, 16)));
    s.put_articles(std::slice::from_ref(&a)).unwrap();
    assert_eq!(s.unannotated(10).unwrap().len(), 1);
    let batch = vec![(a.id.clone(), sample_annotations())];
    s.put_annotations(&batch).unwrap();
    s.put_annotations(&batch).unwrap();
    assert!(s.unannotated(10).unwrap().is_empty());
    // Unknown articles are skipped, not an error.
    s.put_annotations(&[(ArticleId("e".repeat(32)), sample_annotations())])
        .unwrap();
    let (nodes, links) = s.name_graph().unwrap();
    let keys: Vec<&str> = nodes.iter().map(|n| n.key.as_str()).collect();
    // The surname counts for the full name; no node of its own.
    assert_eq!(keys, vec!["fre syrian army", "fsa", "karim hadad"]);
    let karim = nodes.iter().find(|n| n.key == "karim hadad").unwrap();
    assert_eq!(karim.mentions, 2);
    assert_eq!(karim.text, "Karim Haddad");
    assert!(karim.votes[0] > 0.0);
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].a.as_str(), links[0].b.as_str()),
        ("fre syrian army", "fsa")
    );
}

/// Contract check: the mark of the last alias resolution, the names the
/// articles stored after it mention (each with its node as the earlier
/// articles made it), and the entities read back with their keys.
pub fn names_changed_since_the_last_resolution(mut s: Box<dyn Store>) {
    assert_eq!(s.entities_through().unwrap(), 0);
    assert!(s.entities_with_keys().unwrap().is_empty());
    let a = put_annotated_article(&mut *s, 54);
    let first = seq_of(&*s, &a);
    s.replace_entities_through(&sample_entities(), first)
        .unwrap();
    assert_eq!(s.entities_through().unwrap(), first);
    assert_eq!(s.entities_with_keys().unwrap(), sample_entities());
    assert!(s.names_changed_since(first).unwrap().is_empty());
    assert!(s.names_mentioned_since(first).unwrap().is_empty());
    let b = sample_article(55, "AFP", Some((2018, 1, 17)));
    s.put_articles(std::slice::from_ref(&b)).unwrap();
    let later = Annotations {
        mentions: vec![
            full_name_mention("KARIM HADDAD"),
            mention(
                "Damascus",
                "damascus",
                EntityKind::Place,
                (20, 28),
                None,
                "entity.place",
            ),
        ],
        ..Annotations::default()
    };
    s.put_annotations(&[(b.id.clone(), later)]).unwrap();
    let changed = s.names_changed_since(first).unwrap();
    let keys: Vec<&str> = changed.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["damascus", "karim hadad"]);
    assert_eq!(s.names_mentioned_since(first).unwrap(), keys);
    assert!(changed[0].1.is_none(), "{changed:?}");
    let before = changed[1].1.as_ref().expect("karim hadad was mentioned");
    // Its full name and its linked surname, in the first article only.
    assert_eq!((before.text.as_str(), before.mentions), ("Karim Haddad", 2));
    // Entities replaced without a mark keep the mark; with one, it moves.
    s.replace_entities(&sample_entities()).unwrap();
    assert_eq!(s.entities_through().unwrap(), first);
    let second = seq_of(&*s, &b);
    s.replace_entities_through(&sample_entities(), second)
        .unwrap();
    assert_eq!(s.entities_through().unwrap(), second);
    assert!(s.names_changed_since(second).unwrap().is_empty());
    assert!(s.names_mentioned_since(second).unwrap().is_empty());
}

/// Contract check: the sequence number of the saved event state is read
/// without the state.
pub fn event_seq_is_the_saved_states_mark(mut s: Box<dyn Store>) {
    assert_eq!(s.event_seq().unwrap(), None);
    s.put_events(&EventUpdate {
        events: Vec::new(),
        stories: Vec::new(),
        state: "{}".into(),
        through_seq: 7,
    })
    .unwrap();
    assert_eq!(s.event_seq().unwrap(), Some(7));
}

/// Stores sample article `n` (AFP, 16 January 2018) with the
/// [`sample_annotations`], returning the article.
fn put_annotated_article(s: &mut dyn Store, n: u32) -> Article {
    let a = sample_article(n, "AFP", Some((2018, 1, 16)));
    s.put_articles(std::slice::from_ref(&a)).unwrap();
    s.put_annotations(&[(a.id.clone(), sample_annotations())])
        .unwrap();
    a
}

/// Contract check: entities list with aliases and counts.
pub fn entities_list_with_aliases_and_counts(mut s: Box<dyn Store>) {
    let a = put_annotated_article(&mut *s, 51);
    s.replace_entities(&sample_entities()).unwrap();
    let all = s.list_entities(None).unwrap();
    assert_eq!(all.len(), 2);
    let people = s.list_entities(Some(EntityKind::Person)).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].mentions, 2);
    assert_eq!(people[0].articles, 1);
    assert_eq!(people[0].aliases.len(), 2);
    let by_key = s.entity("fsa").unwrap().expect("found by alias key");
    assert_eq!(by_key.summary.id, "e2");
    assert_eq!(by_key.articles_list.len(), 1);
    assert_eq!(by_key.articles_list[0].id, a.id);
    assert!(s.entity("e1").unwrap().is_some());
    assert!(s.entity("nobody").unwrap().is_none());
    // The names a spelling lookup compares with: the same as the aliases.
    let mut names = s.entity_aliases().unwrap();
    names.sort();
    let mut listed: Vec<(String, String)> = all
        .iter()
        .flat_map(|e| e.aliases.iter().map(|(a, _)| (e.id.clone(), a.clone())))
        .collect();
    listed.sort();
    assert_eq!(names, listed);
    assert_eq!(names.len(), 4, "{names:?}");
    // Resolution again replaces, never duplicates.
    s.replace_entities(&[]).unwrap();
    assert!(s.list_entities(None).unwrap().is_empty());
    assert!(s.entity_aliases().unwrap().is_empty());
}

/// Contract check: alias rules replace opposite decisions.
pub fn alias_rules_replace_opposite_decisions(mut s: Box<dyn Store>) {
    let merge = AliasRule {
        merge: true,
        a: "b".into(),
        b: "a".into(),
    };
    s.add_alias_rule(&merge).unwrap();
    s.add_alias_rule(&merge).unwrap();
    assert_eq!(
        s.alias_rules().unwrap(),
        vec![AliasRule {
            merge: true,
            a: "a".into(),
            b: "b".into()
        }]
    );
    s.add_alias_rule(&AliasRule {
        merge: false,
        a: "a".into(),
        b: "b".into(),
    })
    .unwrap();
    assert_eq!(
        s.alias_rules().unwrap(),
        vec![AliasRule {
            merge: false,
            a: "a".into(),
            b: "b".into()
        }]
    );
}

/// Contract check: alias rule and its entities are stored together.
pub fn alias_rule_and_its_entities_are_stored_together(mut s: Box<dyn Store>) {
    put_annotated_article(&mut *s, 54);
    s.replace_entities(&sample_entities()).unwrap();
    let merge = AliasRule {
        merge: true,
        a: "a".into(),
        b: "b".into(),
    };
    // Resolution fails: neither the rule nor a change of entities stays.
    let failed = s.add_alias_rule_resolving(&merge, &mut |store| {
        assert_eq!(store.alias_rules()?, vec![merge.clone()], "sees the rule");
        Err(crate::StoreError::Corrupt("resolution failed".into()))
    });
    assert!(failed.is_err());
    assert!(s.alias_rules().unwrap().is_empty());
    assert_eq!(s.list_entities(None).unwrap().len(), 2);
    // Resolution succeeds: both are stored.
    let mut one = sample_entities();
    one.truncate(1);
    s.add_alias_rule_resolving(&merge, &mut |store| {
        assert_eq!(store.alias_rules()?, vec![merge.clone()]);
        Ok(one.clone())
    })
    .unwrap();
    assert_eq!(s.alias_rules().unwrap(), vec![merge.clone()]);
    assert_eq!(s.list_entities(None).unwrap().len(), 1);
}

/// Contract check: quote bank deduplicates across articles.
pub fn quote_bank_deduplicates_across_articles(mut s: Box<dyn Store>) {
    let a = sample_article(52, "AFP", Some((2018, 1, 17)));
    let b = sample_article(53, "Other", Some((2018, 1, 16)));
    s.put_articles(&[a.clone(), b.clone()]).unwrap();
    let mut other = sample_annotations();
    other
        .quotes
        .push(quote("a second thing", "Karim Haddad", (80, 95)));
    s.put_annotations(&[(a.id.clone(), sample_annotations()), (b.id.clone(), other)])
        .unwrap();
    let mut entities = sample_entities();
    entities.truncate(1);
    s.replace_entities(&entities).unwrap();
    let bank = s.quote_bank(None).unwrap();
    assert_eq!(bank.len(), 2);
    let top = &bank[0];
    assert_eq!(top.text, "we will win");
    assert_eq!(top.articles.len(), 2);
    assert_eq!(top.independent_sources, 2);
    assert_eq!(top.first_reported, NaiveDate::from_ymd_opt(2018, 1, 16));
    assert_eq!(top.speaker_entity.as_deref(), Some("e1"));
    assert_eq!(s.quote_bank(Some("e1")).unwrap().len(), 2);
    assert!(s.quote_bank(Some("e2")).unwrap().is_empty());

    // After the first article: only what the second quotes, with every
    // sighting (the shared quote keeps both); after the last, nothing.
    let stored = s.articles_after(0, 10).unwrap();
    let (seq_a, seq_b) = (stored[0].seq, stored[1].seq);
    let after = s.quote_bank_after(Some("e1"), Some(seq_a)).unwrap();
    let texts: Vec<&str> = after.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts, ["we will win", "a second thing"]);
    assert_eq!(after[0].articles.len(), 2);
    assert_eq!(after, s.quote_bank(Some("e1")).unwrap());
    assert!(s
        .quote_bank_after(Some("e1"), Some(seq_b))
        .unwrap()
        .is_empty());
}

/// Contract check: round trip keeps every field.
pub fn round_trip_keeps_every_field(mut s: Box<dyn Store>) {
    let a = sample_article(1, "AFP", Some((2018, 1, 16)));
    s.put_articles(std::slice::from_ref(&a)).unwrap();
    let got = s.get_article(a.id.as_str()).unwrap().expect("stored");
    assert_eq!(got.article, a);
    assert!(got.seq > 0);
    assert!(s.contains(&a.id).unwrap());
    assert!(!s.contains(&ArticleId("f".repeat(32))).unwrap());
}

/// Contract check: same id is stored once.
pub fn same_id_is_stored_once(mut s: Box<dyn Store>) {
    let a = sample_article(2, "x", None);
    let first = s.put_articles(std::slice::from_ref(&a)).unwrap();
    let second = s.put_articles(std::slice::from_ref(&a)).unwrap();
    assert!(matches!(first[0], PutOutcome::New(_)));
    assert_eq!(second[0], PutOutcome::Unchanged);
    assert_eq!(s.list_articles(&ArticleQuery::default()).unwrap().len(), 1);
}

/// Contract check: batches report outcomes in order.
pub fn batches_report_outcomes_in_order(mut s: Box<dyn Store>) {
    let a = sample_article(3, "x", None);
    let b = sample_article(4, "x", None);
    s.put_articles(std::slice::from_ref(&a)).unwrap();
    let out = s.put_articles(&[a.clone(), b.clone(), b]).unwrap();
    assert_eq!(out[0], PutOutcome::Unchanged);
    assert!(matches!(out[1], PutOutcome::New(_)));
    assert_eq!(out[2], PutOutcome::Unchanged);
}

/// Contract check: listing filters and pages.
pub fn listing_filters_and_pages(mut s: Box<dyn Store>) {
    let batch: Vec<Article> = (10..20)
        .map(|n| {
            let source = if n % 2 == 0 { "Reuters" } else { "BBC" };
            let mut a = sample_article(n, source, Some((2011, 1, n)));
            if n % 5 == 0 {
                a.language = Some("es".into());
            }
            a
        })
        .collect();
    s.put_articles(&batch).unwrap();
    let reuters = s
        .list_articles(&ArticleQuery {
            source: Some("reuters".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(reuters.len(), 5);
    assert!(reuters
        .iter()
        .all(|a| a.article.source.as_deref() == Some("Reuters")));
    let window = s
        .list_articles(&ArticleQuery {
            from: NaiveDate::from_ymd_opt(2011, 1, 12),
            to: NaiveDate::from_ymd_opt(2011, 1, 14),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(window.len(), 3);
    let spanish = s
        .list_articles(&ArticleQuery {
            lang: Some("ES".into()),
            ..Default::default()
        })
        .unwrap();
    let ids: Vec<&ArticleId> = spanish.iter().map(|a| &a.article.id).collect();
    assert_eq!(ids, vec![&batch[0].id, &batch[5].id]);
    let page = s
        .list_articles(&ArticleQuery {
            limit: Some(4),
            offset: 8,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].article.id, batch[8].id);
}

/// Contract check: id prefixes resolve.
pub fn id_prefixes_resolve(mut s: Box<dyn Store>) {
    let mut a = sample_article(5, "x", None);
    a.id = ArticleId(format!("abc1{}", "0".repeat(28)));
    let mut b = sample_article(6, "x", None);
    b.id = ArticleId(format!("abc2{}", "0".repeat(28)));
    s.put_articles(&[a.clone(), b]).unwrap();
    assert_eq!(s.get_article("abc1").unwrap().unwrap().article.id, a.id);
    assert!(s.get_article("abc").is_err(), "ambiguous prefix");
    assert!(s.get_article("ffff").unwrap().is_none());
    assert!(s.get_article("not-hex").unwrap().is_none());
}

/// Contract check: articles after follows sequence.
pub fn articles_after_follows_sequence(mut s: Box<dyn Store>) {
    let batch: Vec<Article> = (30..35).map(|n| sample_article(n, "x", None)).collect();
    s.put_articles(&batch).unwrap();
    let all = s.articles_after(0, 100).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(s.max_seq().unwrap(), all[4].seq);
    let tail = s.articles_after(all[1].seq, 2).unwrap();
    assert_eq!(tail.len(), 2);
    assert_eq!(tail[0].article.id, batch[2].id);
}

/// Contract check: stats count.
pub fn stats_count(mut s: Box<dyn Store>) {
    s.put_articles(&[
        sample_article(40, "AFP", Some((2018, 1, 16))),
        sample_article(41, "AFP", Some((2023, 1, 2))),
        sample_article(42, "Enab", None),
    ])
    .unwrap();
    let st = s.stats().unwrap();
    assert_eq!(st.articles, 3);
    assert_eq!((st.dated, st.undated), (2, 1));
    assert_eq!(st.earliest, NaiveDate::from_ymd_opt(2018, 1, 16));
    assert_eq!(st.latest, NaiveDate::from_ymd_opt(2023, 1, 2));
    assert_eq!(st.sources[0], ("AFP".to_string(), 2));
    assert_eq!(st.removed_blocks, 3);
}

/// Contract check: lsh index finds articles sharing a band.
pub fn lsh_index_finds_articles_sharing_a_band(mut s: Box<dyn Store>) {
    let batch: Vec<Article> = (50..53).map(|n| sample_article(n, "x", None)).collect();
    s.put_articles(&batch).unwrap();
    assert_eq!(s.unfingerprinted(10).unwrap().len(), 3);
    let entry = |a: &Article, keys: Vec<u64>| FingerprintEntry {
        id: a.id.clone(),
        text_hash: 7,
        shingles: 3,
        band_keys: keys,
    };
    s.put_fingerprints(&[
        entry(&batch[0], vec![1, 2, u64::MAX]),
        entry(&batch[1], vec![2, 3]),
    ])
    .unwrap();
    let left = s.unfingerprinted(10).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].article.id, batch[2].id);
    assert_eq!(
        s.lsh_candidates(&[2]).unwrap(),
        vec![batch[0].id.clone(), batch[1].id.clone()]
    );
    assert_eq!(
        s.lsh_candidates(&[u64::MAX]).unwrap(),
        vec![batch[0].id.clone()]
    );
    assert!(s.lsh_candidates(&[99]).unwrap().is_empty());
    // Re-fingerprinting replaces the old band keys.
    s.put_fingerprints(&[entry(&batch[0], vec![5])]).unwrap();
    assert_eq!(s.lsh_candidates(&[1]).unwrap(), Vec::<ArticleId>::new());
}

fn link(a: &Article, b: &Article, kind: &str) -> DupLink {
    DupLink {
        a: a.id.clone(),
        b: b.id.clone(),
        kind: kind.into(),
        jaccard: 0.75,
        a_in_b: 0.9,
        b_in_a: 0.8,
    }
}

/// Contract check: links round trip.
pub fn links_round_trip(mut s: Box<dyn Store>) {
    let batch: Vec<Article> = (60..63).map(|n| sample_article(n, "x", None)).collect();
    s.put_articles(&batch).unwrap();
    s.put_links(&[
        link(&batch[0], &batch[1], "near"),
        link(&batch[1], &batch[2], "embeds"),
    ])
    .unwrap();
    let of_middle = s.links_of(&batch[1].id).unwrap();
    assert_eq!(of_middle.len(), 2);
    assert_eq!(of_middle[0], link(&batch[0], &batch[1], "near"));
    // Writing a link again replaces it.
    s.put_links(&[link(&batch[0], &batch[1], "exact")]).unwrap();
    let of_first = s.links_of(&batch[0].id).unwrap();
    assert_eq!(of_first.len(), 1);
    assert_eq!(of_first[0].kind, "exact");
}

fn group(members: &[&Article], canonical: &Article) -> SyndicationGroup {
    SyndicationGroup {
        key: members[0].id.clone(),
        canonical: canonical.id.clone(),
        origin: Some("AFP".into()),
        members: members
            .iter()
            .map(|a| GroupMember {
                id: a.id.clone(),
                similarity: 0.5,
                contained: 0.9,
            })
            .collect(),
    }
}

/// Contract check: groups replace the groups they merge.
pub fn groups_replace_the_groups_they_merge(mut s: Box<dyn Store>) {
    let b: Vec<Article> = (70..75).map(|n| sample_article(n, "x", None)).collect();
    s.put_articles(&b).unwrap();
    s.put_group(&group(&[&b[0], &b[1]], &b[1]), &[]).unwrap();
    s.put_group(&group(&[&b[2], &b[3]], &b[2]), &[]).unwrap();
    assert_eq!(s.list_groups(None).unwrap().len(), 2);
    assert_eq!(s.group_of(&b[1].id).unwrap().unwrap().canonical, b[1].id);
    assert!(s.group_of(&b[4].id).unwrap().is_none());
    // A later article joins both: one group of five replaces the two.
    let merged = group(&[&b[0], &b[1], &b[2], &b[3], &b[4]], &b[4]);
    s.put_group(&merged, &[b[2].id.clone()]).unwrap();
    let all = s.list_groups(None).unwrap();
    assert_eq!(all, vec![merged.clone()]);
    assert_eq!(s.group_of(&b[3].id).unwrap().unwrap(), merged);
    assert_eq!(s.list_groups(Some(0)).unwrap().len(), 0);
}

/// Long enough paragraphs of distinct words, so shingles do not overlap by chance.
fn paragraph(seed: u32) -> String {
    (0..45)
        .map(|w| format!("t{seed}w{}", (w * 7919 + seed * 13) % 1009))
        .collect::<Vec<_>>()
        .join(" ")
}

fn article_with(n: u32, paras: &[u32], wire: Option<&str>) -> Article {
    let mut a = sample_article(n, "site", None);
    a.text = paras
        .iter()
        .map(|&p| paragraph(p))
        .collect::<Vec<_>>()
        .join("\n\n");
    a.wire_credit = wire.map(str::to_string);
    a
}

/// Contract check: syndication joins later copies whatever the order.
pub fn syndication_joins_later_copies_whatever_the_order(make: &dyn Fn() -> Box<dyn Store>) {
    let articles = [
        article_with(80, &[1, 2, 3, 4, 5, 6], Some("AFP")),
        article_with(81, &[2, 3, 4, 5, 6], None), // first paragraph cut
        article_with(82, &[30, 31, 32, 33], None), // same topic, other text
        article_with(83, &[1, 2, 3, 4, 5, 6, 99], Some("AFP")), // a paragraph added
        article_with(84, &[30, 31, 32, 33], Some("Reuters")), // exact copy of 82
    ];
    let params = DedupParams::default();
    let mut results = Vec::new();
    for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 4, 0, 3, 1]] {
        let mut s = make();
        // Ingested over three runs, each run catching up on what is new.
        for chunk in [&order[..2], &order[2..3], &order[3..]] {
            let batch: Vec<Article> = chunk.iter().map(|&i| articles[i].clone()).collect();
            s.put_articles(&batch).unwrap();
            crate::syndication::catch_up(s.as_mut(), &params).unwrap();
        }
        assert!(s.unfingerprinted(10).unwrap().is_empty());
        results.push(s.list_groups(None).unwrap());
    }
    let groups = &results[0];
    assert_eq!(groups.len(), 2, "{groups:#?}");
    let ids = |g: &SyndicationGroup| g.members.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&groups[0]),
        vec![
            articles[0].id.clone(),
            articles[1].id.clone(),
            articles[3].id.clone()
        ]
    );
    // The most complete copy is canonical; the origin is the credited wire.
    assert_eq!(groups[0].canonical, articles[3].id);
    assert_eq!(groups[0].origin.as_deref(), Some("AFP"));
    assert_eq!(
        ids(&groups[1]),
        vec![articles[2].id.clone(), articles[4].id.clone()]
    );
    assert_eq!(groups[1].origin.as_deref(), Some("Reuters"));
    assert_eq!(results[1], results[0]);
    assert_eq!(results[2], results[0]);
}

/// A small event for the suite.
pub fn sample_event(
    id: u64,
    story: u64,
    day: Option<(i32, u32, u32)>,
    members: &[u32],
) -> EventRecord {
    let date = match day {
        Some((y, m, d)) => EventDate {
            kind: DateKind::Stated,
            date: NaiveDate::from_ymd_opt(y, m, d),
            not_before: None,
            not_after: None,
            sources: vec![],
        },
        None => EventDate::undated(),
    };
    EventRecord {
        id,
        story,
        headline: format!("Event {id}"),
        headline_article: None,
        summary: None,
        date,
        terms: vec!["term".into()],
        members: members
            .iter()
            .map(|&n| EventMember {
                article: ArticleId(format!("{n:032x}")),
                title: None,
                source: None,
                published: None,
                unit: format!("a:{n}"),
                similarity: 1.0,
            })
            .collect(),
        independent_sources: members.len(),
    }
}

/// Contract check: events round trip and update in place.
pub fn events_round_trip_and_update_in_place(mut s: Box<dyn Store>) {
    assert_eq!(s.event_state().unwrap(), None);
    assert!(s.list_events().unwrap().is_empty());
    let story = StoryRecord {
        id: 0,
        label: "a / b".into(),
        terms: vec!["a".into(), "b".into()],
        events: vec![0, 1, 2],
        articles: 4,
        first: None,
        last: None,
    };
    s.put_events(&EventUpdate {
        events: vec![
            sample_event(0, 0, None, &[1]),
            sample_event(1, 0, Some((2023, 1, 2)), &[2]),
            sample_event(2, 0, Some((2018, 1, 16)), &[3, 4]),
        ],
        stories: vec![story.clone()],
        state: "{\"v\":1}".into(),
        through_seq: 4,
    })
    .unwrap();
    let ids: Vec<u64> = s.list_events().unwrap().iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![2, 1, 0], "date order, undated last");
    assert_eq!(s.list_stories().unwrap(), vec![story]);
    assert_eq!(s.event_state().unwrap(), Some((4, "{\"v\":1}".to_string())));
    assert_eq!(
        s.event_of(&ArticleId(format!("{:032x}", 4))).unwrap(),
        Some(2)
    );
    // An update replaces the changed event and keeps the others.
    s.put_events(&EventUpdate {
        events: vec![sample_event(0, 0, None, &[1, 5])],
        stories: vec![],
        state: "{\"v\":2}".into(),
        through_seq: 5,
    })
    .unwrap();
    let events = s.list_events().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[2].members.len(), 2);
    assert_eq!(
        s.event_of(&ArticleId(format!("{:032x}", 5))).unwrap(),
        Some(0)
    );
    assert_eq!(s.event_state().unwrap().unwrap().0, 5);
    // Stories are replaced as a whole: merged-away stories disappear.
    assert!(s.list_stories().unwrap().is_empty());
    s.clear_events().unwrap();
    assert!(s.list_events().unwrap().is_empty());
    assert_eq!(s.event_state().unwrap(), None);
}

/// Contract check: events are read one page or story at a time.
pub fn events_are_read_one_page_or_story_at_a_time(mut s: Box<dyn Store>) {
    assert_eq!(s.get_event(0).unwrap(), None);
    assert_eq!(s.count_events().unwrap(), 0);
    s.put_events(&EventUpdate {
        events: vec![
            sample_event(0, 0, None, &[1]),
            sample_event(1, 1, Some((2023, 1, 2)), &[2]),
            sample_event(2, 0, Some((2018, 1, 16)), &[3, 4]),
        ],
        stories: vec![],
        state: "{}".into(),
        through_seq: 4,
    })
    .unwrap();
    assert_eq!(s.count_events().unwrap(), 3);
    let two = s.get_event(2).unwrap().expect("event 2 is stored");
    assert_eq!(two, sample_event(2, 0, Some((2018, 1, 16)), &[3, 4]));
    assert_eq!(s.get_event(7).unwrap(), None);
    let ids = |v: Vec<EventRecord>| v.iter().map(|e| e.id).collect::<Vec<u64>>();
    // Pages in id order.
    assert_eq!(ids(s.events_page(0, 2).unwrap()), vec![0, 1]);
    assert_eq!(ids(s.events_page(2, 2).unwrap()), vec![2]);
    assert!(s.events_page(3, 2).unwrap().is_empty());
    // A story's events in date order, undated last.
    assert_eq!(ids(s.events_in_story(0).unwrap()), vec![2, 0]);
    assert_eq!(ids(s.events_in_story(1).unwrap()), vec![1]);
    assert!(s.events_in_story(9).unwrap().is_empty());
    // The events of some articles, each once, date order, undated last.
    let art = |n: u32| ArticleId(format!("{n:032x}"));
    assert_eq!(
        ids(s
            .events_of_articles(&[art(1), art(4), art(3), art(2), art(99)])
            .unwrap()),
        vec![2, 1, 0]
    );
    assert!(s.events_of_articles(&[]).unwrap().is_empty());
}

/// Contract check: events are filtered by date, source, language and
/// least independent sources, and ordered by id, date or sources, in the
/// query.
pub fn events_are_filtered_and_ordered_in_the_query(mut s: Box<dyn Store>) {
    let mut es = sample_article(63, "El Pais", Some((2023, 1, 3)));
    es.language = Some("es".into());
    s.put_articles(&[
        sample_article(61, "AFP", Some((2018, 1, 16))),
        sample_article(62, "Reuters", Some((2023, 1, 2))),
        es,
    ])
    .unwrap();
    s.put_events(&EventUpdate {
        events: vec![
            sample_event(0, 0, None, &[60]),
            sample_event(1, 0, Some((2023, 1, 2)), &[62, 63]),
            sample_event(2, 0, Some((2018, 1, 16)), &[61, 64, 65]),
            sample_event(3, 0, Some((2020, 6, 1)), &[66]),
        ],
        stories: vec![],
        state: "{}".into(),
        through_seq: 3,
    })
    .unwrap();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let q = |f: &dyn Fn(&mut crate::EventQuery)| {
        let mut q = crate::EventQuery {
            limit: 10,
            ..Default::default()
        };
        f(&mut q);
        let (events, total) = s.query_events(&q).unwrap();
        (events.iter().map(|e| e.id).collect::<Vec<u64>>(), total)
    };
    use crate::EventOrder;
    assert_eq!(q(&|_| {}), (vec![0, 1, 2, 3], 4));
    assert_eq!(q(&|q| q.order = EventOrder::Date), (vec![2, 3, 1, 0], 4));
    assert_eq!(q(&|q| q.order = EventOrder::Sources), (vec![2, 1, 3, 0], 4));
    // A range leaves the undated out; both ends are inside it.
    assert_eq!(q(&|q| q.from = day(2020, 6, 1)), (vec![1, 3], 2));
    assert_eq!(q(&|q| q.to = day(2020, 6, 1)), (vec![2, 3], 2));
    assert_eq!(
        q(&|q| {
            q.from = day(2018, 1, 17);
            q.to = day(2023, 1, 1)
        }),
        (vec![3], 1)
    );
    assert_eq!(q(&|q| q.min_sources = Some(2)), (vec![1, 2], 2));
    // Source in any case, language: an event with one such article.
    assert_eq!(q(&|q| q.source = Some("REUTERS".into())), (vec![1], 1));
    assert_eq!(q(&|q| q.lang = Some("es".into())), (vec![1], 1));
    assert_eq!(q(&|q| q.lang = Some("en".into())), (vec![1, 2], 2));
    assert_eq!(
        q(&|q| {
            q.source = Some("afp".into());
            q.lang = Some("es".into())
        }),
        (vec![], 0)
    );
    // Paging counts every event that passes.
    assert_eq!(
        q(&|q| {
            q.order = EventOrder::Date;
            q.offset = 1;
            q.limit = 2
        }),
        (vec![3, 1], 4)
    );
}

/// Contract check: entities of articles and co occurring entities.
pub fn entities_of_articles_and_co_occurring_entities(mut s: Box<dyn Store>) {
    let a = sample_article(52, "AFP", Some((2018, 1, 16)));
    let b = sample_article(53, "AFP", Some((2018, 1, 17)));
    s.put_articles(&[a.clone(), b.clone()]).unwrap();
    let mut only_karim = sample_annotations();
    only_karim.mentions.truncate(2);
    s.put_annotations(&[
        (a.id.clone(), sample_annotations()),
        (b.id.clone(), only_karim),
    ])
    .unwrap();
    s.replace_entities(&sample_entities()).unwrap();
    let counts = |v: Vec<crate::EntityCount>| {
        v.into_iter()
            .map(|e| (e.id, e.articles))
            .collect::<Vec<(String, u64)>>()
    };
    // Most articles first; an article named twice counts once.
    assert_eq!(
        counts(
            s.entities_in(&[a.id.clone(), b.id.clone(), b.id.clone()])
                .unwrap()
        ),
        vec![("e1".to_string(), 2), ("e2".to_string(), 1)]
    );
    let in_b = s.entities_in(std::slice::from_ref(&b.id)).unwrap();
    assert_eq!(in_b.len(), 1);
    assert_eq!(in_b[0].name, "Karim Haddad");
    assert_eq!(in_b[0].kind, EntityKind::Person);
    // Karim shares one article with the army, never co-occurs with himself.
    assert_eq!(
        counts(s.co_occurring("e1", 10).unwrap()),
        vec![("e2".to_string(), 1)]
    );
    assert_eq!(
        counts(s.co_occurring("e2", 10).unwrap()),
        vec![("e1".to_string(), 1)]
    );
    assert!(s.co_occurring("e1", 0).unwrap().is_empty());
    assert!(s.co_occurring("nobody", 10).unwrap().is_empty());
}

/// Contract check: an entity's roles are counted, most written first.
pub fn entity_roles_count_the_titles_written_before_its_names(mut s: Box<dyn Store>) {
    let a = sample_article(54, "AFP", Some((2018, 1, 16)));
    let b = sample_article(55, "AFP", Some((2018, 1, 17)));
    s.put_articles(&[a.clone(), b.clone()]).unwrap();
    let with_roles = |roles: &[Option<&str>]| {
        let mut ann = sample_annotations();
        for (m, r) in ann.mentions.iter_mut().zip(roles) {
            m.role = r.map(str::to_string);
        }
        ann
    };
    s.put_annotations(&[
        (
            a.id.clone(),
            with_roles(&[Some("rebel commander"), Some("spokesman"), None]),
        ),
        (b.id.clone(), with_roles(&[Some("rebel commander"), None])),
    ])
    .unwrap();
    s.replace_entities(&sample_entities()).unwrap();
    // Counted over the mentions of every key of the entity, most first.
    assert_eq!(
        s.entity_roles("e1", 10).unwrap(),
        vec![
            ("rebel commander".to_string(), 2),
            ("spokesman".to_string(), 1)
        ]
    );
    assert_eq!(s.entity_roles("e1", 1).unwrap().len(), 1);
    assert!(s.entity_roles("e2", 10).unwrap().is_empty());
    assert!(s.entity_roles("nobody", 10).unwrap().is_empty());
}

fn seq_of(s: &dyn Store, a: &Article) -> i64 {
    s.get_article(a.id.as_str()).unwrap().expect("stored").seq
}

/// Contract check: independent sources count groups once.
pub fn independent_sources_count_groups_once(mut s: Box<dyn Store>) {
    let b: Vec<Article> = (80..84).map(|n| sample_article(n, "x", None)).collect();
    s.put_articles(&b).unwrap();
    let seqs: Vec<i64> = b.iter().map(|a| seq_of(&*s, a)).collect();
    // Without groups every article is a source of its own.
    assert_eq!(s.independent_sources(&seqs).unwrap(), 4);
    assert_eq!(s.independent_sources(&[]).unwrap(), 0);
    // Two copies of one wire story count once.
    s.put_group(&group(&[&b[0], &b[1]], &b[0]), &[]).unwrap();
    assert_eq!(s.independent_sources(&seqs).unwrap(), 3);
    assert_eq!(s.independent_sources(&seqs[..2]).unwrap(), 1);
    // The same article twice, or an unknown sequence number, adds nothing.
    assert_eq!(
        s.independent_sources(&[seqs[2], seqs[2], 999_999]).unwrap(),
        1
    );
}

fn relative(text: &str, date: Option<(i32, u32, u32)>, span: (usize, usize)) -> DateExpression {
    DateExpression {
        text: text.into(),
        kind: ExpressionKind::Relative,
        date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        not_before: None,
        not_after: None,
        inferred: date.is_none(),
        provenance: Provenance::new("date.relative_weekday", 0.7).with_span(span.0, span.1),
    }
}

/// What the entity tables show: every entity with its aliases, and each
/// one's page (articles) and timeline (events).
fn entity_tables(s: &dyn Store) -> Vec<String> {
    let mut out = vec![format!("{:?}", s.entities_with_keys().unwrap())];
    for e in s.list_entities(None).unwrap() {
        out.push(format!("{e:?}"));
        out.push(format!("{:?}", s.entity_head(&e.id, 10).unwrap()));
        out.push(format!("{:?}", s.entity_events(&e.id, 0, 10).unwrap()));
    }
    out
}

/// Contract check: entities revised by what changed (a merge, an entity
/// that stays, names of a new article) leave the tables a replacement
/// with the same entities leaves.
pub fn entities_revised_by_change_equal_a_replacement(mut s: Box<dyn Store>) {
    let a = sample_article(95, "AFP", Some((2018, 1, 17)));
    let b = sample_article(96, "Other", Some((2018, 1, 18)));
    s.put_articles(std::slice::from_ref(&a)).unwrap();
    s.put_annotations(&[(a.id.clone(), sample_annotations())])
        .unwrap();
    let since = s.max_seq().unwrap();
    s.replace_entities_through(&sample_entities(), since)
        .unwrap();
    s.put_events(&EventUpdate {
        events: vec![sample_event(0, 0, Some((2018, 1, 17)), &[95, 96])],
        stories: vec![],
        state: "{}".into(),
        through_seq: 0,
    })
    .unwrap();

    s.put_articles(std::slice::from_ref(&b)).unwrap();
    let mut ann = sample_annotations();
    ann.mentions.truncate(2);
    s.put_annotations(&[(b.id.clone(), ann)]).unwrap();
    let through = s.max_seq().unwrap();
    let previous = s.entities_with_keys().unwrap();
    // "e1" stays as it was (and the new article names it), "e2" loses a
    // name to a new entity "e3".
    let mut revised_entities = sample_entities();
    revised_entities[1].keys.retain(|k| k != "fsa");
    revised_entities.push(Entity {
        id: "e3".into(),
        canonical: "FSA".into(),
        canonical_key: "fsa".into(),
        kind: EntityKind::Organisation,
        keys: vec!["fsa".into()],
    });
    s.revise_entities_through(&previous, &revised_entities, since, through)
        .unwrap();
    assert_eq!(s.entities_through().unwrap(), through);
    let revised = entity_tables(&*s);
    assert!(revised.len() > 3, "{revised:?}");
    s.replace_entities_through(&revised_entities, through)
        .unwrap();
    assert_eq!(revised, entity_tables(&*s));
}

/// Contract check: event signals gather what clustering reads.
pub fn event_signals_gather_what_clustering_reads(mut s: Box<dyn Store>) {
    let a = sample_article(90, "AFP", Some((2018, 1, 17)));
    let b = sample_article(91, "Other", Some((2018, 1, 17)));
    let lone = sample_article(92, "Other", None);
    s.put_articles(&[a.clone(), b.clone(), lone.clone()])
        .unwrap();
    let mut ann = sample_annotations();
    let mut part = quote("half a sentence", "Karim Haddad", (100, 115));
    part.partial = true;
    ann.quotes.push(part);
    ann.dates = vec![
        relative("yesterday", Some((2018, 1, 16)), (130, 139)),
        DateExpression {
            kind: ExpressionKind::Absolute,
            ..relative("16 January 2018", Some((2018, 1, 16)), (110, 125))
        },
        relative("on Tuesday", None, (90, 100)),
    ];
    s.put_annotations(&[(a.id.clone(), ann)]).unwrap();
    // Stored in reverse id order: the signals list them sorted all the same.
    let mut entities = sample_entities();
    entities.reverse();
    s.replace_entities(&entities).unwrap();
    s.put_group(&group(&[&a, &b], &a), &[]).unwrap();

    let got = s.event_signals(seq_of(&*s, &a)).unwrap();
    assert_eq!(got.group.as_deref(), Some(a.id.as_str()));
    // The article's own name keys, the surname and the acronym counted as
    // the names they stand for; not the entity ids, so a merge of the
    // entities leaves them as they were.
    let keys = vec!["fre syrian army".to_string(), "karim hadad".to_string()];
    assert_eq!(got.entities, keys);
    let mut merged = sample_entities();
    let rest: Vec<String> = merged.drain(1..).flat_map(|e| e.keys).collect();
    merged[0].keys.extend(rest);
    merged[0].keys.sort();
    s.replace_entities(&merged).unwrap();
    assert_eq!(s.event_signals(seq_of(&*s, &a)).unwrap().entities, keys);
    // Whole quotes only.
    assert_eq!(got.quote_keys, vec!["we will win".to_string()]);
    // Relative expressions only, in text order, with their provenance.
    assert_eq!(
        got.relative_dates,
        vec![
            RelativeDate {
                text: "on Tuesday".into(),
                date: None,
                inferred: true,
                span: (90, 100),
                rule: "date.relative_weekday".into(),
                confidence: 0.7,
            },
            RelativeDate {
                text: "yesterday".into(),
                date: NaiveDate::from_ymd_opt(2018, 1, 16),
                inferred: false,
                span: (130, 139),
                rule: "date.relative_weekday".into(),
                confidence: 0.7,
            },
        ]
    );
    // A copy in the group shares the group; an unannotated, ungrouped
    // article has no signals at all.
    let copy = s.event_signals(seq_of(&*s, &b)).unwrap();
    assert_eq!(copy.group.as_deref(), Some(a.id.as_str()));
    assert!(copy.entities.is_empty());
    assert_eq!(
        s.event_signals(seq_of(&*s, &lone)).unwrap(),
        crate::EventSignals::default()
    );
    // Read over a range, each article's signals are the ones read alone,
    // in sequence order; the bounds are (after, through].
    let seqs: Vec<i64> = [&a, &b, &lone].iter().map(|x| seq_of(&*s, x)).collect();
    let alone: Vec<(i64, crate::EventSignals)> = seqs
        .iter()
        .map(|&q| (q, s.event_signals(q).unwrap()))
        .collect();
    let first = *seqs.iter().min().unwrap();
    let last = *seqs.iter().max().unwrap();
    let mut sorted = alone.clone();
    sorted.sort_by_key(|(q, _)| *q);
    assert_eq!(s.event_signals_between(first - 1, last).unwrap(), sorted);
    assert_eq!(s.event_signals_between(first, last).unwrap(), sorted[1..]);
}

/// Contract check: the articles whose signals were written since events
/// were last saved are the ones event clustering must check again.
pub fn signals_written_since_events_were_saved(mut s: Box<dyn Store>) {
    let articles: Vec<Article> = (96..99).map(|n| sample_article(n, "x", None)).collect();
    s.put_articles(&articles).unwrap();
    let seqs: Vec<i64> = articles.iter().map(|a| seq_of(&*s, a)).collect();
    let through = *seqs.iter().max().unwrap();
    let save = |s: &mut Box<dyn Store>| {
        s.put_events(&crate::EventUpdate {
            state: "{}".into(),
            through_seq: through,
            ..Default::default()
        })
        .unwrap()
    };
    save(&mut s);
    let Some(written) = s.signals_written(through).unwrap() else {
        // The backend does not keep track: clustering checks every article.
        return;
    };
    assert_eq!(written, Vec::<i64>::new());
    s.put_annotations(&[(articles[1].id.clone(), sample_annotations())])
        .unwrap();
    assert_eq!(s.signals_written(through).unwrap(), Some(vec![seqs[1]]));
    // Alias resolution writes no signal.
    s.replace_entities(&sample_entities()).unwrap();
    assert_eq!(s.signals_written(through).unwrap(), Some(vec![seqs[1]]));
    s.put_group(&group(&[&articles[0], &articles[2]], &articles[0]), &[])
        .unwrap();
    let mut all = seqs.clone();
    all.sort_unstable();
    assert_eq!(s.signals_written(through).unwrap(), Some(all));
    assert_eq!(
        s.signals_written(seqs[0]).unwrap(),
        Some(vec![seqs[0]]),
        "only up to the sequence number asked for"
    );
    save(&mut s);
    assert_eq!(s.signals_written(through).unwrap(), Some(vec![]));
    // An article stored after the save is read whole when it is placed:
    // its first annotations need no mark.
    let late = sample_article(99, "x", None);
    s.put_articles(std::slice::from_ref(&late)).unwrap();
    s.put_annotations(&[(late.id.clone(), sample_annotations())])
        .unwrap();
    let late_seq = seq_of(&*s, &late);
    assert_eq!(s.signals_written(late_seq).unwrap(), Some(vec![]));
}

/// Contract check: schema version is current and stable.
pub fn schema_version_is_current_and_stable(mut s: Box<dyn Store>) {
    let v = s.schema_version().unwrap();
    assert!(
        v >= 4,
        "a store opened for writing is migrated: version {v}"
    );
    s.put_articles(&[sample_article(95, "x", None)]).unwrap();
    assert_eq!(s.schema_version().unwrap(), v);
}

/// Regression (PostgreSQL writes a batch in one statement per table): an
/// article, pair or fingerprint given twice in one batch keeps the last, as
/// writing them one after the other does.
pub fn a_batch_naming_one_article_twice_keeps_the_last(mut s: Box<dyn Store>) {
    let a = sample_article(96, "x", None);
    let b = sample_article(97, "x", None);
    s.put_articles(&[a.clone(), b.clone()]).unwrap();
    let entry = |art: &Article, keys: Vec<u64>| FingerprintEntry {
        id: art.id.clone(),
        text_hash: keys[0],
        shingles: 10,
        band_keys: keys,
    };
    s.put_fingerprints(&[entry(&a, vec![1, 2]), entry(&a, vec![3])])
        .unwrap();
    assert!(s.lsh_candidates(&[1, 2]).unwrap().is_empty());
    assert_eq!(s.lsh_candidates(&[3]).unwrap(), vec![a.id.clone()]);
    s.put_links(&[link(&a, &b, "near"), link(&a, &b, "exact")])
        .unwrap();
    let links = s.links_of(&a.id).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].kind, "exact");
    let mut second = sample_annotations();
    second.mentions.truncate(1);
    second.quotes.clear();
    s.put_annotations(&[(a.id.clone(), sample_annotations()), (a.id.clone(), second)])
        .unwrap();
    let (nodes, _) = s.name_graph().unwrap();
    let keys: Vec<&str> = nodes.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, vec!["karim hadad"]);
    assert!(s.quote_bank(None).unwrap().is_empty());
}

fn lines(site: &str, keys: &[u64]) -> Option<SiteLines> {
    Some(SiteLines {
        site: site.into(),
        keys: keys.to_vec(),
    })
}

/// Per-site line counts (corpus-aware chrome): a document's lines are
/// counted when it is stored, once, whatever the batches and repeats.
pub fn site_lines_count_each_stored_document_once(mut s: Box<dyn Store>) {
    assert_eq!(s.site_line_counts("gazette", &[1, 2]).unwrap(), vec![0, 0]);
    assert_eq!(s.site_documents("gazette").unwrap(), 0);
    let a = sample_article(120, "gazette", None);
    let b = sample_article(121, "gazette", None);
    let c = sample_article(122, "herald", None);
    // A key given twice for one document counts once; b is named twice in
    // the batch; c has no lines to count.
    let out = s
        .put_articles_counting(
            &[a.clone(), b.clone(), b.clone(), c.clone()],
            &[
                lines("gazette", &[1, 2, 2]),
                lines("gazette", &[1, u64::MAX]),
                lines("gazette", &[1, u64::MAX]),
                None,
            ],
        )
        .unwrap();
    assert!(matches!(out[0], PutOutcome::New(_)));
    assert_eq!(out[2], PutOutcome::Unchanged);
    assert_eq!(
        s.site_line_counts("gazette", &[1, 2, u64::MAX, 3]).unwrap(),
        vec![2, 1, 1, 0]
    );
    assert_eq!(s.site_documents("gazette").unwrap(), 2);
    assert_eq!(s.site_documents("herald").unwrap(), 0);
    // Storing the same documents again (re-ingesting a file) adds nothing;
    // a new document of the site adds its lines; another site is apart.
    let d = sample_article(123, "gazette", None);
    let e = sample_article(124, "herald", None);
    s.put_articles_counting(
        &[a, b, d, e],
        &[
            lines("gazette", &[1, 2]),
            lines("gazette", &[1]),
            lines("gazette", &[1, 3]),
            lines("herald", &[1]),
        ],
    )
    .unwrap();
    assert_eq!(
        s.site_line_counts("gazette", &[1, 2, 3]).unwrap(),
        vec![3, 1, 1]
    );
    assert_eq!(s.site_line_counts("herald", &[1, 2]).unwrap(), vec![1, 0]);
    assert_eq!(s.site_documents("gazette").unwrap(), 3);
    assert_eq!(s.site_documents("herald").unwrap(), 1);
    // Plain put_articles counts nothing.
    s.put_articles(&[sample_article(125, "gazette", None)])
        .unwrap();
    assert_eq!(s.site_documents("gazette").unwrap(), 3);
}

/// An entity's events and first articles come from indexes kept when
/// entities are replaced and when events are saved, in timeline order and a
/// page at a time, with totals of everything.
pub fn entity_pages_and_timelines_are_read_a_page_at_a_time(mut s: Box<dyn Store>) {
    let arts = [
        sample_article(60, "AFP", Some((2018, 1, 16))),
        sample_article(61, "AFP", Some((2018, 1, 17))),
        sample_article(62, "AFP", None),
        sample_article(63, "AFP", Some((2018, 1, 15))),
    ];
    s.put_articles(&arts).unwrap();
    let mut only_karim = sample_annotations();
    only_karim.mentions.truncate(2);
    let mut batch: Vec<(ArticleId, Annotations)> = arts[..3]
        .iter()
        .map(|a| (a.id.clone(), sample_annotations()))
        .collect();
    batch.push((arts[3].id.clone(), only_karim.clone()));
    s.put_annotations(&batch).unwrap();
    // Events saved before the entities are resolved.
    s.put_events(&EventUpdate {
        events: vec![
            sample_event(10, 0, Some((2018, 1, 20)), &[60]),
            sample_event(11, 0, Some((2018, 1, 10)), &[61]),
            sample_event(12, 0, None, &[62]),
            sample_event(13, 0, Some((2018, 1, 1)), &[63]),
        ],
        stories: vec![],
        state: "{}".into(),
        through_seq: 4,
    })
    .unwrap();
    let page = |s: &dyn Store, id: &str, offset: usize, limit: usize| {
        let (events, total) = s.entity_events(id, offset, limit).unwrap();
        (events.iter().map(|e| e.id).collect::<Vec<u64>>(), total)
    };
    assert_eq!(page(&*s, "e1", 0, 10), (vec![], 0), "no entities yet");
    s.replace_entities(&sample_entities()).unwrap();
    assert_eq!(page(&*s, "e1", 0, 10), (vec![13, 11, 10, 12], 4));
    assert_eq!(page(&*s, "e2", 0, 10), (vec![11, 10, 12], 3));
    assert_eq!(page(&*s, "e1", 1, 2), (vec![11, 10], 4));
    assert_eq!(page(&*s, "e1", 4, 2), (vec![], 4));
    assert_eq!(page(&*s, "nobody", 0, 10), (vec![], 0));
    // An article annotated and resolved, then clustered into a new event.
    let late = sample_article(64, "AFP", Some((2018, 2, 1)));
    s.put_articles(std::slice::from_ref(&late)).unwrap();
    s.put_annotations(&[(late.id.clone(), only_karim)]).unwrap();
    s.replace_entities(&sample_entities()).unwrap();
    let new_event = |day| EventUpdate {
        events: vec![sample_event(14, 0, day, &[64])],
        stories: vec![],
        state: "{}".into(),
        through_seq: 5,
    };
    s.put_events(&new_event(Some((2018, 2, 1)))).unwrap();
    assert_eq!(page(&*s, "e1", 0, 10), (vec![13, 11, 10, 14, 12], 5));
    assert_eq!(page(&*s, "e2", 0, 10).1, 3);
    // Saved again, undated: moved, not doubled.
    s.put_events(&new_event(None)).unwrap();
    assert_eq!(page(&*s, "e1", 0, 10), (vec![13, 11, 10, 12, 14], 5));
    // The head of an entity: its first articles in date order, undated
    // last, and the counts of all of them, the same as the whole entity's.
    let whole = s.entity("e1").unwrap().unwrap();
    let ids = |d: &crate::EntityDetail| {
        d.articles_list
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&whole),
        vec![
            arts[3].id.clone(),
            arts[0].id.clone(),
            arts[1].id.clone(),
            late.id.clone(),
            arts[2].id.clone()
        ]
    );
    assert!(whole.articles_list.iter().all(|a| a.mentions == 2));
    let head = s.entity_head("karim hadad", 2).unwrap().unwrap();
    assert_eq!(ids(&head), ids(&whole)[..2].to_vec());
    assert_eq!(head.summary, whole.summary);
    assert_eq!(head.summary.articles, 5);
    assert_eq!(head.summary.mentions, 10);
    assert_eq!(
        head.summary.aliases,
        vec![("Haddad".to_string(), 5), ("Karim Haddad".to_string(), 5)]
    );
    assert_eq!(
        s.list_entities(Some(EntityKind::Person)).unwrap()[0],
        head.summary,
        "the list counts as the head does"
    );
    assert!(s
        .entity_head("e1", 0)
        .unwrap()
        .unwrap()
        .articles_list
        .is_empty());
    // Forgetting events or entities empties the index.
    s.clear_events().unwrap();
    assert_eq!(page(&*s, "e1", 0, 10), (vec![], 0));
    s.replace_entities(&[]).unwrap();
    assert!(s.entity_head("e1", 10).unwrap().is_none());
}

/// Contract check: an entity is found by the key of any name its mentions
/// were written with (what alias-aware search asks once per word).
pub fn entities_are_found_by_the_keys_of_their_written_names(mut s: Box<dyn Store>) {
    put_annotated_article(&mut *s, 70);
    assert!(
        s.entities_named("hadad", 2).unwrap().is_empty(),
        "unresolved"
    );
    s.replace_entities(&sample_entities()).unwrap();
    assert_eq!(s.entities_named("karim hadad", 2).unwrap(), vec!["e1"]);
    assert_eq!(s.entities_named("hadad", 2).unwrap(), vec!["e1"]);
    assert_eq!(s.entities_named("fsa", 2).unwrap(), vec!["e2"]);
    assert!(s.entities_named("nobody", 2).unwrap().is_empty());
    assert!(s.entities_named("hadad", 0).unwrap().is_empty());
}

/// An article alert of `watch` for `item`, found at sequence number `seq`
/// and raised at `raised_at`, not yet delivered.
fn sample_alert(watch: &str, item: &str, seq: i64, raised_at: &str) -> Alert {
    Alert {
        watch: watch.into(),
        item: item.into(),
        kind: "article".into(),
        title: format!("Title {item}"),
        reason: "mentions hts".into(),
        raised_at: raised_at.into(),
        seq,
        delivery: None,
    }
}

/// Saves a watch named `name` that sets no condition and has no webhook.
fn put_plain_watch(s: &mut dyn Store, name: &str) {
    s.put_watch(&Watch {
        name: name.into(),
        ..Watch::default()
    })
    .unwrap();
}

/// Watches are saved, replaced and removed by name; an alert is recorded
/// once per watch and item, the mark only moves forward, and removing a
/// watch removes its alerts.
pub fn watches_round_trip_and_record_each_alert_once(mut s: Box<dyn Store>) {
    let w = Watch {
        name: "idlib".into(),
        query: Some("hts \"idlib province\"".into()),
        entity: Some("hts".into()),
        story: Some(7),
        speaker: Some("karim hadad".into()),
        min_sources: Some(2),
        mark: 0,
        webhook: None,
        secret_env: None,
    };
    s.put_watch(&w).unwrap();
    put_plain_watch(&mut *s, "other");
    assert_eq!(s.watch("idlib").unwrap(), Some(w.clone()));
    let names: Vec<String> = s.watches().unwrap().into_iter().map(|w| w.name).collect();
    assert_eq!(names, ["idlib", "other"]);
    assert_eq!(s.watch("nope").unwrap(), None);

    let alert = |item: &str, seq: i64, at: &str| sample_alert("idlib", item, seq, at);
    let first = [
        alert("a1", 1, "2026-01-01T00:00:00Z"),
        alert("a2", 2, "2026-01-02T00:00:00Z"),
    ];
    assert_eq!(s.record_alerts("idlib", &first, 2).unwrap().len(), 2);
    // The same items again (a re-ingest) raise nothing new.
    let again = [
        alert("a2", 2, "2026-01-03T00:00:00Z"),
        alert("a3", 3, "2026-01-03T00:00:00Z"),
    ];
    let new = s.record_alerts("idlib", &again, 3).unwrap();
    assert_eq!(
        new.iter().map(|a| a.item.as_str()).collect::<Vec<_>>(),
        ["a3"]
    );
    assert_eq!(s.watch("idlib").unwrap().unwrap().mark, 3);
    s.record_alerts("idlib", &[], 1).unwrap();
    assert_eq!(
        s.watch("idlib").unwrap().unwrap().mark,
        3,
        "the mark never moves back"
    );

    let all = s.alerts("idlib", None).unwrap();
    assert_eq!(
        all.iter().map(|a| a.item.as_str()).collect::<Vec<_>>(),
        ["a3", "a2", "a1"]
    );
    assert_eq!(
        all[1].raised_at, "2026-01-02T00:00:00Z",
        "the first record stands"
    );
    let since = s.alerts("idlib", Some("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!(since.len(), 2);
    assert!(s.alerts("other", None).unwrap().is_empty());

    // Saving a watch again keeps its alerts.
    s.put_watch(&Watch {
        mark: 3,
        ..w.clone()
    })
    .unwrap();
    assert_eq!(s.alerts("idlib", None).unwrap().len(), 3);
    assert!(s.remove_watch("idlib").unwrap());
    assert!(!s.remove_watch("idlib").unwrap());
    assert!(s.alerts("idlib", None).unwrap().is_empty());
    assert_eq!(s.watches().unwrap().len(), 1);
}

/// A watch with a webhook records each new alert's delivery as pending in
/// the same step; due deliveries are the pending ones and the failed ones
/// whose next try has come; a delivered one is never due again and its
/// state cannot be changed back; a watch without a webhook has none.
pub fn webhook_deliveries_start_pending_and_a_delivered_one_stays(mut s: Box<dyn Store>) {
    use crate::{Delivery, DELIVERY_DELIVERED, DELIVERY_FAILED, DELIVERY_PENDING};
    let hooked = Watch {
        name: "hooked".into(),
        webhook: Some("http://127.0.0.1:9/hook".into()),
        secret_env: Some("HOOK_SECRET".into()),
        ..Watch::default()
    };
    s.put_watch(&hooked).unwrap();
    put_plain_watch(&mut *s, "plain");
    assert_eq!(s.watch("hooked").unwrap(), Some(hooked.clone()));
    let alert =
        |watch: &str, item: &str, seq: i64| sample_alert(watch, item, seq, "2026-01-01T00:00:00Z");
    let new = s
        .record_alerts(
            "hooked",
            &[alert("hooked", "a1", 1), alert("hooked", "a2", 2)],
            2,
        )
        .unwrap();
    assert!(new
        .iter()
        .all(|a| a.delivery.as_ref().map(|d| d.state.as_str()) == Some(DELIVERY_PENDING)));
    let plain = s
        .record_alerts("plain", &[alert("plain", "a1", 1)], 2)
        .unwrap();
    assert_eq!(plain[0].delivery, None, "no webhook, no delivery");

    let now = "2026-01-01T00:01:00Z";
    let due: Vec<(String, String)> = s
        .due_deliveries(now, 10)
        .unwrap()
        .into_iter()
        .map(|a| (a.watch, a.item))
        .collect();
    assert_eq!(
        due,
        [
            ("hooked".into(), "a1".into()),
            ("hooked".into(), "a2".into())
        ]
    );
    assert_eq!(s.due_deliveries(now, 1).unwrap().len(), 1);

    let failed = Delivery {
        state: DELIVERY_FAILED.into(),
        attempts: 1,
        next_try: Some("2026-01-01T00:02:00Z".into()),
        last_error: Some("HTTP 500".into()),
        delivered_at: None,
    };
    assert!(s.set_delivery("hooked", "a1", &failed).unwrap());
    let delivered = Delivery {
        state: DELIVERY_DELIVERED.into(),
        attempts: 1,
        next_try: None,
        last_error: None,
        delivered_at: Some(now.into()),
    };
    assert!(s.set_delivery("hooked", "a2", &delivered).unwrap());
    assert!(
        s.due_deliveries(now, 10).unwrap().is_empty(),
        "a failed delivery waits for its next try"
    );
    let later = s.due_deliveries("2026-01-01T00:02:00Z", 10).unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].item, "a1");
    assert_eq!(later[0].delivery, Some(failed.clone()));

    assert!(
        !s.set_delivery("hooked", "a2", &Delivery::pending())
            .unwrap(),
        "a delivered alert stays delivered"
    );
    let shown = s.alerts("hooked", None).unwrap();
    assert_eq!(shown[0].item, "a2");
    assert_eq!(shown[0].delivery, Some(delivered));
    assert_eq!(shown[1].delivery, Some(failed));
    assert_eq!(s.alerts("plain", None).unwrap()[0].delivery, None);

    // Recording the same alert again adds no second delivery.
    let again = s
        .record_alerts("hooked", &[alert("hooked", "a2", 2)], 2)
        .unwrap();
    assert!(again.is_empty());
    assert!(s.remove_watch("hooked").unwrap());
    assert!(s
        .due_deliveries("2030-01-01T00:00:00Z", 10)
        .unwrap()
        .is_empty());
}

/// Contract check: a feed stub waits for its page under its URL key (any
/// spelling of the URL finds it); the same stub kept again is no news, a
/// changed one replaces it; once filled it never waits again; and a stub
/// whose page is stored already is filled at once.
pub fn feed_stubs_wait_for_their_page_and_are_filled_once(mut s: Box<dyn Store>) {
    let stub = |url: &str, title: &str| FeedStub {
        url: url.into(),
        title: Some(title.into()),
        published: Some("2026-03-02T08:00:00Z".into()),
        published_rule: "feed.published".into(),
        author: None,
        source: None,
        locator: "feed.xml#item=1".into(),
    };
    let first = stub("https://Example.com/port#top", "Port reopens");
    assert_eq!(s.pending_feed_stub_count().unwrap(), 0);
    assert_eq!(s.keep_feed_stub(&first).unwrap(), StubKept::Pending);
    assert_eq!(s.keep_feed_stub(&first).unwrap(), StubKept::Known);
    let changed = stub("https://example.com/port/", "Port reopens after strike");
    assert_eq!(s.keep_feed_stub(&changed).unwrap(), StubKept::Pending);
    assert_eq!(s.pending_feed_stub_count().unwrap(), 1);
    let key = FeedStub::url_key("https://example.com/port");
    assert_eq!(s.pending_feed_stub(&key).unwrap(), Some(changed.clone()));
    assert_eq!(
        s.pending_feed_stub("https://example.com/other").unwrap(),
        None
    );

    s.fill_feed_stubs(std::slice::from_ref(&key)).unwrap();
    assert_eq!(s.pending_feed_stub(&key).unwrap(), None);
    assert_eq!(s.pending_feed_stub_count().unwrap(), 0);
    assert_eq!(s.keep_feed_stub(&changed).unwrap(), StubKept::Known);
    assert_eq!(s.pending_feed_stub(&key).unwrap(), None);

    let mut page = sample_article(96, "example.com", None);
    page.url = Some("https://example.com/stored".into());
    s.put_articles(&[page]).unwrap();
    let late = stub("https://example.com/stored/", "Stored before its feed");
    assert_eq!(s.keep_feed_stub(&late).unwrap(), StubKept::PageStored);
    assert_eq!(s.pending_feed_stub_count().unwrap(), 0);
    assert_eq!(s.keep_feed_stub(&late).unwrap(), StubKept::Known);
}
