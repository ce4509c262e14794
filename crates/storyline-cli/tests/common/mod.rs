//! Helpers for the integration tests: run the real `storyline` binary in a
//! temporary data directory.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_storyline"))
}

/// The repository's bundled corpus.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// Result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses stdout as JSON Lines.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
            .collect()
    }
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// `storyline --data <data>`, ready for more arguments (STORYLINE_DATA unset).
pub fn storyline(data: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("--data").arg(data).env_remove("STORYLINE_DATA");
    c
}

/// Runs `storyline --data <data> args...`.
pub fn run(data: &Path, args: &[&str]) -> Run {
    storyline(data)
        .args(args)
        .output()
        .expect("run storyline")
        .into()
}

/// The five seed articles.
pub fn seeds() -> PathBuf {
    corpus().join("seeds")
}

/// The file name of each JSON object's `path` (`.../000_x.txt#line=1` -> `000_x.txt`).
pub fn file_name_of(v: &Value) -> String {
    let p = v["path"].as_str().unwrap_or_default();
    let p = p.split('#').next().unwrap_or(p);
    Path::new(p)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}
