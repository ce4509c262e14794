//! The failure boundary of ingest: one document's stage, or one store-wide
//! stage, runs under [`run_stage`], so an error or a panic in it becomes an
//! [`IngestError`] naming the document (or the store), the stage and the
//! reason, and the batch and the run go on. Catching the panic is the last
//! line of defence, not the fix: a panic here is a bug to report.
//!
//! Also owns the test-only failure hook: with the environment variable
//! `STORYLINE_TEST_FAIL_STAGE=<stage>[:<substring>]`, the named stage panics
//! for every document whose locator contains `substring` (any document, or
//! the store-wide stage, when no substring is given). The integration tests
//! use it to prove that one failing document or stage leaves the rest stored.

use crate::IngestError;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// The environment variable of the test-only failure hook.
pub const FAIL_STAGE_VAR: &str = "STORYLINE_TEST_FAIL_STAGE";

/// A stage of ingest, as error lines name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Decode, extract and clean one document.
    Extract,
    /// Remove a site's repeated lines from one document's text.
    Clean,
    /// Annotate one article.
    Annotate,
    /// Alias resolution over the whole store (with the annotation catch-up).
    Entities,
    /// Event and story clustering over the articles not clustered yet.
    Events,
}

impl Stage {
    /// The stage's name in error lines and in `STORYLINE_TEST_FAIL_STAGE`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Extract => "extract",
            Stage::Clean => "clean",
            Stage::Annotate => "annotate",
            Stage::Entities => "entities",
            Stage::Events => "events",
        }
    }
}

/// The hook's stage and substring, read once.
fn fail_hook() -> Option<&'static (String, String)> {
    static HOOK: OnceLock<Option<(String, String)>> = OnceLock::new();
    HOOK.get_or_init(|| {
        let v = std::env::var(FAIL_STAGE_VAR).ok()?;
        let (stage, sub) = v.split_once(':').unwrap_or((v.as_str(), ""));
        Some((stage.to_string(), sub.to_string()))
    })
    .as_ref()
}

/// Panics when the test hook names `stage` and `locator`.
fn test_hook(stage: Stage, locator: &str) {
    if let Some((s, sub)) = fail_hook() {
        if s == stage.name() && locator.contains(sub.as_str()) {
            panic!("{FAIL_STAGE_VAR} made the {} stage fail", stage.name());
        }
    }
}

/// The message of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs `stage` for `locator` (a document's file and line or record, or the
/// store): an `Err(reason)` or a panic becomes the error line
/// `locator: <stage> stage failed: reason`. `Ok(Err(e))` from `f` passes
/// through as `Err(e)` unchanged otherwise, so callers keep fatal errors
/// (a store that cannot be written) apart with their own error type.
pub fn run_stage<T, E>(
    stage: Stage,
    locator: &str,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<Result<T, E>, IngestError> {
    let was_in_stage = IN_STAGE.with(|s| s.replace(true));
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        test_hook(stage, locator);
        f()
    }));
    IN_STAGE.with(|s| s.set(was_in_stage));
    outcome.map_err(|payload| stage_error(stage, locator, &panic_message(payload.as_ref())))
}

/// [`run_stage`] for a stage that returns no error (it can only panic).
pub fn run_infallible_stage<T>(
    stage: Stage,
    locator: &str,
    f: impl FnOnce() -> T,
) -> Result<T, IngestError> {
    run_stage(stage, locator, || Ok::<T, std::convert::Infallible>(f()))
        .map(|r| r.unwrap_or_else(|never| match never {}))
}

thread_local! {
    /// True while this thread runs a stage under [`run_stage`].
    static IN_STAGE: Cell<bool> = const { Cell::new(false) };
}

/// Keeps a panic that [`run_stage`] catches from also printing Rust's panic
/// message (and backtrace): its reason is in the stage's error line, which
/// is what a user reads. Any other panic prints as before. For binaries:
/// call once at start.
pub fn quiet_caught_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_STAGE.with(Cell::get) {
            previous(info);
        }
    }));
}

/// The error line of a failed stage.
pub fn stage_error(stage: Stage, locator: &str, reason: &str) -> IngestError {
    IngestError {
        locator: locator.to_string(),
        reason: format!("{} stage failed: {reason}", stage.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_stage_becomes_an_error_line() {
        let r: Result<Result<(), ()>, _> =
            run_stage(Stage::Annotate, "a.html", || panic!("index out of range"));
        let e = r.unwrap_err();
        assert_eq!(e.locator, "a.html");
        assert_eq!(e.reason, "annotate stage failed: index out of range");
        let ok: Result<Result<u8, ()>, _> = run_stage(Stage::Events, "store", || Ok(3));
        assert_eq!(ok, Ok(Ok(3)));
    }
}
