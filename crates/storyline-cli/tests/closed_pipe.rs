//! Listings piped into a reader that stops early (`storyline stats | head`).

mod common;
use common::*;
use std::process::Command;

/// Regression: `storyline stats | head -3` panicked with "failed printing to
/// stdout: Broken pipe" and stopped a bench script running under `set -e`.
#[test]
#[cfg(unix)]
fn regression_a_closed_pipe_ends_a_listing_quietly() {
    let (_tmp, data) = seeded_data_dir();
    for listing in ["stats", "articles"] {
        // `true` exits at once without reading; storyline writes after it
        // has gone, so every write meets a closed pipe.
        let script = format!(
            "(sleep 0.3; '{}' --data '{}' {listing}) | true",
            bin().display(),
            data.display()
        );
        let out = Command::new("sh").arg("-c").arg(&script).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{listing} into a closed pipe: {stderr}"
        );
    }
}
