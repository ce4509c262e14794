//! The readers under hostile input: decompression bombs, over-long lines
//! and records, files that are no WARC, names that are not UTF-8. Each
//! input fails with an error naming where and why, within bounded memory,
//! and the documents around it are still read.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::{Path, PathBuf};
use storyline_ingest::{read_file_with, FileKind, ReadLimits};

/// Every document locator or error (`Err: locator: reason`) of one file.
fn read_all(path: &Path, limits: ReadLimits) -> Vec<Result<String, String>> {
    let mut out = Vec::new();
    read_file_with(path, limits, &mut |item| {
        out.push(match item {
            Ok(doc) => Ok(doc.locator),
            Err(e) => Err(e.to_string()),
        })
    });
    out
}

fn gzip_of(chunks: impl Iterator<Item = Vec<u8>>) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    for chunk in chunks {
        gz.write_all(&chunk).unwrap();
    }
    gz.finish().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Small limits, so the tests need no gigabytes.
fn small() -> ReadLimits {
    ReadLimits {
        max_record_bytes: 64 * 1024,
        max_file_bytes: 4 << 20,
        max_gzip_ratio: 200,
        ratio_check_after: 1 << 20,
    }
}

/// A JSON line whose text is `len` copies of the letter `fill`.
fn json_line_of(fill: u8, len: usize) -> Vec<u8> {
    [
        b"{\"text\": \"".to_vec(),
        vec![fill; len],
        b"\"}\n".to_vec(),
    ]
    .concat()
}

#[test]
fn regression_gzip_bomb_read_whole_before_any_check() {
    let tmp = tempfile::tempdir().unwrap();
    // 3 MiB of one letter in a JSON line: about 3 KiB of gzip.
    let line = json_line_of(b'a', 3 << 20);
    let bomb = write(tmp.path(), "bomb.jsonl.gz", &gzip_of(std::iter::once(line)));
    let got = read_all(&bomb, small());
    assert_eq!(got.len(), 1, "{got:?}");
    let err = got[0].as_ref().unwrap_err();
    assert!(err.contains("bomb.jsonl.gz"), "{err}");
    assert!(err.contains("decompression bomb"), "{err}");

    // The same as a .txt read whole, and as a WARC record, each under the
    // record limit.
    let zeros = vec![0u8; 3 << 20];
    let mut record = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3145728\r\n\r\n".to_vec();
    record.extend_from_slice(&zeros);
    let roomy_records = ReadLimits {
        max_record_bytes: 8 << 20,
        ..small()
    };
    for (name, bytes) in [("zeros.txt.gz", zeros), ("zeros.warc.gz", record)] {
        let gz = gzip_of(std::iter::once(bytes));
        let got = read_all(&write(tmp.path(), name, &gz), roomy_records);
        assert_eq!(got.len(), 1, "{name}: {got:?}");
        let err = got[0].as_ref().unwrap_err();
        assert!(
            err.contains(name) && err.contains("decompression bomb"),
            "{err}"
        );
    }
}

#[test]
fn regression_gzip_inflating_past_the_file_limit_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    // Lines of pseudo-random text compress about 2:1, well under the ratio
    // limit: 6 MiB of them pass the 4 MiB cap per file.
    let mut state = 7u64;
    let lines = (0..6 * 1024).map(|i| {
        let text: String = (0..1000)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                char::from(b'a' + (state >> 59) as u8 % 26)
            })
            .collect();
        format!("{{\"id\": \"{i}\", \"text\": \"{text}\"}}\n").into_bytes()
    });
    let big = write(tmp.path(), "big.jsonl.gz", &gzip_of(lines));
    let got = read_all(&big, small());
    let (docs, errors): (Vec<_>, Vec<_>) = got.iter().partition(|r| r.is_ok());
    assert!(docs.len() > 3000, "the lines before the cap are read");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let err = errors[0].as_ref().unwrap_err();
    assert!(err.starts_with(&format!("{}:", big.display())), "{err}");
    assert!(err.contains("over 4 MiB, the limit per file"), "{err}");
    // Raised limits read it all.
    let roomy = ReadLimits {
        max_file_bytes: 64 << 20,
        ..small()
    };
    assert!(read_all(&big, roomy).iter().all(|r| r.is_ok()));
}

