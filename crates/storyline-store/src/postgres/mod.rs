//! The PostgreSQL backend (cargo feature `postgres`): the same [`crate::Store`]
//! contract as SQLite, for teams whose corpus outgrows one machine, plus the
//! work queue that lets many ingest workers share one database.

use crate::StoreError;

/// Opens one connection to the server named by `url`
/// (`postgres://user@host:port/db`).
pub fn connect(url: &str) -> Result<::postgres::Client, StoreError> {
    Ok(::postgres::Client::connect(url, ::postgres::NoTls)?)
}

pub mod jobs;
pub mod testing;
