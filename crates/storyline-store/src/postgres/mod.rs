//! The PostgreSQL backend (cargo feature `postgres`): the same [`crate::Store`]
//! contract as SQLite, for teams whose corpus outgrows one machine and for
//! many ingest workers sharing one database.
//!
//! - Schema: versioned migrations in `migrations-postgres/` (the same tables
//!   and meanings as SQLite's, with PostgreSQL types) and the portable ones
//!   of `migrations/` both backends run, recorded in
//!   `storyline_migrations` and applied in one transaction under an advisory
//!   lock, so several processes opening the database at once migrate it once.
//! - Sequence numbers follow COMMIT order: `put_articles` takes a
//!   transaction-level advisory lock before it reads the counter, so a writer
//!   that commits later always gets higher numbers, and a reader catching up
//!   with [`crate::ArticleStore::articles_after`] never misses a row committed later
//!   with a lower number.
//! - `put_articles` is idempotent by article id (`ON CONFLICT DO NOTHING`): a
//!   batch processed twice stores nothing twice.
//! - One [`PgStore`] is one connection (the `postgres` crate's blocking
//!   client); open one per thread or worker.

mod annotations;
mod articles;
mod events;
mod syndication;

use crate::backend::Migration::{self, Native, Portable, PortableThen};
use crate::StoreError;
use postgres::{Client, NoTls};
use std::cell::RefCell;

/// Schema migrations, applied in order; `storyline_migrations` records the
/// numbers applied. Never change the SQL a released migration runs: add a
/// new file and append it here (a portable one to SQLite's list too).
#[rustfmt::skip]
pub(crate) const MIGRATIONS: &[Migration] = &[
    PortableThen(
        include_str!("../../migrations/0001_articles.sql"),
        include_str!("../../migrations-postgres/0001_articles.sql"),
    ),
    Native(include_str!("../../migrations-postgres/0002_syndication.sql")),
    PortableThen(
        include_str!("../../migrations/0003_annotations.sql"),
        include_str!("../../migrations-postgres/0003_annotations.sql"),
    ),
    Native(include_str!("../../migrations-postgres/0004_events.sql")),
    Native(include_str!("../../migrations-postgres/0005_sitelines.sql")),
    Portable(include_str!("../../migrations/0006_language_codes.sql")),
    Native(include_str!("../../migrations-postgres/0007_name_lookup.sql")),
    Native(include_str!("../../migrations-postgres/0008_entity_events.sql")),
    Native(include_str!("../../migrations-postgres/0009_entities_state.sql")),
    Portable(include_str!("../../migrations/0010_watches.sql")),
    Portable(include_str!("../../migrations/0011_watch_webhooks.sql")),
    Portable(include_str!("../../migrations/0012_feed_stubs.sql")),
    Native(include_str!("../../migrations-postgres/0013_signal_changes.sql")),
];

/// The schema version this build migrates to (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory-lock classes (the first key of `pg_advisory_xact_lock(int, int)`;
/// the second is a hash of the schema name, so stores in different schemas of
/// one database do not wait for each other).
pub mod locks {
    /// Held while migrating.
    pub const MIGRATE: i32 = 0x5354_0001;
    /// Held by `put_articles` from reading the sequence counter to COMMIT.
    pub const ARTICLE_SEQ: i32 = 0x5354_0002;
}

/// Opens one connection to the server named by `url`
/// (`postgres://user@host:port/db`).
pub fn connect(url: &str) -> Result<Client, StoreError> {
    Ok(Client::connect(url, NoTls)?)
}

/// The PostgreSQL-backed [`crate::Store`]: one connection, in one schema.
pub struct PgStore {
    // The Store trait reads through `&self`; the blocking client needs
    // `&mut` for every query. A RefCell keeps the store `Send` (one thread
    // at a time uses a connection).
    client: RefCell<Client>,
    url: String,
    schema: String,
    read_only: bool,
}

