//! `/api/timeline?q=NAME`: an entity's events where it is salient, and
//! with `all_mentions=true` every event that names it.

mod common;

use common::*;

/// Two reports about Gaddafi, and a profile of someone else that names him
/// once in passing among many other names.
const ARTICLES: &str = r#"{"id": "libya-1", "source": "Wire One", "published": "2011-03-01", "title": "Gaddafi vows to fight on | World news | The Guardian", "text": "Libyan leader Muammar Gaddafi said on Tuesday that his forces would fight on against the rebels. \"We will never surrender,\" Muammar Gaddafi told supporters in Tripoli. Gaddafi has ruled Libya since 1969."}
{"id": "libya-2", "source": "Daily Two", "published": "2011-03-02", "title": "Gaddafi forces shell rebel towns", "text": "Forces loyal to Muammar Gaddafi shelled rebel towns near Tripoli on Wednesday, residents said. Gaddafi has vowed to fight on against the rebels in Libya."}
{"id": "bank-1", "source": "Paper Three", "published": "2005-06-01", "title": "Wolfowitz takes charge at the World Bank", "text": "Paul Wolfowitz took charge of the World Bank in Washington on Wednesday. Wolfowitz told staff that Africa would be his first priority, and James Wolfensohn wished him well. Colleagues at the Pentagon, among them Donald Rumsfeld and Douglas Feith, praised his energy, while Kofi Annan and Gordon Brown welcomed the choice. Critics in Berlin and Paris recalled his role in planning the Iraq war with Dick Cheney. He once said he had met Muammar Gaddafi, and George Bush called him a decent man. Shaha Riza, Jeffrey Sachs and Joseph Stiglitz asked how the World Bank would change in Africa."}
"#;

#[test]
fn regression_passing_mention_puts_event_in_api_timeline() {
    let (_tmp, feed) = input_file("articles.jsonl", ARTICLES);
    let server = serve(&[feed], |_| {}, None);
    let headlines = |path: &str| -> Vec<String> {
        let (status, body) = get(&server.base, path);
        assert_eq!(status, 200, "{body}");
        strings(&body["entries"], "headline")
    };
    let about = headlines("/api/timeline?q=Gaddafi");
    assert!(!about.is_empty());
    assert!(about.iter().all(|h| !h.contains("Wolfowitz")), "{about:?}");
    let all = headlines("/api/timeline?q=Gaddafi&all_mentions=true");
    assert!(all.iter().any(|h| h.contains("Wolfowitz")), "{all:?}");
}
