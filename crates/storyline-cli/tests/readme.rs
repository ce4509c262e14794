//! README.md's tour runs as written: every `storyline ...` command of its
//! `sh` fences, in order, in an empty temporary directory with the binary on
//! PATH (so `storyline demo` there also proves the bundled corpus is found
//! from any directory). `serve` must start and keep serving.

mod common;
use common::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TOUR: &str = "## A five-minute tour";

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap()
}

/// The README's lines, each with the info string of the fence it is in
/// (`None` outside fences). Panics on a fence left open.
fn fenced_lines(text: &str) -> Vec<(Option<String>, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        if let Some(info) = line.strip_prefix("```") {
            fence = match fence {
                None => Some(info.trim().to_string()),
                Some(_) => {
                    assert!(info.trim().is_empty(), "a fence closed with `{line}`");
                    None
                }
            };
            continue;
        }
        out.push((fence.clone(), line));
    }
    assert!(fence.is_none(), "README.md ends inside a code fence");
    out
}

/// The `storyline` commands of the tour's `sh` fences, in order.
fn tour_commands(text: &str) -> Vec<String> {
    let mut in_tour = false;
    let mut commands = Vec::new();
    for (fence, line) in fenced_lines(text) {
        if fence.is_none() && line.starts_with("## ") {
            in_tour = line.trim() == TOUR;
            continue;
        }
        if in_tour && fence.as_deref() == Some("sh") && line.starts_with("storyline ") {
            commands.push(line.to_string());
        }
    }
    commands
}

#[test]
fn every_fence_in_the_readme_opens_with_a_language_and_closes() {
    let text = readme();
    let mut open = false;
    for line in text.lines().filter(|l| l.starts_with("```")) {
        let info = line.trim_start_matches('`').trim();
        if !open {
            assert!(
                !info.is_empty(),
                "a fence opens without a language: a stray closing fence?"
            );
        }
        open = !open;
    }
    assert!(!open, "README.md ends inside a code fence");
}

/// A directory holding only the `storyline` binary, for PATH.
fn bin_dir() -> PathBuf {
    bin().parent().unwrap().to_path_buf()
}

fn path_with_binary() -> std::ffi::OsString {
    let mut paths = vec![bin_dir()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn shell(cwd: &Path, line: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(line)
        .current_dir(cwd)
        .env("PATH", path_with_binary())
        .env_remove("STORYLINE_DATA")
        .env_remove("STORYLINE_STORE");
    c
}

/// Runs `serve` as written but on a free port, checks it answers a page,
/// and stops it.
fn check_serve(cwd: &Path, line: &str) {
    let mut child = shell(cwd, &format!("exec {line} --addr 127.0.0.1:0"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut said = String::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut buf = [0u8; 256];
    while !said.contains('\n') && Instant::now() < deadline {
        match stderr.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => said.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    let addr = served_addr(&said)
        .unwrap_or_else(|| panic!("`{line}` did not say where it serves: {said}"));
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        conn,
        "GET /entities HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "`{line}`: {answer}");
}

#[test]
fn every_storyline_command_of_the_readme_tour_runs() {
    let commands = tour_commands(&readme());
    assert!(
        commands.first().map(String::as_str) == Some("storyline demo"),
        "the tour starts with `storyline demo`: {commands:?}"
    );
    for kind in ["search", "events", "timeline", "export dossier", "serve"] {
        assert!(
            commands.iter().any(|c| c.contains(kind)),
            "the tour has no `{kind}` command: {commands:?}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    for line in &commands {
        if line.split_whitespace().any(|w| w == "serve") {
            check_serve(tmp.path(), line);
            continue;
        }
        let out = shell(tmp.path(), line).output().unwrap();
        let run: Run = out.into();
        assert_eq!(run.code, 0, "`{line}` exited {}: {}", run.code, run.stderr);
    }
    // The demo found its corpus without a source tree around it.
    assert!(tmp.path().join("storyline-demo/corpus/seeds").is_dir());
}