impl PgStore {
    /// Connects to `url`, in the schema the server's `search_path` names
    /// first (normally `public`), and migrates it.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let mut client = connect(url)?;
        let schema: Option<String> = client.query_one("SELECT current_schema()", &[])?.get(0);
        let schema = schema.unwrap_or_else(|| "public".into());
        Self::init(client, url, schema, false)
    }

    /// Connects to `url` and uses (creating if needed) the schema `schema`:
    /// several stores can live in one database (the tests give each test
    /// its own).
    pub fn open_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        Self::init(connect(url)?, url, schema.to_string(), false)
    }

    /// Connects to an existing, fully migrated store for reading only: no
    /// migration, and the session refuses writes.
    pub fn open_read_only(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let mut client = connect(url)?;
        let schema = match schema {
            Some(s) => s.to_string(),
            None => {
                let s: Option<String> = client.query_one("SELECT current_schema()", &[])?.get(0);
                s.unwrap_or_else(|| "public".into())
            }
        };
        Self::init(client, url, schema, true)
    }

    /// Points a new session at the schema (and makes it read-only if asked).
    fn set_up_session(
        client: &mut Client,
        schema: &str,
        read_only: bool,
    ) -> Result<(), StoreError> {
        client.batch_execute(&format!("SET search_path TO {}", quote_ident(schema)))?;
        if read_only {
            client.batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?;
        }
        Ok(())
    }

    fn init(
        mut client: Client,
        url: &str,
        schema: String,
        read_only: bool,
    ) -> Result<Self, StoreError> {
        Self::set_up_session(&mut client, &schema, false)?;
        let supported = SCHEMA_VERSION;
        if !read_only {
            run_migrations(&mut client, &schema)?;
        } else {
            let found = applied_version(&mut client)?;
            if found == 0 && supported > 0 {
                return Err(StoreError::Missing(format!("PostgreSQL schema {schema}")));
            }
            crate::backend::check_current(found, supported)?;
        }
        if read_only {
            Self::set_up_session(&mut client, &schema, true)?;
        }
        Ok(PgStore {
            client: RefCell::new(client),
            url: url.to_string(),
            schema,
            read_only,
        })
    }

    /// The connection, opened again first if it was lost (the server
    /// restarted, or the connection was killed): the call that met the lost
    /// connection failed, the next one works again once the server is back.
    pub fn conn(&self) -> Result<std::cell::RefMut<'_, Client>, StoreError> {
        let mut c = self.client.borrow_mut();
        if c.is_closed() {
            let mut fresh = connect(&self.url)?;
            Self::set_up_session(&mut fresh, &self.schema, self.read_only)?;
            *c = fresh;
        }
        Ok(c)
    }

    /// Runs `work` in one transaction on [`PgStore::conn`] and commits what
    /// it did; an error leaves nothing (the transaction rolls back).
    pub(crate) fn in_transaction<T>(
        &self,
        work: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let out = work(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The schema this store lives in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The connection, for work outside the Store trait (the job queue),
    /// without reconnecting (see [`PgStore::conn`]).
    pub fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }
}

impl crate::sql::SqlStore for PgStore {
    fn with_sql<T>(
        &self,
        work: impl FnOnce(&mut dyn crate::sql::Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        work(&mut *self.conn()?)
    }

    fn with_sql_transaction<T>(
        &mut self,
        work: impl FnOnce(&mut dyn crate::sql::Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.in_transaction(|tx| work(tx))
    }
}

/// A count or offset as a bigint parameter (clamped: `usize` may not fit).
fn bigint(n: usize) -> i64 {
    n.min(i64::MAX as usize) as i64
}

/// A byte span from two bigint columns, `start` and the one after it.
fn span_at(r: &postgres::Row, start: usize) -> Result<(usize, usize), postgres::Error> {
    Ok((
        r.try_get::<_, i64>(start)? as usize,
        r.try_get::<_, i64>(start + 1)? as usize,
    ))
}

/// `name` as a quoted SQL identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The highest migration applied (0 when none, or no table yet).
fn applied_version(client: &mut Client) -> Result<i64, StoreError> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('storyline_migrations') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM storyline_migrations",
            &[],
        )?
        .get(0))
}

/// Applies the missing migrations in one transaction, under an advisory lock
/// per schema: a second process opening at the same time waits, then finds
/// the schema current and applies nothing.
fn run_migrations(client: &mut Client, schema: &str) -> Result<(), StoreError> {
    let supported = SCHEMA_VERSION;
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&locks::MIGRATE, &schema],
    )?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {}; \
         CREATE TABLE IF NOT EXISTS storyline_migrations (\
             version bigint PRIMARY KEY, \
             applied_at timestamptz NOT NULL DEFAULT now())",
        quote_ident(schema)
    ))?;
    let found: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM storyline_migrations",
            &[],
        )?
        .get(0);
    crate::backend::check_not_newer(found, supported)?;
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(&migration.postgres_sql())?;
        tx.execute(
            "INSERT INTO storyline_migrations (version) VALUES ($1)",
            &[&((i + 1) as i64)],
        )?;
    }
    tx.commit()?;
    Ok(())
}

pub mod jobs;
pub mod testing;
