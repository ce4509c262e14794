//! Tests of the deduplication stage: fingerprints, LSH, verification and groups.

use super::fingerprint::{for_each_token, minhash_split, shingle_hash, splitmix64};
use super::*;
use chrono::NaiveDate;
use xxhash_rust::xxh3::xxh3_64;

fn para(seed: usize, words: usize) -> String {
    // Distinct pseudo-words per seed so paragraphs do not overlap.
    (0..words)
        .map(|w| format!("w{}x{}", seed, (w * 7919 + seed * 31) % 10007))
        .collect::<Vec<_>>()
        .join(" ")
}

fn doc(paras: &[usize]) -> String {
    paras
        .iter()
        .map(|&p| para(p, 40))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn regression_crowded_buckets_stay_linear() {
    // 2,000 documents in one bucket of every band: each is paired with
    // the bucket's anchors only, not with all 1,999 others.
    let keys: Vec<Option<[u64; BANDS]>> = (0..2000).map(|_| Some([7; BANDS])).collect();
    let pairs = candidate_pairs(&keys);
    assert!(pairs.len() < 2000 * BUCKET_ANCHORS, "{}", pairs.len());
    // Every document still meets at least one anchor.
    let mut seen = vec![false; 2000];
    for (a, b) in &pairs {
        seen[*a as usize] = true;
        seen[*b as usize] = true;
    }
    assert!(seen.iter().all(|s| *s));
}

#[test]
fn punctuation_case_and_spacing_do_not_change_the_text_hash() {
    let a = Fingerprint::of("The head of Syria's alliance called on rebels, Tuesday.");
    let b = Fingerprint::of("the HEAD of Syria’s alliance\n\ncalled on rebels Tuesday");
    assert_eq!(a.text_hash, b.text_hash);
    assert_eq!(a.shingles, b.shingles);
    assert_ne!(a.text_hash, Fingerprint::of("the head of Syria").text_hash);
}

#[test]
fn band_keys_ignore_case_and_punctuation() {
    let fp = Fingerprint::of("one two three four five six");
    assert_eq!(fp.shingles.len(), 2);
    assert_eq!(
        fp.band_keys(),
        Fingerprint::of("One two, three four five six.").band_keys()
    );
}

#[test]
fn short_lines_that_sites_change_are_not_shingled() {
    let body = doc(&[1, 2, 3]);
    let plain = Fingerprint::of(&body);
    let wrapped = Fingerprint::of(&format!(
        "Home | World | Business\nThe Evening Paper\nRebels urged to unite\n\n{body}\n\nRelated:\nOther news today"
    ));
    assert_eq!(plain.shingles, wrapped.shingles);
    assert_ne!(plain.text_hash, wrapped.text_hash);
    // A text made only of short lines (a table of figures) is still shingled.
    let table = Fingerprint::of(
        "Shr 10 cts vs 12 cts\nNet 1,000 vs 2,000\nRevs 5 mln vs 6 mln\nAvg shrs 3 mln",
    );
    assert!(table.shingles.len() > 5);
}

#[test]
fn regression_related_headlines_of_eight_words_or_more_are_not_shingled() {
    let body = doc(&[1, 2, 3]);
    let plain = Fingerprint::of(&body);
    let wrapped = Fingerprint::of(&format!(
        "UPDATE: Rebels Urged To Unite As Talks Resume In The Capital\n\n{body}\n\n\
         Related:\nSeptember 30, 2010 - 1:46 PM | by: Staff Across the Gulf of Mexico, from the\n\
         Malaria is more deadly than swine flu, experts warn in a new report\n\
         Your email address will not be published. Required fields are marked *"
    ));
    assert_eq!(plain.shingles, wrapped.shingles);
    // A sentence of the same length is body text, and so is a row of figures.
    let sentence = Fingerprint::of(&format!(
        "{body}\nThe talks resume in the capital next week."
    ));
    assert!(sentence.shingles.len() > plain.shingles.len());
    let figures = Fingerprint::of(&format!(
        "{body}\nNet loss 9,883,000 vs loss 2,744,000 last year"
    ));
    assert!(figures.shingles.len() > plain.shingles.len());
}

#[test]
fn fast_minhash_equals_the_definition() {
    // Stored band keys must not depend on the processor: the vector path
    // gives exactly the values of the 64-bit definition.
    let mut state = 1u64;
    let shingles: Vec<u32> = (0..500)
        .map(|_| {
            let (s, x) = splitmix64(state);
            state = s;
            x as u32
        })
        .chain([0, 1, u32::MAX])
        .collect();
    assert_eq!(minhash(&shingles), minhash_reference(&shingles));
    assert_eq!(minhash_split(&shingles), minhash_reference(&shingles));
    assert_eq!(minhash(&[]), [u32::MAX; NUM_HASHES]);
}

#[test]
fn tokens_are_lowercase_words_whatever_the_script() {
    let t: Vec<String> = tokens("The ÉTÉ of Syria's 2018-01").collect();
    assert_eq!(t, ["the", "été", "of", "syria", "s", "2018", "01"]);
    let mut lower = Vec::new();
    for line in [
        "The ÉTÉ of Syria's 2018-01",
        "ALL CAPS, Mixed-case 42x",
        "ΟΔΟΣ Σ",
    ] {
        let mut fast: Vec<String> = Vec::new();
        for_each_token(line, &mut lower, |t| {
            fast.push(String::from_utf8(t.to_vec()).unwrap())
        });
        assert_eq!(fast, tokens(line).collect::<Vec<_>>());
    }
    // The fingerprint's one-pass ASCII tokenizer gives what `tokens` does.
    let reference = |text: &str| {
        let (mut stream, mut hashes) = (String::new(), Vec::new());
        for t in tokens(text) {
            if !stream.is_empty() {
                stream.push(' ');
            }
            stream.push_str(&t);
            hashes.push(xxh3_64(t.as_bytes()));
        }
        (xxh3_64(stream.as_bytes()), hashes)
    };
    for text in [
        "Shr 10 cts vs 12 cts\nNet 1,000 vs 2,000 [Q4] REVENUES up_3%",
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.\n\n  Arrivals: 155,221 bags\t(60 KILOS)",
        "",
        "x",
        "The ÉTÉ of Syria's rebels\nin 2018 and MORE words here, said the AFP.",
    ] {
        let (hash, hashes) = reference(text);
        let fp = Fingerprint::of(text);
        assert_eq!(fp.text_hash, hash, "{text}");
        // These texts have fewer body words than MIN_BODY_WORDS, so every
        // token is shingled.
        let mut windows: Vec<u32> = if hashes.is_empty() {
            Vec::new()
        } else if hashes.len() < SHINGLE_WORDS {
            vec![shingle_hash(&hashes)]
        } else {
            hashes.windows(SHINGLE_WORDS).map(shingle_hash).collect()
        };
        windows.sort_unstable();
        windows.dedup();
        assert_eq!(fp.shingles, windows, "{text}");
    }
    let a = Fingerprint::of("The ÉTÉ of Syria's rebels in 2018 and more words here");
    let b = Fingerprint::of("the été of syria s rebels in 2018 and more words here");
    assert_eq!(a, b);
}

#[test]
fn similarity_is_real_jaccard_and_containment() {
    let s = similarity(&[1, 2, 3, 4], &[3, 4, 5]);
    assert!((s.jaccard - 2.0 / 5.0).abs() < 1e-9);
    assert!((s.a_in_b - 0.5).abs() < 1e-9);
    assert!((s.b_in_a - 2.0 / 3.0).abs() < 1e-9);
}

#[test]
fn minhash_agreement_estimates_jaccard() {
    let a = Fingerprint::of(&doc(&(0..10).collect::<Vec<_>>()));
    let b = Fingerprint::of(&doc(&(3..13).collect::<Vec<_>>()));
    let real = similarity(&a.shingles, &b.shingles).jaccard;
    let (sa, sb) = (a.signature(), b.signature());
    let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / NUM_HASHES as f64;
    assert!((real - est).abs() < 0.15, "real {real} estimate {est}");
}

#[test]
fn a_cut_copy_with_an_inserted_paragraph_is_a_copy() {
    let original = Fingerprint::of(&doc(&[1, 2, 3, 4, 5, 6, 7, 8]));
    // First and last paragraphs cut, one paragraph of its own inserted.
    let copy = Fingerprint::of(&doc(&[2, 3, 4, 100, 5, 6, 7]));
    let (kind, sim) = judge(&original, &copy, &DedupParams::default()).expect("linked");
    assert!(kind.is_copy(), "{kind:?} {sim:?}");
    assert!(sim.b_in_a > 0.8);
    let keys = [Some(original.band_keys()), Some(copy.band_keys())];
    assert_eq!(candidate_pairs(&keys), vec![(0, 1)]);
}

#[test]
fn a_long_text_quoting_a_short_one_embeds_it_without_being_a_copy() {
    let brief = Fingerprint::of(&doc(&[1, 2]));
    let analysis = Fingerprint::of(&doc(&[1, 2, 10, 11, 12, 13, 14, 15]));
    let (kind, sim) = judge(&brief, &analysis, &DedupParams::default()).expect("linked");
    assert_eq!(kind, LinkKind::Embeds);
    assert!(sim.a_in_b > 0.9);
}

#[test]
fn regression_a_truncated_copy_under_half_the_length_is_a_copy() {
    // A copy that kept 2 of the original's 4 paragraphs, word for word
    // (just under half of its shingles).
    let original = Fingerprint::of(&doc(&[1, 2, 3, 4]));
    let cut = Fingerprint::of(&doc(&[2, 3]));
    let (kind, sim) = judge(&cut, &original, &DedupParams::default()).expect("linked");
    assert!(kind.is_copy(), "{kind:?} {sim:?}");
    // Two paragraphs of ten quoted in a longer text are still only embedded.
    let long = Fingerprint::of(&doc(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    let quoted = Fingerprint::of(&doc(&[4, 5]));
    assert_eq!(
        judge(&quoted, &long, &DedupParams::default()).map(|x| x.0),
        Some(LinkKind::Embeds)
    );
}

#[test]
fn unrelated_texts_on_one_topic_are_not_linked() {
    let a = Fingerprint::of(&doc(&[1, 2, 3, 4]));
    let b = Fingerprint::of(&doc(&[5, 6, 7, 8]));
    assert_eq!(judge(&a, &b, &DedupParams::default()), None);
}

#[test]
fn groups_do_not_depend_on_input_order() {
    let texts = [
        doc(&[1, 2, 3, 4, 5]),
        doc(&[20, 21, 22]),
        doc(&[1, 2, 3, 4]),
        doc(&[2, 3, 4, 5, 6]),
        doc(&[20, 21, 22]),
        doc(&[40, 41, 42]),
    ];
    let run = |order: &[usize]| {
        let fps: Vec<Fingerprint> = order.iter().map(|&i| Fingerprint::of(&texts[i])).collect();
        let links = find_links(&fps, &DedupParams::default());
        let mut gs: Vec<Vec<usize>> = groups(fps.len(), &links)
            .into_iter()
            .map(|g| {
                let mut g: Vec<usize> = g.into_iter().map(|k| order[k]).collect();
                g.sort();
                g
            })
            .collect();
        gs.sort();
        gs
    };
    let forward = run(&[0, 1, 2, 3, 4, 5]);
    assert_eq!(forward, vec![vec![0, 2, 3], vec![1, 4]]);
    assert_eq!(run(&[5, 4, 3, 2, 1, 0]), forward);
    assert_eq!(run(&[3, 1, 5, 0, 4, 2]), forward);
}

#[test]
fn canonical_is_the_most_complete_then_earliest_then_smallest_id() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    let m = |id, shingles, date| MemberInfo {
        id,
        shingles,
        date,
        wire_credit: None,
    };
    let members = [
        m("b", 100, d(2018, 1, 17)),
        m("a", 90, d(2018, 1, 1)),
        m("c", 100, d(2018, 1, 16)),
        m("d", 100, None),
    ];
    assert_eq!(canonical(&members), Some(2));
    let mut reversed = members.to_vec();
    reversed.reverse();
    assert_eq!(reversed[canonical(&reversed).unwrap()].id, "c");
}

#[test]
fn origin_is_the_most_credited_wire() {
    let m = |w| MemberInfo {
        id: "x",
        shingles: 1,
        date: None,
        wire_credit: w,
    };
    assert_eq!(
        origin(&[m(Some("AFP")), m(None), m(Some("Reuters")), m(Some("AFP"))]),
        Some("AFP".into())
    );
    assert_eq!(origin(&[m(None), m(None)]), None);
}
