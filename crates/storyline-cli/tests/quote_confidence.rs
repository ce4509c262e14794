//! `storyline quotes` marks a speaker it attributes only with low
//! confidence (`Name (?)`), and `--json` keeps each sighting's confidence.

mod common;
use common::*;

const ARTICLE: &str = "Rebels hold the port of Misrata as fuel runs short

Rebels held the port of Misrata on Tuesday after a week of shelling by government forces, and ships carrying fuel and food reached the harbour for the first time in a month.

Fathi Terbil, who has acted for the families of prisoners in Benghazi, visited the port on Tuesday and met the men unloading the ships.

\"We have enough fuel for a month, no more than that,\" he said.

\"The city will not fall while the port stays open to the sea,\" Mustafa Abdel Jalil said in Benghazi.
";

#[test]
fn quotes_listing_marks_low_confidence_speakers() {
    let tmp = tempfile::tempdir().unwrap();
    let input = new_dir(tmp.path(), "in");
    std::fs::write(input.join("misrata.txt"), ARTICLE).unwrap();
    let data = tmp.path().join("data");
    ingest_ok(&data, &input);

    let listing = run_ok(&data, &["quotes"]);
    let line_of = |words: &str| {
        listing
            .stdout
            .lines()
            .find(|l| l.contains(words))
            .unwrap_or_else(|| panic!("no quote with {words:?} in\n{}", listing.stdout))
            .to_string()
    };
    // "he said" after a name of unknown gender: a guess, marked.
    assert!(
        line_of("enough fuel").contains("Fathi Terbil (?)"),
        "{}",
        listing.stdout
    );
    // A speaker named at the cue: not marked.
    let named = line_of("will not fall");
    assert!(
        named.contains("Mustafa Abdel Jalil") && !named.contains("(?)"),
        "{named}"
    );

    let json = run(&data, &["quotes", "--json"]).json_lines();
    let fuel = json
        .iter()
        .find(|q| q["text"].as_str().unwrap_or("").contains("enough fuel"))
        .expect("the fuel quote in --json");
    let confidence = fuel["articles"][0]["confidence"].as_f64().unwrap();
    assert!(confidence < 0.7, "{fuel}");
}
