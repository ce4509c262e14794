//! Watches through the real binary: saved, matched after every ingest
//! against the new articles only, each alert raised once.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

fn alerted(data: &Path, watch: &str) -> Vec<String> {
    sorted_titles(&run_ok(data, &["watch", "show", watch, "--json"]))
}

#[test]
fn a_feed_updated_in_three_steps_alerts_exactly_for_new_matching_items() {
    let (tmp, data) = data_dir();
    let feed = tmp.path().join("wire.rss");
    let feed_arg = feed.to_str().unwrap();
    for args in [
        &["watch", "add", "idlib", "--query", "hts \"idlib province\""][..],
        &["watch", "add", "ports", "--query", "port"][..],
    ] {
        run_ok(&data, args);
    }
    let hts1 = feed_item(
        "hts-1",
        "HTS fighters enter villages",
        "Fighters of HTS entered three villages in Idlib province overnight.",
    );
    let port1 = feed_item(
        "port-1",
        "Tripoli port reopens",
        "The port of Tripoli reopened after dock workers ended their strike.",
    );
    let hts2 = feed_item(
        "hts-2",
        "Shelling near Saraqeb",
        "HTS said shelling hit a market in Idlib province on Saturday.",
    );
    let other = feed_item(
        "weather",
        "Snow closes mountain roads",
        "Heavy snow closed the mountain roads above Zahle for a second day.",
    );
    let not_phrase = feed_item(
        "hts-3",
        "Talks in Ankara",
        "HTS envoys met officials in Ankara; the province of Idlib was not discussed.",
    );
    let port2 = feed_item(
        "port-2",
        "Beirut port traffic rises",
        "Container traffic at the port of Beirut rose for a third month.",
    );

    // Step 1: one item for each watch.
    write_feed(&feed, &[hts1.clone(), port1.clone()]);
    let out = run_ok(&data, &["ingest", feed_arg]);
    assert!(out.stdout.contains("watch alerts: 2"), "{}", out.stdout);
    assert_eq!(alerted(&data, "idlib"), ["HTS fighters enter villages"]);
    assert_eq!(alerted(&data, "ports"), ["Tripoli port reopens"]);

    // Step 2: the feed keeps its old items and gains three; only the one
    // with the phrase alerts, and nothing alerts twice.
    write_feed(
        &feed,
        &[
            hts1.clone(),
            port1.clone(),
            hts2.clone(),
            other.clone(),
            not_phrase.clone(),
        ],
    );
    let out = run_ok(&data, &["ingest", feed_arg]);
    assert!(out.stdout.contains("watch alerts: 1"), "{}", out.stdout);
    assert_eq!(
        alerted(&data, "idlib"),
        ["HTS fighters enter villages", "Shelling near Saraqeb"]
    );
    assert_eq!(alerted(&data, "ports"), ["Tripoli port reopens"]);

    // A watch added now alerts only on what is stored from now on.
    run_ok(&data, &["watch", "add", "snow", "--query", "snow"]);

    // Step 3: one new port item; re-ingesting the whole feed again (a
    // restart) raises nothing more.
    write_feed(&feed, &[hts1, port1, hts2, other, not_phrase, port2]);
    for expected_alerts in [1, 0] {
        let out = run_ok(&data, &["ingest", feed_arg]);
        assert_eq!(
            out.stdout.contains("watch alerts"),
            expected_alerts > 0,
            "{}",
            out.stdout
        );
    }
    assert_eq!(
        alerted(&data, "idlib"),
        ["HTS fighters enter villages", "Shelling near Saraqeb"]
    );
    assert_eq!(
        alerted(&data, "ports"),
        ["Beirut port traffic rises", "Tripoli port reopens"]
    );
    assert!(alerted(&data, "snow").is_empty());

    let show = run(&data, &["watch", "show", "ports", "--json"]);
    let first = &show.json_lines()[0];
    assert_eq!(first["kind"], "article");
    assert_eq!(first["reason"], "matches the query \"port\"");
    let later = run_ok(&data, &["watch", "show", "ports", "--since", "2999-01-01"]);
    assert!(later.stdout.is_empty(), "{}", later.stdout);

    let list = run_ok(&data, &["watch", "list"]);
    assert!(
        list.stdout
            .contains("idlib\tquery \"hts \\\"idlib province\\\"\""),
        "{}",
        list.stdout
    );
    assert_eq!(run(&data, &["watch", "remove", "snow"]).code, 0);
    assert_eq!(run(&data, &["watch", "remove", "snow"]).code, 2);
    assert_eq!(run(&data, &["watch", "show", "snow"]).code, 2);
    assert_eq!(run(&data, &["watch", "list"]).stdout.lines().count(), 2);
}

