//! Bad input: each bad file gets one line naming it and the reason, the run
//! goes on, the summary counts failures, the exit code is 1, and nothing
//! already stored is lost.

mod common;
use common::*;

/// The stderr line about `name`, which must be exactly one.
fn error_line<'a>(stderr: &'a str, name: &str) -> &'a str {
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(name)).collect();
    assert_eq!(
        lines.len(),
        1,
        "expected one error line for {name}:\n{stderr}"
    );
    lines[0]
}

#[test]
fn every_kind_of_bad_file_is_reported_and_skipped() {
    let (tmp, data) = seeded_data_dir();

    let bad = new_dir(tmp.path(), "bad");
    std::fs::write(bad.join("empty.txt"), b"").unwrap();
    std::fs::write(
        bad.join("image.txt"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3, 0, 0],
    )
    .unwrap();
    // A 50 MB page: refused with the size, not parsed.
    let mut huge = b"<html><body>".to_vec();
    while huge.len() < 50 * 1024 * 1024 {
        huge.extend_from_slice(
            b"<p>filler paragraph text, repeated to make a very large page.</p>\n",
        );
    }
    std::fs::write(bad.join("huge.html"), &huge).unwrap();
    // A gzip cut in half: the lines before the cut are kept.
    let lines: String = (0..400)
        .map(|i| format!("{{\"id\": \"t{i}\", \"text\": \"Report number {i} from the field, officials said on Monday in a statement about item {i}.\"}}\n"))
        .collect();
    let gz = gzip(lines.as_bytes());
    std::fs::write(bad.join("cut.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    let warc = gzip(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>partial");
    std::fs::write(bad.join("cut.warc.gz"), &warc[..warc.len() - 12]).unwrap();
    std::fs::write(
        bad.join("mixed.jsonl"),
        "{\"id\": \"ok1\", \"text\": \"A good line with real article text, officials said.\"}\n{not json}\n{\"id\": \"no-text\", \"title\": \"t\"}\n",
    )
    .unwrap();

    let missing = tmp.path().join("does-not-exist.txt");
    let out = run(
        &data,
        &["ingest", bad.to_str().unwrap(), missing.to_str().unwrap()],
    );
    assert_eq!(
        out.code, 1,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );

    assert!(error_line(&out.stderr, "empty.txt").contains("empty input"));
    assert!(error_line(&out.stderr, "image.txt").contains("binary content"));
    assert!(error_line(&out.stderr, "huge.html").contains("too large"));
    assert!(error_line(&out.stderr, "cut.jsonl.gz").contains("truncated or corrupt gzip"));
    assert!(error_line(&out.stderr, "cut.warc.gz").contains("truncated or corrupt"));
    assert!(error_line(&out.stderr, "mixed.jsonl:2").contains("invalid JSON"));
    assert!(error_line(&out.stderr, "mixed.jsonl:3").contains("no `text` or `html`"));
    assert!(error_line(&out.stderr, "does-not-exist.txt").contains("cannot read"));
    assert!(out.stdout.contains("failed 8"), "{}", out.stdout);

    // Good documents around the bad ones were stored; the seeds are intact.
    let articles = run(&data, &["articles", "--json"]).json_lines();
    let seeds_kept = articles
        .iter()
        .filter(|a| a["path"].as_str().unwrap().contains("seeds"))
        .count();
    assert_eq!(seeds_kept, 5);
    assert!(articles.iter().any(|a| a["external_id"] == "ok1"));
    let from_cut = articles
        .iter()
        .filter(|a| file_name_of(a) == "cut.jsonl.gz")
        .count();
    assert!(from_cut > 0 && from_cut < 400, "{from_cut}");
    let search = run(&data, &["search", "close ranks", "--json"]).json_lines();
    assert_eq!(search.len(), 3);
}

#[test]
fn a_named_file_of_unknown_kind_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("notes.pdf");
    std::fs::write(&f, b"%PDF-1.4").unwrap();
    let out = run(&tmp.path().join("data"), &["ingest", f.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(error_line(&out.stderr, "notes.pdf").contains("unknown file kind"));
}
