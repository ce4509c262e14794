//! Test support for the PostgreSQL tests: the server to use and a fresh,
//! empty database per test, so tests running in parallel never see one
//! another's rows.
//!
//! The server is named by `STORYLINE_TEST_PG` (a URL, e.g. the one
//! `scripts/pg.sh start` prints). When it is unset the tests FAIL with a
//! message saying so, unless `STORYLINE_SKIP_PG=1` says to skip them: a
//! missing server is never a silent pass.

use crate::StoreError;

/// The server URL from `STORYLINE_TEST_PG`. `None` only when
/// `STORYLINE_SKIP_PG=1`; panics with instructions when neither is set.
pub fn test_server() -> Option<String> {
    match std::env::var("STORYLINE_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var("STORYLINE_SKIP_PG").as_deref() == Ok("1") => {
            eprintln!("STORYLINE_SKIP_PG=1: skipping a PostgreSQL test");
            None
        }
        _ => panic!(
            "this test needs PostgreSQL: start one with `scripts/pg.sh start` and set \
             STORYLINE_TEST_PG to the URL it prints (or set STORYLINE_SKIP_PG=1 to skip \
             the PostgreSQL tests knowingly)"
        ),
    }
}

/// Creates a new empty database on the server of `server_url`, named from
/// `tag` plus the process id and a counter, dropping any left over with that
/// name, and returns its URL.
pub fn scratch_database(server_url: &str, tag: &str) -> Result<String, StoreError> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let clean: String = tag
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let name = format!(
        "t_{clean}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = super::connect(server_url)?;
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
    Ok(with_database(server_url, &name))
}

/// `url` with its database name replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    // postgres://user@host:port/dbname: the database is after the third '/'.
    let prefix = match base.match_indices('/').nth(2) {
        Some((i, _)) => &base[..i],
        None => base,
    };
    match query {
        Some(q) => format!("{prefix}/{db}?{q}"),
        None => format!("{prefix}/{db}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced_and_options_kept() {
        assert_eq!(
            with_database("postgres://u@127.0.0.1:5432/storyline", "t_1"),
            "postgres://u@127.0.0.1:5432/t_1"
        );
        assert_eq!(
            with_database("postgres://u@h:1/db?sslmode=disable", "x"),
            "postgres://u@h:1/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h:1", "x"), "postgres://u@h:1/x");
    }
}
