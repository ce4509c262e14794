//! Evaluation of Storyline's stages on labelled data, as a library: the
//! Timeline17 loader ([`t17`]), clustering scores ([`metrics`]), ROUGE
//! ([`rouge`]), story clustering ([`stories`]) and timeline generation
//! ([`timelines`]) runs, the annotate-stage evaluations ([`annotate`]) and
//! the process's CPU time and memory use ([`resources`]).
//!
//! Every run returns a typed report (`serde::Serialize`); the `storyline
//! eval` subcommand prints it as a table or as JSON.
#![warn(missing_docs)]

pub mod annotate;
pub mod entities;
pub mod metrics;
pub mod quotes;
pub mod resources;
pub mod rouge;
pub mod stories;
pub mod t17;
pub mod timelines;

use std::path::{Path, PathBuf};

/// What can go wrong in an evaluation: every variant names the file (or the
/// setting) and the reason.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a JSON or JSON Lines file is not what was expected.
    #[error("{path}:{line}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The line (1-based).
        line: usize,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
    /// A line of a labelled text file is malformed.
    #[error("{path}:{line}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// The line (1-based).
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The `--settings` override is not a JSON object of known settings.
    #[error("{0}")]
    Settings(String),
    /// The features cache does not hold the corpus being evaluated.
    #[error("features cache does not match the corpus")]
    FeaturesCacheMismatch,
    /// The clustering left an article out of every event.
    #[error("article not placed: {0}")]
    ArticleNotPlaced(String),
}

impl EvalError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        EvalError::Io {
            path: path.into(),
            source,
        }
    }

    /// Line `line` (1-based) of `path` is malformed for `reason`.
    pub(crate) fn format(path: &Path, line: usize, reason: impl Into<String>) -> Self {
        EvalError::Format {
            path: path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }
}

/// Line `line` (1-based) of the JSON Lines file `path`, parsed; the error
/// names the file and the line.
pub(crate) fn parse_json_line<T: serde::de::DeserializeOwned>(
    path: &Path,
    line: usize,
    text: &str,
) -> Result<T, EvalError> {
    serde_json::from_str(text).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        line,
        source,
    })
}

/// The defaults of `T` with the fields of the JSON object `over` replaced
/// (exploration only; reported numbers use the defaults).
pub fn overridden<T: serde::Serialize + serde::de::DeserializeOwned + Default>(
    over: Option<&str>,
) -> Result<T, EvalError> {
    let Some(json) = over else {
        return Ok(T::default());
    };
    let settings = |e: serde_json::Error| EvalError::Settings(e.to_string());
    let mut v = serde_json::to_value(T::default()).map_err(settings)?;
    let over: serde_json::Value = serde_json::from_str(json).map_err(settings)?;
    let Some(fields) = over.as_object() else {
        return Err(EvalError::Settings(
            "--settings must be a JSON object".into(),
        ));
    };
    for (k, x) in fields {
        if v.get(k).is_none() {
            return Err(EvalError::Settings(format!("unknown setting {k}")));
        }
        v[k] = x.clone();
    }
    serde_json::from_value(v).map_err(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Default, Debug, PartialEq)]
    struct Knobs {
        a: u32,
        b: f64,
    }

    #[test]
    fn settings_override_replaces_named_fields_and_rejects_unknown_ones() {
        let k: Knobs = overridden(Some(r#"{"b": 0.5}"#)).unwrap();
        assert_eq!(k, Knobs { a: 0, b: 0.5 });
        let e = overridden::<Knobs>(Some(r#"{"c": 1}"#)).unwrap_err();
        assert_eq!(e.to_string(), "unknown setting c");
        assert!(overridden::<Knobs>(Some("[1]")).is_err());
    }
}
