//! The web UI: server-rendered HTML (maud escapes every interpolated value,
//! so article titles and text can never become markup), one stylesheet and
//! one small script served from the binary. Every page reads without
//! JavaScript; the script only adds conveniences. One module per kind of
//! page; [`layout`] holds what they share.

pub mod articles;
pub mod entities;
pub mod events;
pub mod layout;
pub mod quotes;
pub mod search;
pub mod watches;

pub use articles::{article, articles};
pub use entities::{entities, entity};
pub use events::{event, events, stories, story};
pub use layout::{error_for_path, script, stylesheet};
pub use quotes::quotes;
pub use search::search;
pub use watches::{watch, watches};
