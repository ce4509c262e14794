//! An entity's timeline holds the events about it, not every event that
//! names it; stories and events are headed by cleaned article titles.

mod common;
use common::*;

/// Two reports about Gaddafi, and a profile of someone else that names him
/// once in passing among many other names.
const ARTICLES: &str = r#"{"id": "libya-1", "source": "Wire One", "published": "2011-03-01", "title": "Gaddafi vows to fight on | World news | The Guardian", "text": "Libyan leader Muammar Gaddafi said on Tuesday that his forces would fight on against the rebels. \"We will never surrender,\" Muammar Gaddafi told supporters in Tripoli. Gaddafi has ruled Libya since 1969."}
{"id": "libya-2", "source": "Daily Two", "published": "2011-03-02", "title": "Gaddafi forces shell rebel towns", "text": "Forces loyal to Muammar Gaddafi shelled rebel towns near Tripoli on Wednesday, residents said. Gaddafi has vowed to fight on against the rebels in Libya."}
{"id": "bank-1", "source": "Paper Three", "published": "2005-06-01", "title": "Wolfowitz takes charge at the World Bank", "text": "Paul Wolfowitz took charge of the World Bank in Washington on Wednesday. Wolfowitz told staff that Africa would be his first priority, and James Wolfensohn wished him well. Colleagues at the Pentagon, among them Donald Rumsfeld and Douglas Feith, praised his energy, while Kofi Annan and Gordon Brown welcomed the choice. Critics in Berlin and Paris recalled his role in planning the Iraq war with Dick Cheney. He once said he had met Muammar Gaddafi, and George Bush called him a decent man. Shaha Riza, Jeffrey Sachs and Joseph Stiglitz asked how the World Bank would change in Africa."}
"#;

fn ingested() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, data) = data_dir();
    let feed = tmp.path().join("articles.jsonl");
    std::fs::write(&feed, ARTICLES).unwrap();
    ingest_ok(&data, &feed);
    (tmp, data)
}

/// The member article ids of each timeline entry.
fn entry_articles(data: &std::path::Path, args: &[&str]) -> Vec<Vec<String>> {
    let r = run_ok(data, args);
    r.json_lines()
        .iter()
        .map(|e| {
            e["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn regression_passing_mention_puts_event_in_entity_timeline() {
    let (_tmp, data) = ingested();
    let ids: std::collections::HashMap<String, String> = run(&data, &["articles", "--json"])
        .json_lines()
        .iter()
        .map(|a| {
            (
                a["title"].as_str().unwrap()[..10].to_string(),
                a["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let profile = &ids["Wolfowitz "];
    let about = entry_articles(&data, &["timeline", "Gaddafi", "--json"]);
    assert!(!about.is_empty(), "the Libya reports are about Gaddafi");
    assert!(
        about.iter().all(|arts| !arts.contains(profile)),
        "the profile names Gaddafi once in passing: {about:?}"
    );
    let all = entry_articles(&data, &["timeline", "Gaddafi", "--all-mentions", "--json"]);
    assert!(
        all.iter().any(|arts| arts.contains(profile)),
        "--all-mentions keeps every event that names him: {all:?}"
    );
    assert_eq!(all.len(), about.len() + 1);
}

#[test]
fn stories_and_events_are_headed_by_cleaned_titles() {
    let (_tmp, data) = ingested();
    let stories = run(&data, &["stories", "--json"]).json_lines();
    let labels: Vec<&str> = stories
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    // A headline, not a word list, and without the site name.
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Gaddafi") && !l.contains('|') && !l.contains(" / ")),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"Wolfowitz takes charge at the World Bank"),
        "{labels:?}"
    );
    // The word list stays as the story's terms.
    assert!(stories
        .iter()
        .all(|s| !s["terms"].as_array().unwrap().is_empty()));
    let events = run(&data, &["events", "--json"]).json_lines();
    assert!(events
        .iter()
        .all(|e| !e["headline"].as_str().unwrap().contains("The Guardian")));
}
