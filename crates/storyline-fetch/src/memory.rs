//! What the fetcher remembers between runs, in the data directory
//! (`fetch_state.json`): each URL's validators for conditional GET (ETag,
//! Last-Modified), the pages already stored (not requested again), and the
//! file each feed was last saved to (read again when the feed answers 304).

use crate::FetchError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The state file's name inside the data directory.
pub const STATE_FILE: &str = "fetch_state.json";

/// A response's validators, sent back as `If-None-Match` and
/// `If-Modified-Since`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// The fetcher's state of one data directory.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Memory {
    #[serde(default)]
    validators: BTreeMap<String, Validators>,
    #[serde(default)]
    pages: BTreeSet<String>,
    #[serde(default)]
    feeds: BTreeMap<String, PathBuf>,
    #[serde(skip)]
    path: PathBuf,
}

impl Memory {
    /// The state of the data directory `data`; empty when it has none.
    pub fn load(data: &Path) -> Result<Memory, FetchError> {
        let path = data.join(STATE_FILE);
        let mut memory = match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice::<Memory>(&bytes).map_err(|e| FetchError::State {
                    path: path.clone(),
                    reason: e.to_string(),
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Memory::default(),
            Err(source) => return Err(FetchError::Io { path, source }),
        };
        memory.path = path;
        Ok(memory)
    }

    /// The validators last received for `url`.
    pub fn validators(&self, url: &str) -> Option<&Validators> {
        self.validators.get(url)
    }

    /// Keeps `url`'s validators (forgets them when it sent none).
    pub fn remember_validators(&mut self, url: &str, v: Validators) {
        if v == Validators::default() {
            self.validators.remove(url);
        } else {
            self.validators.insert(url.to_string(), v);
        }
    }

    /// Whether `url` was stored as a page by an earlier run.
    pub fn has_page(&self, url: &str) -> bool {
        self.pages.contains(url)
    }

    /// Records `url` as stored.
    pub fn remember_page(&mut self, url: &str) {
        self.pages.insert(url.to_string());
    }

    /// The file the feed at `url` was last saved to.
    pub fn feed_file(&self, url: &str) -> Option<&Path> {
        self.feeds.get(url).map(PathBuf::as_path)
    }

    /// Records the file the feed at `url` was saved to.
    pub fn remember_feed(&mut self, url: &str, file: PathBuf) {
        self.feeds.insert(url.to_string(), file);
    }

    /// Writes the state (a new file renamed over the old one).
    pub fn save(&self) -> Result<(), FetchError> {
        let io = |source| FetchError::Io {
            path: self.path.clone(),
            source,
        };
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| FetchError::State {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}
