//! `storyline ingest` against hostile input, with the real binary:
//! decompression bombs and a gigabyte line are refused with an error naming
//! them while the next file is read, within bounded memory; nothing is
//! dropped in silence.

mod common;
use common::*;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const GIB: u64 = 1 << 30;

/// Runs the command to its end; its output and, on Linux, its peak
/// resident memory in MiB (the child's own, from `wait4`).
// The child is reaped by `wait4`, which also gives its resource usage.
#[allow(clippy::zombie_processes)]
fn run_measuring_memory(cmd: &mut Command) -> (Run, Option<u64>) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run storyline");
    let mut stderr = child.stderr.take().unwrap();
    let drain = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).unwrap();
        s
    });
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, filled in by wait4 for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let peak = cfg!(target_os = "linux").then(|| usage.ru_maxrss as u64 / 1024);
    let run = Run {
        code,
        stdout,
        stderr: drain.join().unwrap(),
    };
    (run, peak)
}

/// A gzip stream of one JSON Lines record whose text is `len` letters.
fn gzip_bomb(path: &Path, len: u64) {
    let mut gz = GzEncoder::new(std::fs::File::create(path).unwrap(), Compression::new(9));
    gz.write_all(b"{\"text\": \"").unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..len / chunk.len() as u64 {
        gz.write_all(&chunk).unwrap();
    }
    gz.write_all(b"\"}\n").unwrap();
    gz.finish().unwrap();
}

/// A JSON Lines file whose first line is `len` bytes long (a sparse file:
/// the line's body reads as zero bytes and takes no disk), then a good line.
fn sparse_long_line(path: &Path, len: u64) {
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(b"{\"text\": \"").unwrap();
    f.set_len(len).unwrap();
    f.seek(SeekFrom::End(0)).unwrap();
    f.write_all(b"\"}\n{\"id\": \"after\", \"title\": \"After the long line\", \"text\": \"The line after a gigabyte line is read.\\nIt has a second paragraph with enough words to be an article of its own.\"}\n")
        .unwrap();
}

fn error_line<'a>(stderr: &'a str, needle: &str) -> &'a str {
    stderr
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no error line for {needle} in:\n{stderr}"))
}

#[test]
fn regression_decompression_bomb_takes_gigabytes_of_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = new_dir(tmp.path(), "in");
    // 1 GiB of one letter, gzipped to about a megabyte.
    let bomb = inputs.join("a_bomb.jsonl.gz");
    gzip_bomb(&bomb, GIB);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 8 << 20);
    // A 1 GiB line, then a good one.
    sparse_long_line(&inputs.join("b_long.jsonl"), GIB);
    // A good file after both.
    std::fs::copy(
        seeds().join("000_b64acd375978b6dd.txt"),
        inputs.join("c_good.txt"),
    )
    .unwrap();
    let data = tmp.path().join("data");
    let (out, peak_mib) =
        run_measuring_memory(storyline(&data).args(["ingest", "--json"]).arg(&inputs));
    assert_eq!(out.code, 1, "some inputs failed: {}", out.stderr);
    assert!(error_line(&out.stderr, "a_bomb.jsonl.gz").contains("decompression bomb"));
    assert!(error_line(&out.stderr, "b_long.jsonl:1").contains("line too long"));
    let report: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(report["failed"], 2, "{report}");
    assert_eq!(
        report["new"], 2,
        "the line after the long one and the good file: {report}"
    );
    if let Some(peak) = peak_mib {
        assert!(peak < 512, "peak resident memory {peak} MiB");
    }
}

#[test]
fn regression_upload_bomb_takes_the_server_to_gigabytes() {
    let (tmp, data) = seeded_data_dir();
    let bomb = tmp.path().join("bomb.jsonl.gz");
    gzip_bomb(&bomb, GIB);
    let server = Serve::start(&data, Some("secret"));
    let mut body = b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"bomb.jsonl.gz\"\r\nContent-Type: application/octet-stream\r\n\r\n".to_vec();
    body.extend(std::fs::read(&bomb).unwrap());
    body.extend(b"\r\n--XyZ--\r\n");
    let (status, text) = server.request(
        "POST",
        "/api/ingest",
        &[
            ("Authorization", "Bearer secret"),
            ("Content-Type", "multipart/form-data; boundary=XyZ"),
        ],
        &body,
    );
    assert_eq!(status, 200, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["failed"], 1, "{v}");
    let reason = v["failures"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("decompression bomb"), "{reason}");
    if let Some(peak) = server.peak_mib() {
        assert!(peak < 512, "server peak resident memory {peak} MiB");
    }
    let (status, _) = server.request("GET", "/api/stats", &[], b"");
    assert_eq!(status, 200, "the server goes on");
}

#[test]
fn regression_non_utf8_file_name_is_skipped_in_silence() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let inputs = new_dir(tmp.path(), "in");
    let odd = inputs.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::copy(seeds().join("001_e83ba6dbb6c7a164.txt"), &odd).unwrap();
    std::fs::copy(
        seeds().join("002_07502308c434ecf0.txt"),
        inputs.join("plain.txt"),
    )
    .unwrap();
    std::fs::write(inputs.join("notes.md"), "not an article").unwrap();
    let data = tmp.path().join("data");
    let out = ingest_ok(&data, &inputs);
    assert!(out.stdout.contains("read 2, new 2"), "{}", out.stdout);
    assert!(
        out.stdout.contains("skipped 1 of other kinds"),
        "{}",
        out.stdout
    );
}

#[test]
fn regression_warc_of_random_bytes_reports_nothing_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = new_dir(tmp.path(), "in");
    let mut state = 1u64;
    let random: Vec<u8> = (0..100_000)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 56) as u8
        })
        .collect();
    std::fs::write(inputs.join("random.warc"), random).unwrap();
    std::fs::write(inputs.join("empty.warc"), b"").unwrap();
    let data = tmp.path().join("data");
    let out = run(&data, &["ingest", inputs.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(error_line(&out.stderr, "random.warc").contains("not a WARC record"));
    assert!(error_line(&out.stderr, "empty.warc").contains("no WARC records"));
    assert!(out.stdout.contains("failed 2"), "{}", out.stdout);
}