#[test]
fn regression_over_long_jsonl_line_is_skipped_and_the_next_read() {
    let tmp = tempfile::tempdir().unwrap();
    let body = [
        b"{\"text\": \"first\"}\n".to_vec(),
        json_line_of(b'x', 1 << 20),
        b"{\"text\": \"third\"}\n".to_vec(),
    ]
    .concat();
    for (name, bytes) in [
        ("long.jsonl", body.clone()),
        ("long.jsonl.gz", gzip_of(std::iter::once(body.clone()))),
    ] {
        let path = write(tmp.path(), name, &bytes);
        let limits = ReadLimits {
            max_gzip_ratio: 100_000,
            ..small()
        };
        let got = read_all(&path, limits);
        let shown = path.display().to_string();
        assert_eq!(
            got,
            vec![
                Ok(format!("{shown}#line=1")),
                Err(format!(
                    "{shown}:2: line too long: over 64 KiB, skipped (--max-record-mib)"
                )),
                Ok(format!("{shown}#line=3")),
            ],
            "{name}"
        );
    }
}

#[test]
fn regression_warc_of_random_bytes_gives_no_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut state = 99u64;
    let random: Vec<u8> = (0..200_000)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 56) as u8
        })
        .collect();
    // No line breaks at all: read no further than the header limit.
    let no_breaks: Vec<u8> = random.iter().map(|&b| b | 0x80).collect();
    for (name, bytes) in [
        ("random.warc", random),
        ("nobreaks.warc", no_breaks),
        ("empty.warc", Vec::new()),
        ("blank.warc", b"\r\n\r\n".to_vec()),
    ] {
        let path = write(tmp.path(), name, &bytes);
        let got = read_all(&path, ReadLimits::default());
        assert_eq!(got.len(), 1, "{name}: {got:?}");
        let err = got[0].as_ref().unwrap_err();
        assert!(err.contains(name), "{err}");
    }
}

fn warc_record(uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn regression_warc_record_over_the_limit_is_skipped_and_the_next_read() {
    let tmp = tempfile::tempdir().unwrap();
    let page =
        |text: &str| format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>{text}</p>");
    // A large record of another type is read past without a word.
    let mut warc = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 200000\r\n\r\n".to_vec();
    warc.extend(vec![b'z'; 200_000]);
    warc.extend(b"\r\n\r\n");
    warc.extend(warc_record("http://a/1", page("one").as_bytes()));
    warc.extend(warc_record(
        "http://a/2",
        page(&"y".repeat(200_000)).as_bytes(),
    ));
    warc.extend(warc_record("http://a/3", page("three").as_bytes()));
    let path = write(tmp.path(), "crawl.warc", &warc);
    let got = read_all(&path, small());
    let shown = path.display().to_string();
    assert_eq!(got[0], Ok(format!("{shown}#record=2")));
    let err = got[1].as_ref().unwrap_err();
    assert!(
        err.starts_with(&format!("{shown}#record=3: record too large")),
        "{err}"
    );
    assert_eq!(got[2], Ok(format!("{shown}#record=4")));
    assert_eq!(got.len(), 3);

    // A Content-Length claiming a terabyte allocates nothing: the record is
    // refused, and the stream found to end inside it.
    let mut liar =
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 1000000000000\r\n\r\n".to_vec();
    liar.extend_from_slice(page("short").as_bytes());
    let got = read_all(
        &write(tmp.path(), "liar.warc", &liar),
        ReadLimits::default(),
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].as_ref().unwrap_err().contains("record too large"));
    assert!(got[1]
        .as_ref()
        .unwrap_err()
        .contains("ends inside a record"));
}

#[cfg(unix)]
#[test]
fn regression_non_utf8_file_name_is_skipped_in_silence() {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.TXT.gz");
    assert_eq!(FileKind::of(Path::new(name)), Some((FileKind::Text, true)));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp
        .path()
        .join(std::ffi::OsStr::from_bytes(b"na\xefve.txt"));
    std::fs::write(&path, "A title\n\nSome article text.\n").unwrap();
    let found = storyline_ingest::discover_all(&[tmp.path().to_path_buf()]);
    assert_eq!(found.files, vec![path.clone()]);
    assert_eq!(read_all(&path, ReadLimits::default()).len(), 1);
    assert!(read_all(&path, ReadLimits::default())[0].is_ok());
}
