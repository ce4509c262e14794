//! Read-only and concurrent use of one data directory, with the real
//! binary: readers create and change nothing (and work where they cannot
//! write), a second writer is refused at once, and a user's merge is stored
//! with its effect or not at all.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

/// Every file and folder under `root`: kind, size and modification time.
fn listing(root: &Path) -> BTreeMap<PathBuf, (bool, u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let m = std::fs::symlink_metadata(&path).unwrap();
            if m.is_dir() {
                todo.push(path.clone());
            }
            out.insert(path, (m.is_dir(), m.len(), m.modified().unwrap()));
        }
    }
    let m = std::fs::metadata(root).unwrap();
    out.insert(root.to_path_buf(), (true, m.len(), m.modified().unwrap()));
    out
}

/// `chmod -R a-w` (or back to writable for the owner).
fn set_writable(root: &Path, writable: bool) {
    let mut todo = vec![root.to_path_buf()];
    while let Some(path) = todo.pop() {
        let m = std::fs::metadata(&path).unwrap();
        let mode = match (m.is_dir(), writable) {
            (true, false) => 0o555,
            (true, true) => 0o755,
            (false, false) => 0o444,
            (false, true) => 0o644,
        };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        if m.is_dir() {
            for e in std::fs::read_dir(&path).unwrap() {
                todo.push(e.unwrap().path());
            }
        }
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn regression_read_only_data_folder_is_unusable() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = tmp.path().join("data");
    assert_eq!(run(&data, &["ingest", seeds().to_str().unwrap()]).code, 0);
    let articles = run(&data, &["articles", "--json"]).json_lines();
    let id = articles[0]["id"].as_str().unwrap()[..12].to_string();
    let before = listing(&data);
    set_writable(&data, false);
    let readers: Vec<Vec<&str>> = vec![
        vec!["stats"],
        vec!["search", "Idlib"],
        vec!["articles"],
        vec!["show", &id],
        vec!["entities"],
        vec!["entity", "Jolani"],
        vec!["events"],
        vec!["stories"],
        vec!["timeline", "Jolani"],
        vec!["quotes"],
        vec!["groups"],
    ];
    // As this user (root writes wherever it likes: then the listing below
    // is what shows nothing was written), and, as root, also as `nobody`,
    // whom the permissions do stop.
    let users: &[Option<u32>] = if is_root() {
        &[None, Some(65534)]
    } else {
        &[None]
    };
    for user in users {
        for args in &readers {
            let mut cmd = storyline(&data);
            cmd.args(args);
            if let Some(uid) = user {
                cmd.uid(*uid).gid(*uid);
            }
            let out: Run = cmd.output().unwrap().into();
            assert_eq!(out.code, 0, "{args:?} as {user:?}: {}", out.stderr);
            assert!(!out.stdout.trim().is_empty(), "{args:?} printed nothing");
        }
        let mut cmd = storyline(&data);
        cmd.args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(uid) = user {
            cmd.uid(*uid).gid(*uid);
        }
        let server = Serve::spawn(cmd);
        for path in [
            "/api/stats",
            "/api/search?q=Idlib",
            &format!("/api/articles/{id}"),
            "/api/entities/Jolani",
            "/",
        ] {
            let (status, body) = server.request("GET", path, &[], b"");
            assert_eq!(status, 200, "{path} as {user:?}: {body}");
        }
    }
    set_writable(&data, true);
    assert_eq!(listing(&data), before, "a reader created or changed a file");
}

#[test]
fn regression_second_writer_blocks_instead_of_a_clear_refusal() {
    let (tmp, data) = seeded_data_dir();
    // The first writer reads a named pipe, so it holds the directory until
    // the test writes into the pipe.
    let fifo = tmp.path().join("slow.jsonl");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let first = storyline(&data)
        .arg("ingest")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lock = data.join("storyline.lock");
    let started = Instant::now();
    while std::fs::read_to_string(&lock).unwrap_or_default().trim() != first.id().to_string() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "first writer never locked"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let asked = Instant::now();
    let second = run(&data, &["ingest", seeds().to_str().unwrap()]);
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(second.code, 3, "{}", second.stderr);
    assert!(
        second.stderr.contains(&format!(
            "another process is writing to {} (pid {})",
            data.display(),
            first.id()
        )),
        "{}",
        second.stderr
    );

    // The server reads meanwhile, and refuses an upload at once.
    let server = Serve::start(&data, Some("secret"));
    let (status, _) = server.request("GET", "/api/stats", &[], b"");
    assert_eq!(status, 200);
    let record = br#"{"id": "u1", "text": "An upload during an ingest.\nIt waits for nothing."}"#;
    let bearer = [("Authorization", "Bearer secret")];
    let asked = Instant::now();
    let (status, body) = server.request("POST", "/api/ingest", &bearer, record);
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("another process"), "{body}");

    // The first writer finishes; then the upload goes through.
    {
        use std::io::Write;
        let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        pipe.write_all(b"{\"id\": \"f1\", \"text\": \"A record from the pipe.\\nWith a second paragraph of words.\"}\n")
            .unwrap();
    }
    let out = first.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, body) = server.request("POST", "/api/ingest", &bearer, record);
    assert_eq!(status, 200, "{body}");
}

fn entity_id(data: &Path, name: &str) -> String {
    let out = run_ok(data, &["entity", name, "--json"]);
    let v = &out.json_lines()[0];
    v["summary"]["id"]
        .as_str()
        .or(v["id"].as_str())
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

fn stored_rules(data: &Path) -> i64 {
    let conn = rusqlite::Connection::open(data.join("storyline.sqlite")).unwrap();
    conn.query_row("SELECT COUNT(*) FROM alias_rules", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn regression_entities_merge_killed_leaves_rule_stored_but_not_applied() {
    let (_tmp, data) = seeded_data_dir();
    let (fidan, akar) = (
        entity_id(&data, "Hakan Fidan"),
        entity_id(&data, "Hulusi Akar"),
    );
    assert_ne!(fidan, akar);

    // Killed between storing the rule and storing its entities.
    let crashed = storyline(&data)
        .args(["entities", "merge", "Hakan Fidan", "Hulusi Akar"])
        .env("STORYLINE_CRASH_AT", "alias-rule")
        .output()
        .unwrap();
    assert_eq!(crashed.status.code(), None, "the merge was aborted");
    assert_eq!(stored_rules(&data), 0, "no rule without its entities");
    assert_ne!(
        entity_id(&data, "Hakan Fidan"),
        entity_id(&data, "Hulusi Akar")
    );

    run_ok(&data, &["entities", "merge", "Hakan Fidan", "Hulusi Akar"]);
    assert_eq!(stored_rules(&data), 1);
    assert_eq!(
        entity_id(&data, "Hakan Fidan"),
        entity_id(&data, "Hulusi Akar")
    );
}
