//! The embedded system of record: SQLite through rusqlite (bundled), in WAL
//! mode, with versioned schema migrations tracked in `PRAGMA user_version`.

mod annotations;
mod articles;
mod events;
mod syndication;

use crate::backend::Migration::{self, Native, Portable};
use crate::backend::{check_current, check_not_newer};
use crate::StoreError;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// The write-ahead log beside a database file (`storyline.sqlite-wal`).
fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// A file path as the path of an SQLite `file:` URI: bytes other than
/// letters, digits, `/` and `-._~` percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Schema migrations, applied in order; the database's `user_version` is the
/// number applied. Never change the SQL a released migration runs: add a new
/// file and append it here (a portable one to PostgreSQL's list too).
const MIGRATIONS: &[Migration] = &[
    Portable(include_str!("../../migrations/0001_articles.sql")),
    Native(include_str!("../../migrations/0002_syndication.sql")),
    Portable(include_str!("../../migrations/0003_annotations.sql")),
    Native(include_str!("../../migrations/0004_events.sql")),
    Native(include_str!("../../migrations/0005_sitelines.sql")),
    Portable(include_str!("../../migrations/0006_language_codes.sql")),
    Native(include_str!("../../migrations/0007_name_lookup.sql")),
    Native(include_str!("../../migrations/0008_entity_events.sql")),
    Native(include_str!("../../migrations/0009_entities_state.sql")),
    Portable(include_str!("../../migrations/0010_watches.sql")),
    Portable(include_str!("../../migrations/0011_watch_webhooks.sql")),
    Portable(include_str!("../../migrations/0012_feed_stubs.sql")),
    Native(include_str!("../../migrations/0013_signal_changes.sql")),
];

/// The SQLite-backed [`Store`].
pub struct SqliteStore {
    conn: Connection,
    /// For a read-only connection opened `immutable` (no writer had the
    /// database open): what tells that a writer has been at work since.
    snapshot_of: Option<Snapshot>,
}

/// The state of a database file an `immutable` connection reads. A writer
/// since then shows by its write-ahead log, or, once it has closed (and
/// moved the log into the file), by the file's size or modification time.
struct Snapshot {
    db: std::path::PathBuf,
    wal: std::path::PathBuf,
    stamp: Option<(u64, std::time::SystemTime)>,
}

impl Snapshot {
    fn stamp(db: &Path) -> Option<(u64, std::time::SystemTime)> {
        let m = std::fs::metadata(db).ok()?;
        Some((m.len(), m.modified().ok()?))
    }

    fn is_stale(&self) -> bool {
        self.wal.exists() || Self::stamp(&self.db) != self.stamp
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and migrates it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    /// Opens an existing database for reading only: no migration, no write,
    /// no lock beyond SQLite's shared read locks. In WAL mode it reads the
    /// latest committed state while another process writes.
    ///
    /// Nothing in the directory is created or changed. While a writer has
    /// the database open (its write-ahead log `-wal` exists) the connection
    /// is `mode=ro` and reads through that log. Otherwise it opens the file
    /// `immutable`: SQLite in `mode=ro` would create the `-wal` and `-shm`
    /// files (and fail in a read-only folder). Such a connection reads the
    /// file as it is; [`ArticleStore::misses_writes`] tells when a writer has
    /// started since, and a long-lived reader (the server) then opens a new
    /// connection.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let wal = wal_path(path);
        let immutable = !wal.exists();
        let stamp = Snapshot::stamp(path);
        let uri = format!(
            "file:{}?{}",
            uri_path(path),
            if immutable { "immutable=1" } else { "mode=ro" }
        );
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        check_current(version, MIGRATIONS.len() as i64)?;
        Ok(SqliteStore {
            conn,
            snapshot_of: immutable.then(|| Snapshot {
                db: path.to_path_buf(),
                wal,
                stamp,
            }),
        })
    }

    /// An in-memory database, for tests.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn,
            snapshot_of: None,
        })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one transaction and commits what it did; an error
    /// leaves nothing (the transaction rolls back).
    pub(crate) fn in_transaction<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self.conn.transaction()?;
        let out = work(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

impl crate::sql::SqlStore for SqliteStore {
    fn with_sql<T>(
        &self,
        work: impl FnOnce(&mut dyn crate::sql::Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        work(&mut &self.conn)
    }

    fn with_sql_transaction<T>(
        &mut self,
        work: impl FnOnce(&mut dyn crate::sql::Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.in_transaction(|tx| {
            let mut conn: &Connection = tx;
            work(&mut conn)
        })
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    check_not_newer(version, MIGRATIONS.len() as i64)?;
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(&migration.sqlite_sql())?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ArticleQuery, ArticleStore};
    use rusqlite::params;

    #[test]
    fn migrations_set_the_version_and_refuse_newer_schemas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        assert!(matches!(
            SqliteStore::open(&path),
            Err(StoreError::SchemaTooNew { found: 99, .. })
        ));
    }

    #[test]
    fn stored_three_letter_language_codes_become_iso_639_1() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        // A database as the migrations before the language codes left it.
        {
            let mut conn = Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            for migration in &MIGRATIONS[..5] {
                tx.execute_batch(&migration.sqlite_sql()).unwrap();
            }
            tx.pragma_update(None, "user_version", 5).unwrap();
            for (id, lang) in [("a", Some("spa")), ("b", Some("cmn")), ("c", None)] {
                tx.execute(
                    "INSERT INTO articles (id, text, language, format, raw_sha256, word_count) \
                     VALUES (?1, 'x', ?2, 'text', '0', 1)",
                    params![id, lang],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        let spanish = store
            .list_articles(&ArticleQuery {
                lang: Some("es".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(spanish.len(), 1);
        assert_eq!(spanish[0].article.id.as_str(), "a");
        let all = store.list_articles(&ArticleQuery::default()).unwrap();
        let langs: Vec<Option<&str>> = all.iter().map(|a| a.article.language.as_deref()).collect();
        assert_eq!(langs, vec![Some("es"), Some("zh"), None]);
    }
}