#[test]
fn regression_watch_query_ignored_the_search_syntax() {
    let (tmp, data) = data_dir();
    let feed = tmp.path().join("wire.rss");
    for args in [
        &["watch", "add", "either", "--query", "Gaddafi OR Gadhafi"][..],
        &["watch", "add", "not-beirut", "--query", "port -Beirut"][..],
        &["watch", "add", "in-title", "--query", "title:talks"][..],
    ] {
        run_ok(&data, args);
    }
    // A query the search syntax refuses is a usage error naming it, and
    // nothing is saved.
    let out = run(
        &data,
        &["watch", "add", "broken", "--query", "title:(talks"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("query"), "{}", out.stderr);
    assert_eq!(run(&data, &["watch", "list"]).stdout.lines().count(), 3);

    write_feed(
        &feed,
        &[
            feed_item(
                "sirte",
                "Fighting near Sirte",
                "Forces loyal to Gadhafi shelled the outskirts of Sirte on Sunday.",
            ),
            feed_item(
                "beirut",
                "Beirut port traffic rises",
                "Container traffic at the port of Beirut rose for a third month.",
            ),
            feed_item(
                "tripoli",
                "Tripoli port reopens",
                "The port of Tripoli reopened after dock workers ended their strike.",
            ),
            feed_item(
                "ankara",
                "Talks in Ankara",
                "Envoys met officials in Ankara to discuss the ceasefire.",
            ),
            feed_item(
                "geneva",
                "Ceasefire holds",
                "Diplomats in Geneva said talks on the ceasefire would resume.",
            ),
        ],
    );
    ingest_ok(&data, &feed);
    assert_eq!(alerted(&data, "either"), ["Fighting near Sirte"]);
    assert_eq!(alerted(&data, "not-beirut"), ["Tripoli port reopens"]);
    assert_eq!(alerted(&data, "in-title"), ["Talks in Ankara"]);
}

#[test]
fn regression_speaker_watch_by_name_never_alerted_and_repeats_copies() {
    let (tmp, data) = data_dir();
    let feed = tmp.path().join("wire.rss");
    let feed_arg = feed.to_str().unwrap();
    run_ok(
        &data,
        &["watch", "add", "hassan", "--speaker", "Ahmed Hassan"],
    );
    let first = feed_item(
        "port-open",
        "Tripoli port stays open",
        "\u{201c}We will keep the port open for every ship that needs it,\u{201d} said \
         Ahmed Hassan, the harbour master of Tripoli, on Sunday.",
    );
    write_feed(&feed, std::slice::from_ref(&first));
    run_ok(&data, &["ingest", feed_arg]);
    let show = run(&data, &["watch", "show", "hassan", "--json"]);
    let alerts = show.json_lines();
    assert_eq!(alerts.len(), 1, "{}", show.stdout);
    assert_eq!(alerts[0]["kind"], "quote");
    let title = alerts[0]["title"].as_str().unwrap();
    assert!(title.contains("We will keep the port open"), "{title}");
    assert!(title.contains("Ahmed Hassan"), "{title}");
    assert!(
        alerts[0]["reason"].as_str().unwrap().contains("quotes"),
        "{}",
        show.stdout
    );

    // A second article repeats the old quote and adds a new one: only the
    // new quote alerts.
    let second = feed_item(
        "port-strike",
        "Dock strike costs Tripoli",
        "Ahmed Hassan, the harbour master, repeated on Monday: \u{201c}We will keep \
         the port open for every ship that needs it.\u{201d} \u{201c}The strike has \
         cost the city millions of dollars in lost trade,\u{201d} Ahmed Hassan said.",
    );
    write_feed(&feed, &[first, second]);
    run_ok(&data, &["ingest", feed_arg]);
    let titles = alerted(&data, "hassan");
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles
            .iter()
            .any(|t| t.contains("The strike has cost the city")),
        "{titles:?}"
    );
}

#[test]
fn watch_run_once_fetches_ingests_and_alerts() {
    // A local feed host: no robots.txt (404), one feed.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let body = feed_of(&[feed_item(
        "hts-1",
        "HTS fighters enter villages",
        "Fighters of HTS entered three villages in Idlib province overnight.",
    )]);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(stream.try_clone().unwrap()).read_line(&mut line);
            let (status, body) = if line.contains("/feed.rss ") {
                ("200 OK", body.as_str())
            } else {
                ("404 Not Found", "not here")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/rss+xml\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let (_tmp, data) = data_dir();
    run_ok(&data, &["watch", "add", "idlib", "--query", "idlib"]);
    let feed = format!("{base}/feed.rss");
    let args = [
        "watch",
        "run",
        &feed,
        "--once",
        "--every",
        "1m",
        "--delay-ms",
        "0",
    ];
    let out = run_ok(&data, &args);
    assert!(out.stdout.contains("watch alerts: 1"), "{}", out.stdout);
    assert_eq!(alerted(&data, "idlib"), ["HTS fighters enter villages"]);
    // A second round finds the feed unchanged and alerts nothing more.
    let out = run_ok(&data, &args);
    assert!(!out.stdout.contains("watch alerts"), "{}", out.stdout);
    assert_eq!(
        run(&data, &["watch", "run", &feed, "--every", "0m"]).code,
        2
    );
}
